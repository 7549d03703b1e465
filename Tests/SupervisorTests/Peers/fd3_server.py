"""A tiny HTTP/1.1 server that serves on an inherited socket (sd_listen_fds: fd 3), for the
supervisor's --socket tests. Answers every request with its own pid; checks LISTEN_PID."""
import os
import socket
import sys

if os.environ.get("LISTEN_PID") != str(os.getpid()) or os.environ.get("LISTEN_FDS") != "1":
    sys.exit(f"fd3_server: LISTEN_PID={os.environ.get('LISTEN_PID')} LISTEN_FDS={os.environ.get('LISTEN_FDS')}, pid {os.getpid()}")
listener = socket.socket(fileno=3)
print(f"serving {os.environ.get('LISTEN_FDNAMES')} on {listener.getsockname()[1]}", flush=True)
while True:
    connection, _ = listener.accept()
    connection.recv(65536)
    body = f"{os.getpid()}\n".encode()
    connection.sendall(b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
    connection.close()
