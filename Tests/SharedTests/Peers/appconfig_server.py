"""A local AppConfig Data API and AppConfig Agent, following the documented contract.

Data API:
  POST /configurationsessions  {ApplicationIdentifier, EnvironmentIdentifier,
       ConfigurationProfileIdentifier, RequiredMinimumPollIntervalInSeconds}
       -> 201 {"InitialConfigurationToken": t}
  GET /configuration?configuration_token=t
       -> 200, body = the document when it changed since this session last saw it, else empty;
          headers Next-Poll-Configuration-Token, Next-Poll-Interval-In-Seconds, Content-Type,
          Version-Label. Each token works once: reuse -> 400 BadRequestException.
Agent:
  GET /applications/A/environments/E/configurations/P (Authorization: Bearer T when set)
Admin (tests only):
  PUT /admin/document (body = new document; bumps the version)
  PUT /admin/fail (body = {"status": 403, "code": "AccessDeniedException", "message": "..."}:
       every Data API request is answered with that error from now on; empty body: no longer)
  PUT /admin/hold, PUT /admin/release: hold every Data API request from now on until released
  GET /admin/stats (start_calls and get_calls count every Data API request, answered or not;
       sessions and polls the ones that succeeded; held the ones waiting now)
"""
import json
import secrets
import sys
import threading
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlparse

from peer_common import serve

PORT_FILE, APP, ENV, PROFILE, AGENT_TOKEN, POLL_SECONDS = sys.argv[1:7]
lock = threading.Lock()
state = {"document": b'{"TableName": "formation-v1"}', "version": 1, "sessions": 0, "polls": 0,
         "reused_tokens": 0, "agent_gets": 0, "start_calls": 0, "get_calls": 0, "held": 0}
failure = {"error": None}  # (status, code, message) answered to every Data API request when set
released = threading.Event()
released.set()
tokens = {}  # token -> {"seen_version": int or None, "used": bool}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body=b"", headers=None, content_type="application/json"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def error(self, status, code, message):
        self.reply(status, json.dumps({"Message": message}).encode(), {"x-amzn-ErrorType": code})

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def data_api_call(self, counter):
        """Counts a Data API request, waits while held; True when it was answered with the set failure."""
        with lock:
            state[counter] += 1
            state["held"] += 1
        released.wait()
        with lock:
            state["held"] -= 1
            error = failure["error"]
        if error is not None:
            self.error(*error)
            return True
        return False

    def do_POST(self):
        if self.path != "/configurationsessions":
            return self.error(404, "ResourceNotFoundException", "no such path")
        body = self.body()
        if self.data_api_call("start_calls"):
            return
        if "Authorization" not in self.headers:
            return self.error(403, "AccessDeniedException", "unsigned")
        request = json.loads(body or b"{}")
        if (request.get("ApplicationIdentifier"), request.get("EnvironmentIdentifier"),
                request.get("ConfigurationProfileIdentifier")) != (APP, ENV, PROFILE):
            return self.error(404, "ResourceNotFoundException", "unknown application, environment or profile")
        interval = request.get("RequiredMinimumPollIntervalInSeconds", 60)
        if not (15 <= interval <= 86400):
            return self.error(400, "BadRequestException", "RequiredMinimumPollIntervalInSeconds out of range")
        with lock:
            state["sessions"] += 1
            token = secrets.token_hex(16)
            tokens[token] = {"seen_version": None, "used": False}
        self.reply(201, json.dumps({"InitialConfigurationToken": token}).encode())

    def do_GET(self):
        url = urlparse(self.path)
        if url.path == "/admin/stats":
            with lock:
                return self.reply(200, json.dumps({k: v for k, v in state.items() if k != "document"}).encode())
        if url.path == "/configuration":
            return self.get_configuration(parse_qs(url.query).get("configuration_token", [""])[0])
        if url.path == f"/applications/{APP}/environments/{ENV}/configurations/{PROFILE}":
            if AGENT_TOKEN != "-" and self.headers.get("Authorization") != f"Bearer {AGENT_TOKEN}":
                return self.error(401, "Unauthorized", "bad bearer token")
            with lock:
                state["agent_gets"] += 1
                return self.reply(200, state["document"], {"Configuration-Version": str(state["version"])})
        self.error(404, "ResourceNotFoundException", "no such path")

    def get_configuration(self, token):
        if self.data_api_call("get_calls"):
            return
        if "Authorization" not in self.headers:
            return self.error(403, "AccessDeniedException", "unsigned")
        with lock:
            entry = tokens.get(token)
            if entry is None:
                return self.error(400, "BadRequestException", "unknown token")
            if entry["used"]:
                state["reused_tokens"] += 1
                return self.error(400, "BadRequestException", "token already used")
            entry["used"] = True
            state["polls"] += 1
            changed = entry["seen_version"] != state["version"]
            following = secrets.token_hex(16)
            tokens[following] = {"seen_version": state["version"], "used": False}
            body = state["document"] if changed else b""
            self.reply(200, body, {
                "Next-Poll-Configuration-Token": following,
                "Next-Poll-Interval-In-Seconds": POLL_SECONDS,
                "Version-Label": f"v{state['version']}",
            })

    def do_PUT(self):
        if self.path == "/admin/fail":
            request = json.loads(self.body() or b"null")
            with lock:
                failure["error"] = None if request is None else (request["status"], request["code"], request["message"])
            return self.reply(200, b"{}")
        if self.path in ("/admin/hold", "/admin/release"):
            self.body()
            if self.path == "/admin/hold":
                released.clear()
            else:
                released.set()
            return self.reply(200, b"{}")
        if self.path != "/admin/document":
            return self.error(404, "ResourceNotFoundException", "no such path")
        document = self.body()
        with lock:
            state["document"] = document
            state["version"] += 1
        self.reply(200, b"{}")


serve(Handler, PORT_FILE)
