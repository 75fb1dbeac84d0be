"""`invoke livereload`: the served pages reload on a new build; built files never change."""

from __future__ import annotations

import http.client
import json
import threading

import pytest
import watchfiles
from projects import digest
from sites import ROOT, empty_site, rebuttal

from sitetools import livereload
from sitetools.livesite import LiveSite


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


def test_a_missing_page_gets_the_sites_404_page(served):
    folder, _, port = served
    assert get(port, "/gone/")[0] == 404  # no 404.html yet: the server's own answer
    (folder / "404.html").write_text("<html><body>Not here</body></html>")
    status, body, _ = get(port, "/gone/")
    assert status == 404
    assert b"Not here" in body and livereload.TAG in body


def events(port: int, last_seen: str | None = None):
    """The server-sent events, one parsed message at a time (its id as "id")."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    connection.request("GET", livereload.EVENTS_PATH, headers={"Last-Event-ID": last_seen or ""})
    response = connection.getresponse()
    assert response.getheader("Content-Type") == "text/event-stream"
    event_id = None
    while True:
        line = response.fp.readline().decode()
        if line.startswith("id: "):
            event_id = line[len("id: ") :].strip()
        if line.startswith("data: "):
            yield {"id": event_id, **json.loads(line[len("data: ") :])}


def test_each_build_is_announced_with_the_files_it_rewrote_or_its_problems(served):
    _, state, port = served
    stream = events(port)
    first = next(stream)
    assert first["problem"] is None and first["changed"] == [], "a page just opened is current"
    state.built(None, ["a/index.html"])
    second = next(stream)
    assert second["build"] != first["build"] and second["id"] == second["build"]
    assert second["changed"] == ["a/index.html"] and second["problem"] is None
    state.built("posts/a.md:6: verdict: 'fasle' is not a verdict")
    third = next(stream)
    assert third["problem"] == "posts/a.md:6: verdict: 'fasle' is not a verdict"
    assert third["changed"] == []
    state.built(None, None)  # a template changed: any page may have
    assert next(stream)["changed"] is None


def test_a_page_that_reconnects_learns_everything_rewritten_since_it_last_heard(served):
    _, state, port = served
    seen = next(events(port))["id"]
    state.built(None, ["a/index.html"])
    state.built(None, ["index.html", "a/index.html"])
    caught_up = next(events(port, last_seen=seen))
    assert caught_up["changed"] == ["a/index.html", "index.html"]
    # From a server that has since restarted, nothing is known: every page reloads.
    assert next(events(port, last_seen="0123abcd-3"))["changed"] is None


def test_rewritten_files_are_remembered_for_a_hundred_builds():
    state = livereload.State()
    start = state.token
    for number in range(livereload.State.HISTORY + 1):
        state.built(None, [f"{number}.html"])
    assert state.rewritten_since(start) is None
    recent = state.rewritten_since(f"{start.split('-')[0]}-{livereload.State.HISTORY - 1}")
    assert recent == ["99.html", "100.html"] or recent == ["100.html", "99.html"]


def test_the_ledger_the_build_writes_does_not_trigger_a_build(tmp_path):
    ledger = tmp_path / "content/published.json"
    post = tmp_path / "content/posts/a.md"
    ignore = livereload.watch_filter([str(ledger)])
    assert not ignore(watchfiles.Change.modified, str(ledger))
    assert ignore(watchfiles.Change.modified, str(post))
    assert not ignore(watchfiles.Change.modified, str(tmp_path / "content/posts/.a.md.swp"))


def watching(site, state, folders, restart_on=()):
    """The watch loop in a thread; returns the thread, its stop event and its result."""
    stop, result = threading.Event(), []

    def run():
        result.append(livereload.watch(folders, site, state, stop, restart_on=restart_on))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, stop, result


def saved_until_seen(state, save, timeout=3):
    """Save until the watcher (which starts asynchronously) has announced a build."""
    started = state.token
    for attempt in range(20):
        save(attempt)
        token, problem = state.wait(started, timeout=timeout)
        if token != started:
            return token, problem
    raise AssertionError("no build was announced")


@pytest.mark.build
def test_a_saved_post_is_previewed_then_rebuilt_and_both_announced(tmp_path):
    site = empty_site(tmp_path)
    site.write("posts/a.md", rebuttal("Before the edit"))
    site.write("posts/b.md", rebuttal("Another one", date="2026-11-02 09:00"))
    live = LiveSite(str(ROOT / "pelicanconf.py"), str(site.content), str(site.output))
    state = livereload.State()
    state.built(live.build().problem)
    page = "2026/11/before-the-edit/index.html"
    previews = []
    preview = live.preview
    live.preview = lambda saved: previews.append(preview(saved)) or previews[-1]
    thread, stop, _ = watching(live, state, [str(site.content)])
    try:
        seen = state.token
        token, problem = saved_until_seen(
            state,
            lambda n: site.write("posts/a.md", rebuttal("Before the edit", body=f"Saved {n}.")),
        )
        assert problem is None
        assert previews[-1].changed == (page,), "the saved post's page comes first, alone"
        assert "Saved" in (site.output / page).read_text()
        token, _ = state.wait(token, timeout=60)  # then the build, and what it rewrote
        rewritten = state.rewritten_since(seen)
        assert page in rewritten and "feed.xml" in rewritten
        assert "2026/11/another-one/index.html" not in rewritten, "its neighbour is unchanged"
        assert not any("__livereload" in path.read_text() for path in site.html_files())
    finally:
        stop.set()
        thread.join(timeout=30)


@pytest.mark.build
def test_a_change_to_plugin_code_ends_the_watch_for_a_restart(tmp_path):
    site = empty_site(tmp_path)
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    live = LiveSite(str(ROOT / "pelicanconf.py"), str(site.content), str(site.output))
    state = livereload.State()
    thread, stop, result = watching(live, state, [str(plugins)], restart_on=[str(plugins)])
    try:
        for attempt in range(20):
            (plugins / "mine.py").write_text(f"VERSION = {attempt}\n")
            thread.join(timeout=1)
            if not thread.is_alive():
                break
        assert result and "mine.py" in result[0]
        assert state.token.endswith("-0"), "no build was run with the old code"
    finally:
        stop.set()


def test_an_editors_temporary_file_does_not_make_every_page_reload(tmp_path):
    (tmp_path / "README").write_text("kept")
    assert livereload._temporary(str(tmp_path / "sedZ4Q3vb"))  # written, renamed, gone
    assert not livereload._temporary(str(tmp_path / "logo.png")), "a deleted image counts"
    assert not livereload._temporary(str(tmp_path / "README"))
