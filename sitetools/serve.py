"""`invoke serve`: output/ on this machine, answering a missing page with the site's 404.

Pelican's own server (``pelican --listen``) answers an address it has no file for with an
empty reply; a host answers with the site's ``404.html``, so this does too, with the
status 404. Everything else is Pelican's handler (``/about`` finds ``about.html`` or
``about/index.html``).
"""

from __future__ import annotations

import logging
import os
import sys
from functools import partial
from http.server import ThreadingHTTPServer

from pelican.server import ComplexHTTPRequestHandler

from . import ToolError

NOT_FOUND = "404.html"


class Handler(ComplexHTTPRequestHandler):
    def __init__(self, *args, directory: str, **kwargs):
        self.base_path = directory  # Pelican's handler reads it (its server sets it per class)
        super().__init__(*args, directory=directory, **kwargs)

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        path = self.path.split("?", 1)[0]
        if self.get_path_that_exists(path) is None:
            return self.not_found()
        return super().do_GET()

    def do_HEAD(self) -> None:  # noqa: N802
        path = self.path.split("?", 1)[0]
        if self.get_path_that_exists(path) is None:
            return self.not_found(body=False)
        return super().do_HEAD()

    def not_found(self, body: bool = True) -> None:
        sys.stderr.write(f"not found: {self.path}\n")  # one line; a broken link shows here
        page = os.path.join(self.base_path, NOT_FOUND)
        if not os.path.isfile(page):
            return self.send_error(404, "Not found (and the site has no 404.html)")
        with open(page, "rb") as file:
            data = file.read()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (http.server's name)
        pass  # Pelican's handler logs every request; a missing one is answered, not shouted


def server(folder: str, host: str, port: int) -> ThreadingHTTPServer:
    """A server for ``folder`` on host:port (port 0 picks a free one); not yet serving."""
    # Pelican's handler lists every file name it tried for a missing page; one line will do.
    logging.getLogger("pelican.server").setLevel(logging.ERROR)
    if not os.path.isdir(folder):
        raise ToolError(f"{folder} does not exist yet: build the site first (python3 dev.py build)")
    try:
        return ThreadingHTTPServer((host, port), partial(Handler, directory=folder))
    except OSError as error:
        raise ToolError(f"Cannot serve on {host}:{port} ({error.strerror}); try --port.") from None
