"""WebSub: the hub is told about every feed that changed, and only those, checked against
a small HTTP server on 127.0.0.1 that records what it receives."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest
from feeds import websub
from pelican.settings import read_settings
from sites import ROOT, empty_site, post, rebuttal

SITEURL = "https://rt.example.org"


class Hub:
    """A stand-in hub: records each request; answers 500 for the feeds in ``failing``."""

    def __init__(self):
        self.received: list[dict] = []
        self.failing: set[str] = set()
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                form = parse_qs(self.rfile.read(length).decode("ascii"))
                hub.received.append(
                    {"path": self.path, "type": self.headers["Content-Type"], "form": form}
                )
                failed = form.get("hub.url", [""])[0] in hub.failing
                self.send_response(500 if failed else 204)
                self.end_headers()

            def log_message(self, *args):
                pass  # quiet tests

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hub"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def pinged(self) -> list[str]:
        """The feed addresses of the publish notifications received, then forget them."""
        urls = [request["form"]["hub.url"][0] for request in self.received]
        self.received.clear()
        return sorted(urls)


@pytest.fixture
def hub():
    server = Hub()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


def write(path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_each_changed_feed_is_pinged_once_then_not_again(tmp_path, hub):
    output, manifest = tmp_path / "output", str(tmp_path / "cache/websub.json")
    for name in ("feed.xml", "atom.xml", "topics/wales/feed.xml"):
        write(output / name, f"<feed>{name}</feed>")
    templates = ["feed.xml", "atom.xml", "topics/{slug}/feed.xml"]
    feeds = websub.feed_files(str(output), SITEURL, templates)
    assert sorted(feeds) == [
        f"{SITEURL}/atom.xml", f"{SITEURL}/feed.xml", f"{SITEURL}/topics/wales/feed.xml"
    ]  # fmt: skip

    report = websub.ping_changed(hub.url, feeds, manifest)
    assert sorted(report.pinged) == sorted(feeds)
    request = hub.received[0]
    assert request["path"] == "/hub"
    assert request["type"] == "application/x-www-form-urlencoded"
    assert request["form"]["hub.mode"] == ["publish"]
    assert hub.pinged() == sorted(feeds)

    report = websub.ping_changed(hub.url, feeds, manifest)
    assert report.pinged == [] and hub.pinged() == []
    assert len(report.unchanged) == 3

    write(output / "topics/wales/feed.xml", "<feed>changed</feed>")
    report = websub.ping_changed(hub.url, feeds, manifest)
    assert hub.pinged() == [f"{SITEURL}/topics/wales/feed.xml"]


def test_a_failed_ping_is_tried_again_next_time(tmp_path, hub):
    output, manifest = tmp_path / "output", str(tmp_path / "websub.json")
    write(output / "feed.xml", "<rss/>")
    write(output / "atom.xml", "<feed/>")
    feeds = websub.feed_files(str(output), SITEURL, ["feed.xml", "atom.xml"])
    hub.failing = {f"{SITEURL}/atom.xml"}
    report = websub.ping_changed(hub.url, feeds, manifest)
    assert report.pinged == [f"{SITEURL}/feed.xml"]
    assert report.failed == [f"{SITEURL}/atom.xml"]
    hub.received.clear()
    hub.failing = set()
    report = websub.ping_changed(hub.url, feeds, manifest)
    assert hub.pinged() == [f"{SITEURL}/atom.xml"]


def test_an_unreachable_hub_is_a_failure_not_a_crash(tmp_path):
    write(tmp_path / "out/feed.xml", "<rss/>")
    feeds = websub.feed_files(str(tmp_path / "out"), SITEURL, ["feed.xml"])
    # Port 9 (discard) on the loopback: nothing listens, the connection is refused.
    report = websub.ping_changed("http://127.0.0.1:9/", feeds, str(tmp_path / "m.json"))
    assert report.failed == [f"{SITEURL}/feed.xml"] and report.pinged == []
    assert websub.load_manifest(str(tmp_path / "m.json")) == {}


def live_settings(site, hub_url: str) -> dict:
    return read_settings(
        str(ROOT / "publishconf.py"),
        override={
            "PATH": str(site.content),
            "OUTPUT_PATH": str(site.output),
            "CACHE_PATH": str(site.root / "cache"),
            "SITEURL": SITEURL,
            "FEEDS_HUB": hub_url,
        },
    )


@pytest.mark.build
def test_after_a_rebuild_only_the_feeds_that_changed_are_pinged(tmp_path, hub):
    site = empty_site(tmp_path)
    site.write("posts/a.md", rebuttal("In Wales", date="2026-10-01 09:00", tags=["Wales"]))
    site.write("posts/b.md", post("On the economy", date="2026-10-02 09:00", tags=["Economy"]))
    manifest = str(tmp_path / "cache/websub.json")
    site.build("publishconf.py", SITEURL=SITEURL, FEEDS_HUB=hub.url)

    websub.ping_from_settings(live_settings(site, hub.url), manifest)
    site_feeds = [f"{SITEURL}/{name}" for name in ("atom.xml", "feed.json", "feed.xml")]
    topic_feeds = {
        slug: [f"{SITEURL}/topics/{slug}/{name}" for name in ("atom.xml", "feed.json", "feed.xml")]
        for slug in ("economy", "wales")
    }
    assert hub.pinged() == sorted(site_feeds + topic_feeds["economy"] + topic_feeds["wales"])

    site.build("publishconf.py", SITEURL=SITEURL, FEEDS_HUB=hub.url)
    websub.ping_from_settings(live_settings(site, hub.url), manifest)
    assert hub.pinged() == []  # an unchanged rebuild tells the hub nothing

    site.write(
        "posts/a.md",
        rebuttal("In Wales, corrected", date="2026-10-01 09:00", tags=["Wales"],
                 modified="2026-10-03 10:00"),
    )  # fmt: skip
    site.build("publishconf.py", SITEURL=SITEURL, FEEDS_HUB=hub.url)
    websub.ping_from_settings(live_settings(site, hub.url), manifest)
    assert hub.pinged() == sorted(site_feeds + topic_feeds["wales"])


@pytest.mark.build
def test_invoke_ping_hub_pings_and_reports(tmp_path, hub):
    site = empty_site(tmp_path)
    site.write("posts/a.md", post("A post", date="2026-10-01 09:00"))
    site.build("publishconf.py", SITEURL=SITEURL, FEEDS_HUB=hub.url)
    bin_dir = os.path.dirname(sys.executable)
    result = subprocess.run(
        [os.path.join(bin_dir, "invoke"), "ping-hub", "--output", str(site.output),
         "--manifest", str(tmp_path / "websub.json")],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "SITEURL": SITEURL, "FEEDS_HUB": hub.url},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "3 pinged, 0 failed, 0 unchanged" in result.stdout
    assert hub.pinged() == [f"{SITEURL}/{name}" for name in ("atom.xml", "feed.json", "feed.xml")]


def test_invoke_ping_hub_refuses_an_unbuilt_folder(tmp_path, hub):
    bin_dir = os.path.dirname(sys.executable)
    result = subprocess.run(
        [os.path.join(bin_dir, "invoke"), "ping-hub", "--output", str(tmp_path / "nothing"),
         "--manifest", str(tmp_path / "websub.json")],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "FEEDS_HUB": hub.url},
    )  # fmt: skip
    assert result.returncode == 1
    assert "build the site first" in result.stderr
    assert hub.received == []
    assert not (tmp_path / "websub.json").exists()
