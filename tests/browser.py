"""Real headless Chromium (Debian's package) driven by Playwright, against a served build."""

from __future__ import annotations

import functools
import os
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from external import missing

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Flags for this sandboxed machine: no first-run work, no calls home.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def require_chromium() -> None:
    """Skip on a developer's machine without Chromium; in CI its absence is a failure."""
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM):
        return
    missing(f"Chromium not found at {CHROMIUM}: `bash .ci/run` installs Debian's chromium")


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class StaticServer:
    """Serves a folder on 127.0.0.1 with a port chosen before the site is built."""

    def __init__(self):
        self.root = None
        handler = functools.partial(QuietHandler, directory=None)
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def serve(self, root: Path) -> None:
        self.httpd.RequestHandlerClass = functools.partial(QuietHandler, directory=str(root))
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class PageWatch:
    """Records every request a page makes and every console error it logs."""

    def __init__(self, page, own_host: str):
        self.own_host = own_host
        self.requests: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def third_party(self) -> list[str]:
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc != self.own_host
        ]
