"""fd3_server.py with a graceful stop, as a real web server does it: SIGTERM lets the request in
hand finish and then exits, leaving the connections still queued on the shared socket to the
next run. For the tests that count failed requests through rolling restarts (--socket --watch)."""
import os
import signal
import socket

stopping = False


def stop(*_):
    global stopping
    stopping = True


signal.signal(signal.SIGTERM, stop)
listener = socket.socket(fileno=3)
listener.settimeout(0.05)
print(f"serving {os.environ.get('LISTEN_FDNAMES')} on {listener.getsockname()[1]}", flush=True)
while not stopping:
    try:
        connection, _ = listener.accept()
    except socket.timeout:
        continue
    connection.settimeout(5)
    connection.recv(65536)
    body = f"{os.getpid()}\n".encode()
    connection.sendall(b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
    connection.close()
