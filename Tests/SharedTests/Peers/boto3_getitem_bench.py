"""GetItem round trips per second from boto3 against an endpoint (moto), for the benchmark.

  python3 boto3_getitem_bench.py ENDPOINT TABLE COUNT
The item {"pk": "bench", "sk": 1} must exist. Prints {"count", "seconds", "per_second"}.
"""
import json
import sys
import time

import boto3

endpoint, table, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
client = boto3.client("dynamodb", endpoint_url=endpoint, region_name="us-east-1",
                      aws_access_key_id="AKIDMOTOTESTING00001", aws_secret_access_key="motoSecretKeyForTests/abcdefghijklmnopqrst")
key = {"pk": {"S": "bench"}, "sk": {"N": "1"}}
client.get_item(TableName=table, Key=key)  # warm up the connection and the client
start = time.perf_counter()
for _ in range(count):
    assert "Item" in client.get_item(TableName=table, Key=key)
elapsed = time.perf_counter() - start
print(json.dumps({"count": count, "seconds": elapsed, "per_second": count / elapsed}))
