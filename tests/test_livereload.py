"""`invoke livereload`: the served pages reload on a new build; built files never change."""

from __future__ import annotations

import http.client
import json
import threading

import pytest
import watchfiles
from projects import digest
from sites import ROOT, empty_site, rebuttal

from sitetools import livereload, publish


def test_the_script_goes_before_the_end_of_the_body():
    html = b"<html><body><p>x</p></BODY></html>"
    assert livereload.inject(html) == (
        b'<html><body><p>x</p><script src="/__livereload.js" defer></script>\n</BODY></html>'
    )
    assert livereload.inject(b"<p>no body</p>").endswith(livereload.TAG)


@pytest.fixture
def served(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text("<html><body>home</body></html>")
    (tmp_path / "a/index.html").write_text("<html><body>a</body></html>")
    (tmp_path / "site.css").write_text("body{}")
    state = livereload.State()
    server = livereload.server(str(tmp_path), "127.0.0.1", 0, state)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield tmp_path, state, server.server_address[1]
    server.shutdown()
    server.server_close()


def get(port: int, path: str) -> tuple[int, bytes, dict]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body, dict(response.getheaders())


def test_pages_are_served_with_the_script_and_the_files_are_not_changed(served):
    folder, _, port = served
    before = digest(folder)
    for path in ("/", "/a/", "/index.html"):
        status, body, headers = get(port, path)
        assert status == 200
        assert livereload.TAG in body
        assert headers["Cache-Control"] == "no-store"
    assert get(port, "/site.css")[1] == b"body{}"
    status, script, headers = get(port, livereload.SCRIPT_PATH)
    assert status == 200 and b"EventSource" in script
    assert headers["Content-Type"].startswith("text/javascript")
    assert get(port, "/a")[0] == 301  # to /a/, as any static host does
    assert digest(folder) == before


def events(port: int):
    """The server-sent events, one parsed message at a time."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    connection.request("GET", livereload.EVENTS_PATH)
    response = connection.getresponse()
    assert response.getheader("Content-Type") == "text/event-stream"
    while True:
        line = response.fp.readline().decode()
        if line.startswith("data: "):
            yield json.loads(line[len("data: ") :])


def test_each_build_is_announced_and_a_failed_one_with_its_problems(served):
    _, state, port = served
    stream = events(port)
    first = next(stream)
    assert first["problem"] is None
    state.built()
    second = next(stream)
    assert second["build"] != first["build"] and second["problem"] is None
    state.built("posts/a.md:6: verdict: 'fasle' is not a verdict")
    third = next(stream)
    assert third["problem"] == "posts/a.md:6: verdict: 'fasle' is not a verdict"


def test_the_ledger_the_build_writes_does_not_trigger_a_build(tmp_path):
    ledger = tmp_path / "content/published.json"
    post = tmp_path / "content/posts/a.md"
    ignore = livereload.watch_filter([str(ledger)])
    assert not ignore(watchfiles.Change.modified, str(ledger))
    assert ignore(watchfiles.Change.modified, str(post))
    assert not ignore(watchfiles.Change.modified, str(tmp_path / "content/posts/.a.md.swp"))


@pytest.mark.build
def test_a_saved_post_is_rebuilt_and_announced(tmp_path):
    site = empty_site(tmp_path)
    site.write("posts/a.md", rebuttal("Before the edit"))
    settings = str(ROOT / "pelicanconf.py")
    build = lambda: publish.build(settings, str(site.content), str(site.output))  # noqa: E731
    state = livereload.State()
    state.built(build())
    stop = threading.Event()
    watcher = threading.Thread(
        target=livereload.watch, args=([str(site.content)], build, state, stop), daemon=True
    )
    watcher.start()
    try:
        started = state.token
        # Save until the watcher (which starts asynchronously) has seen a save.
        for attempt in range(20):
            site.write("posts/a.md", rebuttal("After the edit", body=f"Saved {attempt}."))
            token, problem = state.wait(started, timeout=3)
            if token != started:
                break
        assert token != started and problem is None
        page = (site.output / "2026/11/before-the-edit/index.html").read_text()
        assert "After the edit" in page
        assert "__livereload" not in page
        assert not any("__livereload" in path.read_text() for path in site.html_files())
    finally:
        stop.set()
        watcher.join(timeout=10)
