"""The fault proxy: an HTTP proxy in front of moto for the app's tests and benchmarks. GetItem
requests wait DELAY seconds before being forwarded (a slow /hello in flight), are held until
released, or are answered with DynamoDB's own throttling errors. Usage:
    delay_proxy.py PORTFILE UPSTREAM_URL DELAY_SECONDS
It binds 127.0.0.1 on a free port, writes the port to PORTFILE, and exits when stdin closes.
Control requests (never forwarded):
    POST /__proxy/hold       hold every GetItem from now on until released
    POST /__proxy/release    let the held GetItems (and later ones) through
    POST /__proxy/throttle?count=N&code=ThrottlingException: answer the next N GetItems with
                             that error (HTTP 400, DynamoDB's JSON); N = -1: every one
    GET  /__proxy/stats      {"getitems", "forwarded", "held", "throttled", "connections",
                             "getitem_connections" (connections that carried a GetItem)}"""
import http.client
import http.server
import json
import os
import sys
import threading
import time
import urllib.parse

port_file, upstream, delay = sys.argv[1], sys.argv[2], float(sys.argv[3])
target = urllib.parse.urlsplit(upstream)

MESSAGES = {
    "ThrottlingException": "Rate of requests exceeds the allowed throughput.",
    "ProvisionedThroughputExceededException": "The level of configured provisioned throughput for the table was exceeded. "
    "Consider increasing your provisioning level with the UpdateTable API.",
}

lock = threading.Condition()
state = {"holding": False, "throttle_count": 0, "throttle_code": "ThrottlingException"}
stats = {"getitems": 0, "forwarded": 0, "held": 0, "throttled": 0, "connections": 0, "getitem_connections": 0}


class Proxy(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        self.carried_get_item = False
        with lock:
            stats["connections"] += 1

    def do_GET(self):
        if self.path == "/__proxy/stats":
            with lock:
                self.answer(200, json.dumps(stats).encode(), "application/json")
        else:
            self.answer(404, b"not found\n", "text/plain")

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        if self.path.startswith("/__proxy/"):
            command = urllib.parse.urlsplit(self.path)
            return self.control(command.path[len("/__proxy/"):], urllib.parse.parse_qs(command.query))
        if self.headers.get("X-Amz-Target", "").endswith(".GetItem") and not self.get_item_may_pass():
            return
        self.forward(body)

    def get_item_may_pass(self):
        """Counts, throttles or holds a GetItem; False when it was answered here."""
        with lock:
            stats["getitems"] += 1
            if not self.carried_get_item:
                self.carried_get_item = True
                stats["getitem_connections"] += 1
            if state["throttle_count"] != 0:
                state["throttle_count"] -= 1 if state["throttle_count"] > 0 else 0
                stats["throttled"] += 1
                code = state["throttle_code"]
                error = {"__type": f"com.amazonaws.dynamodb.v20120810#{code}", "message": MESSAGES.get(code, code)}
                self.answer(400, json.dumps(error).encode(), "application/x-amz-json-1.0")
                return False
            if state["holding"]:
                stats["held"] += 1
                while state["holding"]:
                    lock.wait()
                stats["held"] -= 1
        time.sleep(delay)
        return True

    def control(self, command, query):
        with lock:
            if command == "hold":
                state["holding"] = True
            elif command == "release":
                state["holding"] = False
                lock.notify_all()
            elif command == "throttle":
                state["throttle_count"] = int(query.get("count", ["1"])[0])
                state["throttle_code"] = query.get("code", ["ThrottlingException"])[0]
            else:
                return self.answer(404, b"unknown command\n", "text/plain")
        self.answer(200, b"ok\n", "text/plain")

    def forward(self, body):
        connection = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
        headers = {name: value for name, value in self.headers.items() if name.lower() != "connection"}
        connection.request("POST", self.path, body=body, headers=headers)
        answer = connection.getresponse()
        data = answer.read()
        with lock:
            stats["forwarded"] += 1
        self.send_response(answer.status)
        for name, value in answer.getheaders():
            if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        connection.close()

    def answer(self, status, data, content_type):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        if status == 400:
            self.send_header("x-amzn-RequestId", "FAULTPROXY" + str(stats["getitems"]))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
server.daemon_threads = True
with open(port_file + ".tmp", "w") as handle:
    handle.write(str(server.server_address[1]))
os.rename(port_file + ".tmp", port_file)


def watch_stdin():
    sys.stdin.read()
    os._exit(0)


threading.Thread(target=watch_stdin, daemon=True).start()
server.serve_forever()
