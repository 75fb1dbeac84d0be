"""Stand-ins for Buttondown's and Mailchimp's APIs on 127.0.0.1 that record every request.

They answer as each service's documentation says (status codes, bodies, auth),
including its errors; ``fail`` makes the next matching request fail on purpose.
"""

from __future__ import annotations

import base64
import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Recorded:
    method: str
    path: str  # with the query
    headers: dict
    raw: bytes

    @property
    def json(self) -> dict:
        return json.loads(self.raw or b"{}")


@dataclass
class Failure:
    status: int
    body: dict
    headers: dict = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering: longer than the client waits = a timeout


class FakeService:
    """Base: a threaded server; subclasses answer in ``answer(request)``."""

    def __init__(self, key: str):
        self.key = key
        self.requests: list[Recorded] = []
        self.failures: dict[tuple[str, str], Failure] = {}  # (method, path prefix) -> failure
        service = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def handle_one(self):
                length = int(self.headers.get("Content-Length") or 0)
                request = Recorded(
                    self.command, self.path, dict(self.headers.items()), self.rfile.read(length)
                )
                service.requests.append(request)
                status, body, headers = service.respond(request)
                data = b"" if body is None else json.dumps(body).encode("utf-8")
                try:
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    if data:
                        self.send_header("Content-Type", service.content_type(status))
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting: that was the point

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = handle_one  # noqa: N815

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def fail(self, method: str, path: str, failure: Failure) -> None:
        self.failures[(method, path)] = failure

    def content_type(self, status: int) -> str:
        return "application/json"

    def respond(self, request: Recorded):
        for (method, prefix), failure in self.failures.items():
            if request.method == method and request.path.startswith(prefix):
                time.sleep(failure.delay)
                return failure.status, failure.body, failure.headers
        return self.answer(request)

    def answer(self, request: Recorded):
        raise NotImplementedError


class FakeButtondown(FakeService):
    """POST /v1/emails as https://docs.buttondown.com/api-emails-create documents it."""

    def answer(self, request: Recorded):
        if request.headers.get("Authorization") != f"Token {self.key}":
            return 401, {"detail": "Invalid token."}, {}
        if request.method != "POST" or request.path != "/v1/emails":
            return 404, {"detail": "Not found."}, {}
        payload = request.json
        if not payload.get("subject"):
            return 400, {"code": "subject_invalid", "detail": "Subject is required."}, {}
        status = payload.get("status", "about_to_send")  # the documented default
        if (
            status == "about_to_send"
            and request.headers.get("X-Buttondown-Live-Dangerously") != "true"
        ):
            return 400, {"code": "sending_requires_confirmation", "detail": "Confirm."}, {}
        email = {
            "id": str(uuid.uuid4()),
            "subject": payload["subject"],
            "body": payload.get("body", ""),
            "status": status,
            "absolute_url": "https://buttondown.com/example/archive/x/",
        }
        return 201, email, {}


class FakeMailchimp(FakeService):
    """Campaigns, content and actions/send as Mailchimp's Marketing API documents them."""

    def __init__(self, key: str):
        super().__init__(key)
        self.campaigns: dict[str, dict] = {}

    def content_type(self, status: int) -> str:
        return "application/json" if status < 400 else "application/problem+json"

    @staticmethod
    def problem(status: int, title: str, detail: str) -> tuple[int, dict, dict]:
        body = {
            "type": "https://mailchimp.com/developer/marketing/docs/errors/",
            "title": title,
            "status": status,
            "detail": detail,
            "instance": str(uuid.uuid4()),
        }
        return status, body, {}

    def answer(self, request: Recorded):
        auth = request.headers.get("Authorization", "")
        user_password = base64.b64decode(auth.removeprefix("Basic ")).decode() if auth else ""
        if not auth.startswith("Basic ") or user_password.split(":", 1)[-1] != self.key:
            return self.problem(401, "API Key Invalid", "Your API key may be invalid.")
        parts = request.path.strip("/").split("/")  # 3.0/campaigns/{id}/...
        if request.method == "POST" and parts == ["3.0", "campaigns"]:
            campaign_id = uuid.uuid4().hex[:10]
            self.campaigns[campaign_id] = {"id": campaign_id, "web_id": 4242, "status": "save"}
            return 200, {**self.campaigns[campaign_id], **request.json}, {}
        if len(parts) >= 3 and parts[:2] == ["3.0", "campaigns"]:
            campaign = self.campaigns.get(parts[2])
            if campaign is None:
                return self.problem(404, "Resource Not Found", "The campaign is not there.")
            if request.method == "PUT" and parts[3:] == ["content"]:
                campaign["html"] = request.json.get("html", "")
                return 200, {"html": campaign["html"]}, {}
            if request.method == "POST" and parts[3:] == ["actions", "send"]:
                campaign["status"] = "sending"
                return 204, None, {}
            if request.method == "DELETE" and parts[3:] == []:
                del self.campaigns[parts[2]]
                return 204, None, {}
        return self.problem(404, "Resource Not Found", "No such resource.")
