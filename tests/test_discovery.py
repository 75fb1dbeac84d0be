"""sitemap.xml lists exactly the published posts and pages; robots.txt points at it."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from sites import empty_site, post

pytestmark = pytest.mark.build
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = empty_site(tmp_path_factory.mktemp("discovery"))
    site.write("posts/live.md", post("Live & well", slug="live", modified="2026-11-05 08:00"))
    site.write("posts/hidden.md", post("Hidden one", slug="hidden", status="hidden"))
    site.write("posts/draft.md", post("Draft one", slug="draft", status="draft"))
    site.write("posts/later.md", post("Later one", slug="later", date="2099-01-01"))
    site.write("pages/about.md", post("About", slug="about"))
    site.build("publishconf.py", SITEURL="https://r.example.org")
    return site


def test_sitemap_lists_exactly_published_posts_and_pages_with_lastmod(site):
    root = ET.fromstring((site.output / "sitemap.xml").read_bytes())
    entries = {
        u.find("s:loc", NS).text: u.find("s:lastmod", NS).text for u in root.findall("s:url", NS)
    }
    assert entries == {
        "https://r.example.org/2026/11/live/": "2026-11-05T08:00:00+00:00",
        "https://r.example.org/about/": "2026-11-02T09:30:00+00:00",
    }


def test_robots_points_at_the_sitemap(site):
    robots = (site.output / "robots.txt").read_text()
    assert "Sitemap: https://r.example.org/sitemap.xml" in robots.splitlines()
    assert "User-agent: *" in robots


def test_manifest_and_icons_are_linked(site):
    manifest = json.loads((site.output / "manifest.webmanifest").read_text())
    assert manifest["name"] == "Response Team"
    assert {icon["sizes"] for icon in manifest["icons"]} >= {"192x192", "512x512"}
    head = site.page("/").head
    assert head.find("link", rel="manifest")["href"] == "https://r.example.org/manifest.webmanifest"
    assert head.find("link", rel="icon")


def test_404_page_is_helpful(site):
    page = site.page("404.html")
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert {a["href"] for a in page.select("main a")} >= {
        "https://r.example.org/", "https://r.example.org/topics/", "https://r.example.org/archive/"
    }  # fmt: skip
