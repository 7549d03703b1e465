"""Shared helpers of the test peers: bind 127.0.0.1 on a free port, report it, serve until stdin closes."""
import os
import sys
import threading
from http.server import ThreadingHTTPServer


def serve(handler_class, port_file):
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_class)
    server.daemon_threads = True
    tmp = port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(tmp, port_file)
    # The parent test holds our stdin; when it closes (or the parent dies) we stop.
    def watch_stdin():
        try:
            sys.stdin.read()
        finally:
            server.shutdown()
    threading.Thread(target=watch_stdin, daemon=True).start()
    server.serve_forever()
