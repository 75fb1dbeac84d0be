"""`invoke livereload` in headless Chromium: a page reloads when a build rewrote it, shows
a broken save's problems, and an editor's save reaches the open page."""

from __future__ import annotations

import threading

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect
from sites import ROOT, empty_site, rebuttal

from sitetools import livereload
from sitetools.livesite import LiveSite

pytestmark = pytest.mark.browser


class ConnectedState(livereload.State):
    """A State that says when a page's event stream has heard the current build, so the
    test announces the next one only once the page would hear it as new."""

    def __init__(self):
        super().__init__()
        self.connected = threading.Semaphore(0)

    def wait(self, seen, timeout):
        answer = super().wait(seen, timeout)
        if seen is None:
            self.connected.release()
        return answer


@pytest.fixture
def serving():
    servers = []

    def serve(folder, state) -> str:
        server = livereload.server(str(folder), "127.0.0.1", 0, state)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


def opened(chromium, url: str, state: ConnectedState):
    page = chromium.new_page()
    page.loads = 0

    def loaded(_):
        page.loads += 1

    page.on("load", loaded)
    page.goto(url)
    assert state.connected.acquire(timeout=10), "the reload script never connected"
    return page


def test_only_the_pages_a_build_rewrote_reload(chromium, tmp_path, serving):
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text("<html><body><p>home</p></body></html>")
    (tmp_path / "a/index.html").write_text("<html><body><p>a</p></body></html>")
    state = ConnectedState()
    url = serving(tmp_path, state)
    home, post = opened(chromium, url + "/", state), opened(chromium, url + "/a/", state)

    with post.expect_event("load"):
        state.built(None, ["a/index.html", "feed.xml"])
    assert state.connected.acquire(timeout=10)
    home.wait_for_timeout(1000)  # it heard the same event at the same moment
    assert (home.loads, post.loads) == (1, 2)

    state.built("posts/a.md:6: verdict: 'fasle' is not a verdict")
    expect(home.locator("#livereload-problem")).to_contain_text("verdict: 'fasle'")
    expect(post.locator("#livereload-problem")).to_be_visible()
    # Mended: pages that showed the problem reload, whatever the build rewrote.
    with home.expect_event("load"), post.expect_event("load"):
        state.built(None, [])
    for _ in range(2):
        assert state.connected.acquire(timeout=10)
    expect(home.locator("#livereload-problem")).to_have_count(0)

    # A template or stylesheet changed: every page reloads.
    with home.expect_event("load"), post.expect_event("load"):
        state.built(None, None)
    home.close()
    post.close()


@pytest.mark.build
def test_a_saved_post_shows_in_the_open_page(chromium, tmp_path, serving):
    site = empty_site(tmp_path)
    site.write("posts/a.md", rebuttal("Before the edit"))
    live = LiveSite(str(ROOT / "pelicanconf.py"), str(site.content), str(site.output))
    state = ConnectedState()
    state.built(live.build().problem)
    url = serving(site.output, state)
    stop = threading.Event()
    watcher = threading.Thread(
        target=livereload.watch, args=([str(site.content)], live, state, stop), daemon=True
    )
    watcher.start()
    page = opened(chromium, url + "/2026/11/before-the-edit/", state)
    try:
        for attempt in range(20):  # until the watcher, started just now, sees a save
            site.write("posts/a.md", rebuttal("Before the edit", body=f"Saved {attempt}."))
            try:
                with page.expect_event("load", timeout=3000):
                    pass
                break
            except PlaywrightTimeoutError:
                continue
        expect(page.locator("main")).to_contain_text("Saved")
    finally:
        stop.set()
        watcher.join(timeout=30)
        page.close()
