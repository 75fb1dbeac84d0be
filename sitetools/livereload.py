"""`invoke livereload`: rebuild on every save and reload the browser (development only).

Files are watched with watchfiles (which Pelican already installs). The reload script is
never part of the site: this server adds one first-party ``<script>`` to each HTML page as
it serves it, so no build, and above all no production output, ever holds it. The script
listens for server-sent events and reloads when a new build is ready, or shows the
build's problems on the page when the save broke the contract.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
import uuid
from collections.abc import Iterable
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import watchfiles

from . import ToolError
from .livesite import LiveSite

logger = logging.getLogger(__name__)

SCRIPT_PATH = "/__livereload.js"
EVENTS_PATH = "/__livereload/events"
TAG = f'<script src="{SCRIPT_PATH}" defer></script>'.encode()
# Sent now and then on an idle stream, so a closed tab frees its thread.
KEEPALIVE_SECONDS = 15

# The first-party reload script, served at SCRIPT_PATH; it knows EVENTS_PATH.
SCRIPT = (Path(__file__).parent / "livereload.js").read_bytes()


def inject(html: bytes) -> bytes:
    """The page with the reload script added just before ``</body>`` (or at the end)."""
    at = html.lower().rfind(b"</body>")
    if at == -1:
        return html + TAG
    return html[:at] + TAG + b"\n" + html[at:]


class State:
    """The latest build, as the browsers see it: a token that changes with every build,
    and which output files each build rewrote, so a page reloads only when it changed."""

    HISTORY = 100  # builds remembered; a page further behind reloads whatever changed

    def __init__(self):
        self._changed = threading.Condition()
        self._session = uuid.uuid4().hex[:8]  # a restarted server makes open pages reload
        self._count = 0
        self._rewritten: dict[int, tuple[str, ...] | None] = {}
        self.problem: str | None = None

    @property
    def token(self) -> str:
        return f"{self._session}-{self._count}"

    def built(self, problem: str | None = None, rewritten: Iterable[str] | None = None) -> None:
        """A build has finished: with these problems, or having rewritten these output
        files (relative paths; None when any file may have changed)."""
        if problem:
            rewritten = ()  # a failed build leaves the output as it was
        with self._changed:
            self._count += 1
            self.problem = problem
            self._rewritten[self._count] = None if rewritten is None else tuple(rewritten)
            self._rewritten.pop(self._count - self.HISTORY, None)
            self._changed.notify_all()

    def wait(self, seen: str | None, timeout: float) -> tuple[str, str | None]:
        """The token and problem once they differ from ``seen``, or as they are after timeout."""
        with self._changed:
            self._changed.wait_for(lambda: self.token != seen, timeout=timeout)
            return self.token, self.problem

    def rewritten_since(self, seen: str | None) -> list[str] | None:
        """Every output file rewritten by the builds after ``seen``; None when unknown."""
        with self._changed:
            session, _, count = (seen or "").partition("-")
            if session != self._session or not count.isdigit():
                return None
            since = range(int(count) + 1, self._count + 1)
            if any(self._rewritten.get(build, None) is None for build in since):
                return None
            return sorted({path for build in since for path in self._rewritten[build]})


class Handler(SimpleHTTPRequestHandler):
    """Serves the output folder, with the reload script on every HTML page."""

    def __init__(self, *args, state: State, **kwargs):
        self.state = state
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        path = unquote(urlsplit(self.path).path)
        if path == SCRIPT_PATH:
            return self._send(SCRIPT, "text/javascript; charset=utf-8")
        if path == EVENTS_PATH:
            return self._stream()
        file = self.translate_path(self.path)
        if os.path.isdir(file) and path.endswith("/"):
            file = os.path.join(file, "index.html")
        if file.endswith(".html") and os.path.isfile(file):
            with open(file, "rb") as handle:
                return self._send(inject(handle.read()), "text/html; charset=utf-8")
        missing = os.path.join(self.directory, "404.html")
        if not os.path.exists(file) and os.path.isfile(missing):
            # As a host answers: the site's own 404 page, which reloads like any other.
            with open(missing, "rb") as handle:
                return self._send(inject(handle.read()), "text/html; charset=utf-8", 404)
        return super().do_GET()

    def end_headers(self) -> None:
        # Always the newest build: nothing here may be cached.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def _send(self, body: bytes, content_type: str, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _stream(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        # A restarted server is back within a second: reconnect soon (browsers wait 3 s).
        self.wfile.write(b"retry: 500\n\n")
        # A reconnecting browser says the last build it saw (each event's id).
        seen = self.headers.get("Last-Event-ID") or None
        try:
            while True:
                token, problem = self.state.wait(seen, KEEPALIVE_SECONDS)
                if token == seen:
                    self.wfile.write(b": still here\n\n")
                else:
                    # A page just opened is current: nothing changed for it yet.
                    rewritten = self.state.rewritten_since(seen) if seen else []
                    data = json.dumps({"build": token, "problem": problem, "changed": rewritten})
                    self.wfile.write(f"id: {token}\ndata: {data}\n\n".encode())
                    seen = token
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (http.server's name)
        logger.debug("%s " + format, self.address_string(), *args)


class Server(ThreadingHTTPServer):
    # An open event stream must not keep the process alive after Ctrl-C.
    daemon_threads = True


def server(folder: str, host: str, port: int, state: State) -> ThreadingHTTPServer:
    """A server for ``folder`` on host:port (port 0 picks a free one); not yet serving."""
    handler = partial(Handler, directory=folder, state=state)
    try:
        return Server((host, port), handler)
    except OSError as error:
        raise ToolError(f"Cannot serve on {host}:{port} ({error.strerror}); try --port.") from None


def changed_paths(changes: Iterable[tuple[object, str]], root: str) -> str:
    names = sorted({os.path.relpath(path, root) for _, path in changes})
    return ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")


def watch_filter(ignore: Iterable[str] = ()) -> watchfiles.DefaultFilter:
    """Editors' swap and backup files never count (watchfiles' defaults), nor ``ignore``."""
    return watchfiles.DefaultFilter(ignore_paths=[os.path.abspath(p) for p in ignore])


# Saves of these alone reload only the pages a build rewrote; any other file (a template, a
# stylesheet, an image, the settings) can change any page, so every open page reloads.
CONTENT_TEXT = (".md", ".markdown")


def watch(
    paths: list[str],
    site: LiveSite,
    state: State,
    stop: threading.Event,
    ignore: list[str] = (),
    root: str = ".",
    restart_on: list[str] = (),
) -> str | None:
    """Rebuild whenever a watched file changes, until ``stop`` is set.

    A saved post's page is previewed first (see livesite.py) and announced at once; then
    the full build runs and announces what it rewrote. Files in ``ignore`` (the address
    ledger, which the build itself writes) never trigger a build. A change inside
    ``restart_on`` (the plugins, whose code a running process cannot reload) ends the
    watch: it returns what changed, for the caller to start a new process.
    """
    changes_that_count = watch_filter(ignore)
    for changes in watchfiles.watch(*paths, watch_filter=changes_that_count, stop_event=stop):
        saved = sorted({path for _, path in changes})
        what = changed_paths(changes, root)
        if any(_inside(path, folder) for path in saved for folder in restart_on):
            logger.info("%s changed: restarting to load the new code", what)
            return what
        started = time.perf_counter()
        previewed = site.preview(saved)
        if previewed:
            state.built(None, previewed.changed)
            seconds = time.perf_counter() - started
            logger.info("%s changed: its page rewritten in %.2f s", what, seconds)
        outcome = site.build()
        seconds = time.perf_counter() - started
        if outcome.problem:
            logger.warning("%s changed: the build failed (%.2f s); see the page", what, seconds)
        else:
            logger.info(
                "%s changed: rebuilt in %.2f s, %d files rewritten",
                what,
                seconds,
                len(outcome.changed or ()),
            )
        only_posts = all(path.endswith(CONTENT_TEXT) or _temporary(path) for path in saved)
        state.built(outcome.problem, outcome.changed if only_posts else None)
    return None


def _temporary(path: str) -> bool:
    """A file an editor (or sed -i) wrote and renamed over the one saved: gone already,
    and named with no extension."""
    return not os.path.exists(path) and not os.path.splitext(path)[1]


def _inside(path: str, folder: str) -> bool:
    return os.path.abspath(path).startswith(os.path.join(os.path.abspath(folder), ""))


# -- the task: build, serve, watch -----------------------------------------------------


def restart() -> None:
    """Start this task again in a fresh process (new plugin code cannot be reloaded)."""
    import sys

    os.execv(sys.executable, [sys.executable, *sys.argv])


def quiet_logging() -> None:
    """Say what this loop does and the build's one-line summary, as `build` does; not
    Pelican's line for every file it writes (INFO), which buries the problems."""
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    logging.getLogger(__name__.rsplit(".", 1)[0]).setLevel(logging.INFO)  # sitetools.*


def serve_live(root: str, config: dict, port: int, overrides: dict | None = None,
               banner: str = "") -> bool:  # fmt: skip
    """livereload's loop: build, serve, rebuild on every save, until Ctrl-C (False) or a
    change to the plugins' code (True: the caller restarts). ``config`` is tasks.CONFIG
    (settings file, content, output and cache folders, host); ``overrides`` win over the
    settings file."""
    from . import reader_cache as cache

    quiet_logging()
    settings, content = config["settings_base"], config["content"]
    output, host = config["livereload"], config["host"]
    # The site stays in this process between saves (sitetools/livesite.py); the output
    # folder is kept between runs too: the first build rewrites only what changed since.
    site = LiveSite(
        settings,
        content,
        output,
        extra=lambda: {**cache.settings(root, config["cache"], "livereload"), **(overrides or {})},
    )
    state = State()
    outcome = site.build()
    state.built(outcome.problem)
    http = server(output, host, port, state)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    print(f"Serving http://{host}:{port}/ ; rebuilding on every save. Ctrl-C stops.", flush=True)
    if banner:
        print(banner, flush=True)
    plugins = os.path.join(root, "plugins")
    # site.toml changes the cache key (sitetools/reader_cache.py): LiveSite reads settings again.
    watched = [content, os.path.join(root, "theme"), plugins, settings,
               os.path.join(root, "site.toml")]  # fmt: skip
    ledger = os.path.join(content, "published.json")
    try:
        stop = threading.Event()
        code_changed = watch(watched, site, state, stop, ignore=[ledger], root=root,
                             restart_on=[plugins])  # fmt: skip
    except KeyboardInterrupt:
        code_changed = None
    http.shutdown()
    http.server_close()
    return bool(code_changed)
