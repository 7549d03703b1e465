"""Signs requests with botocore's SigV4Auth, for cross-checking our signer and for the benchmark.

  python botocore_sign.py            reads a JSON list of requests on stdin, writes a JSON list
                                     of {"authorization", "headers"} on stdout.
  python botocore_sign.py --bench N  signs N DynamoDB-like requests, prints requests/second.
Each request: method, path (decoded), query [[name, value]] (decoded), headers [[name, value]],
body (base64), access_key, secret_key, token (or null), region, service, epoch (seconds).

The signing time is fixed through the standard library alone: `datetime.datetime` is replaced
by a subclass whose now()/utcnow() answer the request's time, so no botocore name is patched
(botocore has read the clock through datetime.utcnow, and later through get_current_datetime,
which calls datetime.now). Every answer is checked: if a botocore version reads the time some
other way, the script exits 3 with one line naming that version instead of signing with the
wall clock.
"""
import base64
import datetime
import json
import sys
import time
from urllib.parse import quote

import botocore
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

REAL_DATETIME = datetime.datetime


class FixedClock(REAL_DATETIME):
    """datetime.datetime whose clock reads `fixed` (a naive UTC time)."""
    fixed = None

    @classmethod
    def utcnow(cls):
        return cls.fixed

    @classmethod
    def now(cls, tz=None):
        return cls.fixed if tz is None else cls.fixed.replace(tzinfo=datetime.timezone.utc).astimezone(tz)


def amz_date(epoch):
    return REAL_DATETIME.fromtimestamp(epoch, datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def sign(spec):
    FixedClock.fixed = REAL_DATETIME.fromtimestamp(spec["epoch"], datetime.timezone.utc).replace(tzinfo=None)
    url = "https://example.amazonaws.com" + quote(spec["path"], safe="/~")
    if spec["query"]:
        url += "?" + "&".join(f"{quote(k, safe='-_.~')}={quote(v, safe='-_.~')}" for k, v in spec["query"])
    request = AWSRequest(method=spec["method"], url=url, data=base64.b64decode(spec["body"]))
    for name, value in spec["headers"]:
        request.headers[name] = value
    credentials = Credentials(spec["access_key"], spec["secret_key"], spec.get("token"))
    datetime.datetime = FixedClock
    try:
        SigV4Auth(credentials, spec["service"], spec["region"]).add_auth(request)
    finally:
        datetime.datetime = REAL_DATETIME
    signed_at = request.headers.get("X-Amz-Date")
    if signed_at != amz_date(spec["epoch"]):
        print(f"botocore_sign.py: botocore {botocore.__version__} signed at {signed_at}, not at the fixed time "
              f"{amz_date(spec['epoch'])}: its clock cannot be fixed through datetime.datetime; pin a botocore "
              f"this script supports in requirements-peers.txt", file=sys.stderr)
        sys.exit(3)
    return {"authorization": request.headers["Authorization"],
            "headers": {k: v for k, v in request.headers.items() if k.lower().startswith("x-amz")}}


def bench(count):
    credentials = Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    body = b'{"TableName":"formation","Key":{"pk":{"S":"hello"},"sk":{"N":"1"}}}'
    signer = SigV4Auth(credentials, "dynamodb", "us-east-1")
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
        print(json.dumps([sign(spec) for spec in json.load(sys.stdin)]))
