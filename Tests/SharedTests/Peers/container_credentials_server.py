"""A local stand-in for the ECS container credentials endpoint (169.254.170.2).

GET /creds answers the credentials JSON if the Authorization header equals the expected token
(when one is set). GET /stats answers {"fetches": N}. POST /rotate makes the next answer use
new keys. Expiration is now + EXPIRES_IN seconds.
"""
import datetime
import json
import sys
from http.server import BaseHTTPRequestHandler

from peer_common import serve

PORT_FILE, TOKEN, EXPIRES_IN = sys.argv[1], sys.argv[2], int(sys.argv[3])
state = {"fetches": 0, "generation": 1}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/stats":
            return self.reply(200, state)
        if self.path != "/creds":
            return self.reply(404, {"message": "not found"})
        if TOKEN != "-" and self.headers.get("Authorization") != TOKEN:
            return self.reply(401, {"message": "bad token"})
        state["fetches"] += 1
        gen = state["generation"]
        expiration = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=EXPIRES_IN)
        self.reply(200, {
            "AccessKeyId": f"ASIACONTAINER{gen:07d}",
            "SecretAccessKey": f"containerSecret{gen}/abcdefghijklmnopqrstuvwxyz",
            "Token": f"containerSessionToken{gen}",
            "Expiration": expiration.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "RoleArn": "arn:aws:iam::123456789012:role/task",
        })

    def do_POST(self):
        if self.path == "/rotate":
            state["generation"] += 1
            return self.reply(200, state)
        self.reply(404, {"message": "not found"})


serve(Handler, PORT_FILE)
