"""A delaying HTTP proxy in front of moto: GetItem requests wait DELAY seconds before being
forwarded, so a test can have a slow /hello in flight. Usage:
    delay_proxy.py PORTFILE UPSTREAM_URL DELAY_SECONDS
It binds 127.0.0.1 on a free port, writes the port to PORTFILE, and exits when stdin closes."""
import http.client
import http.server
import os
import sys
import threading
import time
import urllib.parse

port_file, upstream, delay = sys.argv[1], sys.argv[2], float(sys.argv[3])
target = urllib.parse.urlsplit(upstream)


class Proxy(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        if self.headers.get("X-Amz-Target", "").endswith(".GetItem"):
            time.sleep(delay)
        connection = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
        headers = {name: value for name, value in self.headers.items() if name.lower() != "connection"}
        connection.request("POST", self.path, body=body, headers=headers)
        answer = connection.getresponse()
        data = answer.read()
        self.send_response(answer.status)
        for name, value in answer.getheaders():
            if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        connection.close()

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
with open(port_file + ".tmp", "w") as handle:
    handle.write(str(server.server_address[1]))
os.rename(port_file + ".tmp", port_file)


def watch_stdin():
    sys.stdin.read()
    os._exit(0)


threading.Thread(target=watch_stdin, daemon=True).start()
server.serve_forever()
