"""Signs requests with botocore's SigV4Auth, for cross-checking our signer and for the benchmark.

  python3 botocore_sign.py            reads a JSON list of requests on stdin, writes a JSON list
                                      of {"authorization", "headers"} on stdout.
  python3 botocore_sign.py --bench N  signs N DynamoDB-like requests, prints requests/second.
Each request: method, path (decoded), query [[name, value]] (decoded), headers [[name, value]],
body (base64), access_key, secret_key, token (or null), region, service, epoch (seconds).
"""
import base64
import datetime
import json
import sys
import time
from urllib.parse import quote

import botocore.auth as auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


class FixedDateTime(datetime.datetime):
    fixed = None

    @classmethod
    def utcnow(cls):
        return cls.fixed


class FixedDateTimeModule:
    pass


FixedDateTimeModule.datetime = FixedDateTime
FixedDateTimeModule.timezone = datetime.timezone


def sign(spec):
    FixedDateTime.fixed = datetime.datetime.fromtimestamp(spec["epoch"], datetime.timezone.utc).replace(tzinfo=None)
    url = "https://example.amazonaws.com" + quote(spec["path"], safe="/~")
    if spec["query"]:
        url += "?" + "&".join(f"{quote(k, safe='-_.~')}={quote(v, safe='-_.~')}" for k, v in spec["query"])
    request = AWSRequest(method=spec["method"], url=url, data=base64.b64decode(spec["body"]))
    for name, value in spec["headers"]:
        request.headers[name] = value
    credentials = Credentials(spec["access_key"], spec["secret_key"], spec.get("token"))
    auth.SigV4Auth(credentials, spec["service"], spec["region"]).add_auth(request)
    return {"authorization": request.headers["Authorization"],
            "headers": {k: v for k, v in request.headers.items() if k.lower().startswith("x-amz")}}


def bench(count):
    credentials = Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    body = b'{"TableName":"formation","Key":{"pk":{"S":"hello"},"sk":{"N":"1"}}}'
    signer = auth.SigV4Auth(credentials, "dynamodb", "us-east-1")
    start = time.perf_counter()
    for _ in range(count):
        request = AWSRequest(method="POST", url="https://dynamodb.us-east-1.amazonaws.com/", data=body,
                             headers={"Content-Type": "application/x-amz-json-1.0",
                                      "X-Amz-Target": "DynamoDB_20120810.GetItem"})
        signer.add_auth(request)
    elapsed = time.perf_counter() - start
    print(json.dumps({"count": count, "seconds": elapsed, "per_second": count / elapsed}))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--bench":
        bench(int(sys.argv[2]))
    else:
        auth.datetime = FixedDateTimeModule
        print(json.dumps([sign(spec) for spec in json.load(sys.stdin)]))
