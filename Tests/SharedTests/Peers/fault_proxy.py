"""A fault-injecting HTTP proxy in front of an upstream (moto).

Each request takes the next fault from the plan, then the plan's default ("pass"):
  pass        forward to the upstream
  throttle    400 ProvisionedThroughputExceededException, not forwarded
  error500    500 InternalServerError, not forwarded
  error503    503 ServiceUnavailable, not forwarded
  drop        close the connection without answering, not forwarded
  delay:S     sleep S seconds, then forward
  validation  400 ValidationException (not retryable), not forwarded
  unprocess:N forward a BatchWriteItem without its last N writes, and answer those N as
              UnprocessedItems
Admin: POST /__plan (JSON list of faults) resets the plan and counters; GET /__stats.
"""
import http.client
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler

from peer_common import serve

PORT_FILE, UPSTREAM_PORT = sys.argv[1], int(sys.argv[2])
lock = threading.Lock()
state = {"plan": [], "requests": 0, "forwarded": 0, "faults": []}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body, headers=None):
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def aws_error(self, status, code, message):
        body = json.dumps({"__type": f"com.amazonaws.dynamodb.v20120810#{code}", "message": message}).encode()
        self.reply(status, body, {"Content-Type": "application/x-amz-json-1.0", "x-amzn-RequestId": "fault-proxy"})

    def do_GET(self):
        if self.path == "/__stats":
            with lock:
                return self.reply(200, json.dumps(state).encode(), {"Content-Type": "application/json"})
        self.forward(b"")

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if self.path == "/__plan":
            with lock:
                state.update(plan=json.loads(body), requests=0, forwarded=0, faults=[])
            return self.reply(200, b"{}", {"Content-Type": "application/json"})
        self.forward(body)

    def forward(self, body):
        with lock:
            state["requests"] += 1
            fault = state["plan"].pop(0) if state["plan"] else "pass"
            state["faults"].append(fault)
        if fault == "throttle":
            return self.aws_error(400, "ProvisionedThroughputExceededException", "injected throttling")
        if fault == "validation":
            return self.aws_error(400, "ValidationException", "injected validation error")
        if fault == "error500":
            return self.aws_error(500, "InternalServerError", "injected 500")
        if fault == "error503":
            return self.reply(503, b"Service Unavailable", {"Content-Type": "text/plain"})
        if fault == "drop":
            self.close_connection = True
            try:
                self.connection.shutdown(2)
            except OSError:
                pass
            return
        unprocessed = None
        if fault.startswith("unprocess:"):
            count = int(fault.split(":", 1)[1])
            request = json.loads(body)
            table, writes = next(iter(request["RequestItems"].items()))
            kept, unprocessed = writes[:-count], {table: writes[-count:]}
            request["RequestItems"] = {table: kept}
            body = json.dumps(request).encode()
        if fault.startswith("delay:"):
            time.sleep(float(fault.split(":", 1)[1]))
        upstream = http.client.HTTPConnection("127.0.0.1", UPSTREAM_PORT, timeout=30)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("connection", "content-length")}
        headers["Content-Length"] = str(len(body))
        upstream.request(self.command, self.path, body=body, headers=headers)
        response = upstream.getresponse()
        data = response.read()
        if unprocessed is not None and response.status == 200:
            answer = json.loads(data)
            answer["UnprocessedItems"] = unprocessed
            data = json.dumps(answer).encode()
        with lock:
            state["forwarded"] += 1
        try:
            self.reply(response.status, data, {k: v for k, v in response.getheaders()
                                               if k.lower() not in ("content-length", "connection", "transfer-encoding")})
        except (BrokenPipeError, ConnectionResetError):
            pass
        upstream.close()


serve(Handler, PORT_FILE)
