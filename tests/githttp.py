"""A git remote over HTTP that wants a password, as GitHub does, to deploy to in tests.

`git http-backend` serves the repositories under a folder; the server in front of it
answers 401 to any request without the expected Basic credentials, and, while each
request is in progress, looks through every process's command line for the token.
"""

from __future__ import annotations

import base64
import os
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


def processes_showing(secret: bytes) -> list[str]:
    """The command lines (of every process now running) that hold ``secret``."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if secret in cmdline:
            found.append(cmdline.replace(b"\0", b" ").decode(errors="replace"))
    return found


class GitServer:
    def __init__(self, root: Path, username: str, password: str):
        self.root = root
        self.expected = "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()
        self.secret = password.encode()
        self.refused = 0  # requests without the right credentials
        self.served = 0
        self.seen_in_argv: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                server.handle(self)

            do_POST = do_GET  # noqa: N815  (http.server's name)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self) -> GitServer:
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def handle(self, request: BaseHTTPRequestHandler) -> None:
        self.seen_in_argv += processes_showing(self.secret)
        if request.headers.get("Authorization") != self.expected:
            self.refused += 1
            request.send_response(401)
            request.send_header("WWW-Authenticate", 'Basic realm="git"')
            request.send_header("Content-Length", "0")
            request.end_headers()
            return
        self.served += 1
        body = self.body(request)
        path, _, query = request.path.partition("?")
        env = {
            "PATH": os.environ["PATH"],
            "GIT_PROJECT_ROOT": str(self.root),
            "GIT_HTTP_EXPORT_ALL": "1",
            "REMOTE_USER": "deployer",  # lets http-backend accept pushes
            "REQUEST_METHOD": request.command,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "CONTENT_TYPE": request.headers.get("Content-Type", ""),
            "CONTENT_LENGTH": str(len(body)),
        }
        for name, value in request.headers.items():
            if name.lower() not in ("transfer-encoding", "content-length", "content-type"):
                env["HTTP_" + name.upper().replace("-", "_")] = value
        out = subprocess.run(
            ["git", "http-backend"], input=body, env=env, capture_output=True, check=True
        ).stdout
        head, _, content = out.partition(b"\r\n\r\n")
        if not content and b"\n\n" in out:
            head, _, content = out.partition(b"\n\n")
        headers = [line.split(b":", 1) for line in head.splitlines() if b":" in line]
        status = next((v.strip() for k, v in headers if k.lower() == b"status"), b"200 OK")
        request.send_response(int(status.split()[0]))
        for key, value in headers:
            if key.lower() != b"status":
                request.send_header(key.decode(), value.strip().decode())
        request.send_header("Content-Length", str(len(content)))
        request.end_headers()
        request.wfile.write(content)

    @staticmethod
    def body(request: BaseHTTPRequestHandler) -> bytes:
        if request.headers.get("Transfer-Encoding", "").lower() != "chunked":
            return request.rfile.read(int(request.headers.get("Content-Length") or 0))
        chunks = []
        while True:
            size = int(request.rfile.readline().split(b";")[0], 16)
            chunks.append(request.rfile.read(size))
            request.rfile.readline()
            if size == 0:
                return b"".join(chunks)
