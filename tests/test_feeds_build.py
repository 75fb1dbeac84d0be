"""Integration: real builds, every feed read back with feedparser as readers and services do."""

from __future__ import annotations

import json
import struct
import zlib
from datetime import datetime
from urllib.parse import urljoin

import feedparser
import pytest
from bs4 import BeautifulSoup
from feeds.settings import SettingsError
from lxml import etree
from pelican import signals
from sites import empty_site, post, rebuttal

pytestmark = pytest.mark.build

SITEURL = "https://rt.example.org"
DEV_SITEURL = "http://127.0.0.1:8000"
HUB = "http://127.0.0.1:9/hub"
HOSTILE = "<x-hostile a=\"1\">“Quotes” & 'apostrophes' </script><script>alert(1)</script> ]]> ŵ"
# A topic name may be 60 characters long (posts/limits.py).
TOPIC = "Topic <x-hostile a=\"1\">“Q” & 'a' </script> ]]> ŵ"
FEED_KINDS = {"feed.xml": "rss20", "atom.xml": "atom10"}


def png(width: int, height: int) -> bytes:
    """A plain grey PNG of the given size, made without an imaging library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + b"\x80" * width for _ in range(height)))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def write_posts(site) -> None:
    (site.content / "images").mkdir(parents=True)
    (site.content / "images/chart.png").write_bytes(png(800, 400))
    site.write(
        "posts/oldest.md",
        rebuttal("Oldest rebuttal", date="2026-10-01 09:00", tags=["Wales"]),
    )
    site.write(
        "posts/middle.md",
        post("Middle update", date="2026-10-15 12:00", tags=["Economy"], summary="The middle."),
    )
    site.write(
        "posts/newest.md",
        rebuttal(
            "Newest rebuttal",
            date="2026-11-01 08:00",
            tags=["Wales", "Economy"],
            body=(
                "See [about us](/about/), [the oldest](../../10/oldest-rebuttal/) and "
                "[source 1](#source-1).\n\n![A chart](/images/chart.png)"
            ),
        ),
    )
    site.write("posts/draft.md", rebuttal("A draft prebuttal", date="2026-11-02", status="draft"))
    site.write("posts/future.md", rebuttal("A scheduled post", date="2029-05-03 07:00"))
    site.write("posts/hidden.md", post("A hidden post", date="2026-10-20", status="hidden"))
    site.write("pages/about.md", post("About us", date="2026-09-01"))


LISTED = ["Newest rebuttal", "Middle update", "Oldest rebuttal"]
UNLISTED = ["A draft prebuttal", "A scheduled post", "A hidden post"]


@pytest.fixture(scope="module")
def dev_site(tmp_path_factory):
    site = empty_site(tmp_path_factory.mktemp("feeds-dev"))
    write_posts(site)
    site.build(FEEDS_HUB=HUB)
    return site


@pytest.fixture(scope="module")
def live_site(tmp_path_factory):
    site = empty_site(tmp_path_factory.mktemp("feeds-live"))
    write_posts(site)
    site.build("publishconf.py", SITEURL=SITEURL, FEEDS_HUB=HUB)
    return site


def read_feed(site, path: str):
    data = (site.output / path).read_bytes()
    result = feedparser.parse(data)
    assert not result.bozo, (path, result.get("bozo_exception"))
    etree.fromstring(data)  # well-formed XML, or this raises
    return result


def read_json(site, path: str) -> dict:
    return json.loads((site.output / path).read_text(encoding="utf-8"))


def feed_files(site) -> list[str]:
    names = [*FEED_KINDS, "feed.json"]
    return [
        str(path.relative_to(site.output))
        for path in sorted(site.output.rglob("*"))
        if path.name in names
    ]


def test_site_and_topic_feeds_are_written_in_every_format(live_site):
    assert feed_files(live_site) == [
        "atom.xml", "feed.json", "feed.xml",
        "topics/economy/atom.xml", "topics/economy/feed.json", "topics/economy/feed.xml",
        "topics/wales/atom.xml", "topics/wales/feed.json", "topics/wales/feed.xml",
    ]  # fmt: skip


@pytest.mark.parametrize("site_name, base", [("dev_site", DEV_SITEURL), ("live_site", SITEURL)])
def test_every_item_of_every_feed_is_complete_and_absolute(request, site_name, base):
    site = request.getfixturevalue(site_name)
    for path in feed_files(site):
        if path.endswith(".json"):
            continue
        result = read_feed(site, path)
        assert result.version == FEED_KINDS[path.rsplit("/", 1)[-1]], path
        assert result.entries, path
        for entry in result.entries:
            assert entry.id.startswith("urn:uuid:"), path
            assert entry.title, path
            assert entry.link.startswith(base + "/"), (path, entry.link)
            assert entry.published_parsed, path
            if path.endswith("atom.xml"):
                assert entry.updated_parsed, path
            html = entry.content[0].value
            assert entry.title in html or entry.summary, path
            soup = BeautifulSoup(html, "html.parser")
            for tag, attribute in (("a", "href"), ("img", "src")):
                for element in soup.find_all(tag):
                    assert element[attribute].startswith(("https://", "http://")), (path, element)
            assert not soup.find_all(["script", "iframe", "form"]), path
        hubs = [link.href for link in result.feed.get("links", []) if link.rel == "hub"]
        if path.endswith("atom.xml"):
            assert hubs == [HUB], path
        else:
            assert (
                b'<atom:link href="' + HUB.encode() + b'" rel="hub"/>'
                in (site.output / path).read_bytes()
            )


def test_links_inside_the_content_are_resolved_against_the_post(live_site):
    entry = read_feed(live_site, "atom.xml").entries[0]
    soup = BeautifulSoup(entry.content[0].value, "html.parser")
    hrefs = [a["href"] for a in soup.find_all("a")]
    assert f"{SITEURL}/about/" in hrefs
    assert f"{SITEURL}/2026/10/oldest-rebuttal/" in hrefs
    assert f"{SITEURL}/2026/11/newest-rebuttal/#source-1" in hrefs
    chart = soup.find("img", alt="A chart")
    assert chart["src"] == f"{SITEURL}/images/chart.png"
    # Sized from the file (800 x 400) to the email's width, so Outlook lays it out.
    assert (chart["width"], chart["height"]) == ("600", "300")


def test_items_are_newest_first_without_drafts_future_or_hidden_posts(dev_site):
    for path in ("feed.xml", "atom.xml"):
        titles = [entry.title for entry in read_feed(dev_site, path).entries]
        assert titles == LISTED, path
    assert [item["title"] for item in read_json(dev_site, "feed.json")["items"]] == LISTED
    everything = " ".join(
        (dev_site.output / path).read_text(encoding="utf-8") for path in feed_files(dev_site)
    )
    for title in UNLISTED:
        assert title not in everything


def test_a_topic_feed_holds_only_its_topic(dev_site):
    wales = read_feed(dev_site, "topics/wales/feed.xml")
    assert [entry.title for entry in wales.entries] == ["Newest rebuttal", "Oldest rebuttal"]
    assert wales.feed.title == "Response Team: Wales"
    assert wales.feed.link == f"{DEV_SITEURL}/topics/wales/"
    economy = read_json(dev_site, "topics/economy/feed.json")
    assert [item["title"] for item in economy["items"]] == ["Newest rebuttal", "Middle update"]
    assert economy["feed_url"] == f"{DEV_SITEURL}/topics/economy/feed.json"


def test_json_feeds_are_json_feed_1_1(live_site):
    for path in feed_files(live_site):
        if not path.endswith(".json"):
            continue
        document = read_json(live_site, path)
        assert document["version"] == "https://jsonfeed.org/version/1.1"
        assert document["title"] and document["home_page_url"].startswith(SITEURL)
        assert document["feed_url"] == f"{SITEURL}/{path}"
        assert document["hubs"] == [{"type": "WebSub", "url": HUB}]
        for item in document["items"]:
            assert item["id"].startswith("urn:uuid:")
            assert item["url"].startswith(SITEURL + "/") and item["title"]
            assert item["content_html"] and item["summary"]
            published = datetime.fromisoformat(item["date_published"])
            assert published.tzinfo and datetime.fromisoformat(item["date_modified"]) >= published


def test_every_page_has_the_sites_discovery_links_and_a_topic_page_its_own(live_site):
    for path in live_site.html_files():
        relative = path.relative_to(live_site.output)
        if relative.parts[0] == "email":
            continue
        soup = BeautifulSoup(path.read_bytes(), "html.parser")
        links = soup.find_all("link", rel="alternate")
        hrefs = [link["href"] for link in links]
        assert hrefs[:3] == [f"{SITEURL}/feed.xml", f"{SITEURL}/atom.xml", f"{SITEURL}/feed.json"]
        types = [link["type"] for link in links]
        assert types[:3] == ["application/rss+xml", "application/atom+xml", "application/feed+json"]
        if relative.parts[0] == "topics" and len(relative.parts) == 3:
            slug = relative.parts[1]
            assert hrefs[3:] == [f"{SITEURL}/topics/{slug}/{name}" for name in FEED_KINDS] + [
                f"{SITEURL}/topics/{slug}/feed.json"
            ]
        else:
            assert len(hrefs) == 3, relative
        for href in hrefs:
            assert (live_site.output / href.removeprefix(SITEURL + "/")).is_file()


def test_development_discovery_links_are_relative_like_every_other_link(dev_site):
    soup = dev_site.page("/topics/wales/")
    hrefs = [link["href"] for link in soup.find_all("link", rel="alternate")]
    base = f"{DEV_SITEURL}/topics/wales/"
    assert [urljoin(base, href) for href in hrefs] == [
        f"{DEV_SITEURL}/feed.xml", f"{DEV_SITEURL}/atom.xml", f"{DEV_SITEURL}/feed.json",
        f"{DEV_SITEURL}/topics/wales/feed.xml", f"{DEV_SITEURL}/topics/wales/atom.xml",
        f"{DEV_SITEURL}/topics/wales/feed.json",
    ]  # fmt: skip


def test_the_item_limit_keeps_the_newest(tmp_path):
    site = empty_site(tmp_path)
    write_posts(site)
    site.build(FEEDS_MAX_ITEMS=2)
    for path in ("feed.xml", "atom.xml"):
        assert [e.title for e in read_feed(site, path).entries] == LISTED[:2]
    assert [i["title"] for i in read_json(site, "feed.json")["items"]] == LISTED[:2]


def test_a_bad_setting_stops_the_build_before_anything_is_written(tmp_path):
    site = empty_site(tmp_path)
    write_posts(site)
    with pytest.raises(SettingsError) as failure:
        site.build(FEEDS_MAX_ITEMS=0, FEEDS_HUB="ftp://hub.example")
    message = str(failure.value.code)
    assert "FEEDS_MAX_ITEMS must be a whole number" in message
    assert "FEEDS_HUB must be an http(s) address" in message
    assert not site.output.exists()


def snapshot_feeds(site) -> dict[str, bytes]:
    return {path: (site.output / path).read_bytes() for path in feed_files(site)}


def test_an_unchanged_site_rebuilds_byte_identical_feeds(tmp_path):
    site = empty_site(tmp_path)
    write_posts(site)
    site.build("publishconf.py", SITEURL=SITEURL, FEEDS_HUB=HUB)
    first = snapshot_feeds(site)
    emails = {p: p.read_bytes() for p in (site.output / "email").rglob("*.html")}
    # The second build reads the ledger the first one wrote: nothing may move.
    site.build("publishconf.py", SITEURL=SITEURL, FEEDS_HUB=HUB)
    assert snapshot_feeds(site) == first
    assert {p: p.read_bytes() for p in (site.output / "email").rglob("*.html")} == emails


def entries_by_id(site, path: str) -> dict:
    return {entry.id: entry for entry in read_feed(site, path).entries}


def test_editing_title_body_and_slug_keeps_ids_and_published_dates(tmp_path):
    site = empty_site(tmp_path)
    write_posts(site)
    site.build("publishconf.py", SITEURL=SITEURL)
    before = {path: entries_by_id(site, path) for path in ("feed.xml", "atom.xml")}
    json_before = {i["id"]: i for i in read_json(site, "feed.json")["items"]}

    site.write(
        "posts/newest.md",
        rebuttal(
            "A new title for the newest rebuttal",
            date="2026-11-01 08:00",
            modified="2026-11-05 10:00",
            slug="renamed",
            tags=["Wales"],
            body="A rewritten body.",
        ),
    )
    site.build("publishconf.py", SITEURL=SITEURL)

    for path in ("feed.xml", "atom.xml"):
        after = entries_by_id(site, path)
        assert set(after) == set(before[path]), path
        for entry_id, entry in after.items():
            assert entry.published == before[path][entry_id].published, path
    atom_before, atom_after = before["atom.xml"], entries_by_id(site, "atom.xml")
    edited = next(i for i, e in atom_after.items() if e.title.startswith("A new title"))
    assert atom_before[edited].title == "Newest rebuttal"
    assert atom_after[edited].link == f"{SITEURL}/2026/11/renamed/"
    assert atom_after[edited].updated == "2026-11-05T10:00:00+00:00"
    assert atom_after[edited].updated != atom_before[edited].updated
    assert "A rewritten body." in atom_after[edited].content[0].value
    others = [i for i in atom_after if i != edited]
    assert all(atom_after[i].updated == atom_before[i].updated for i in others)

    json_after = {i["id"]: i for i in read_json(site, "feed.json")["items"]}
    assert json_after[edited]["date_published"] == json_before[edited]["date_published"]
    assert json_after[edited]["date_modified"] > json_before[edited]["date_modified"]
    assert read_json(site, "feed.json")["items"][0]["id"] == edited  # still the newest


def test_a_new_domain_or_a_moved_file_changes_no_id_or_published_date(tmp_path):
    site = empty_site(tmp_path)
    write_posts(site)
    site.build("publishconf.py", SITEURL=SITEURL)
    before = {e.id: (e.published, e.title) for e in read_feed(site, "atom.xml").entries}

    (site.content / "posts/2026").mkdir()
    (site.content / "posts/newest.md").rename(site.content / "posts/2026/newest-moved.md")
    site.build("publishconf.py", SITEURL="https://rebuttals.example.net")
    after = read_feed(site, "atom.xml").entries
    assert {e.id: (e.published, e.title) for e in after} == before
    assert all(e.link.startswith("https://rebuttals.example.net/") for e in after)


def test_hostile_text_in_every_field_gives_well_formed_feeds(tmp_path):
    site = empty_site(tmp_path)
    site.write(
        "posts/hostile.md",
        rebuttal(
            "Title " + HOSTILE,
            slug="hostile",
            summary="Summary " + HOSTILE,
            claim="Claim " + HOSTILE,
            claimant="Claimant " + HOSTILE,
            tags=[TOPIC],
            authors=["Author " + HOSTILE],
            facts=[
                {
                    "fact": "Fact " + HOSTILE,
                    "sources": [
                        {
                            "url": "https://www.example.org/a?b=1&c=<2>",
                            "title": "Source " + HOSTILE,
                            "publisher": "Publisher " + HOSTILE,
                        }
                    ],
                }
            ],
            corrections=[{"date": "2026-11-03", "note": "Note " + HOSTILE}],
            body="Body <script>alert('body')</script> <iframe src=https://evil.example></iframe>",
        ),
    )
    site.build()
    files = feed_files(site)
    assert len(files) == 6
    for path in files:
        if path.endswith(".json"):
            document = read_json(site, path)
            item = document["items"][0]
            assert item["title"] == "Title " + HOSTILE
            assert item["tags"] == [TOPIC]
            html = item["content_html"]
        else:
            entry = read_feed(site, path).entries[0]
            assert entry.title == "Title " + HOSTILE
            summary = entry.summary_detail
            # RSS: HTML that shows the text; Atom: the text itself.
            shown = BeautifulSoup(summary.value, "html.parser").get_text()
            assert (shown if summary.type == "text/html" else summary.value) == "Summary " + HOSTILE
            assert entry.tags[0].term == TOPIC
            html = entry.content[0].value
        soup = BeautifulSoup(html, "html.parser")
        assert not soup.find_all(["x-hostile", "script", "iframe"]), path
        for part in ("Claim ", "Claimant ", "Fact ", "Source ", "Publisher ", "Note "):
            assert part + HOSTILE in soup.get_text(), (path, part)


def test_the_card_appears_in_every_format_when_share_graphics_provide_one(tmp_path):
    """The share-graphics plugin is built in parallel: stand in for it with its interface."""

    def give_cards(generators):
        for generator in generators:
            for article in getattr(generator, "articles", []):
                article.share_image = {
                    "url": f"cards/{article.slug}-landscape.png",
                    "width": 1200,
                    "height": 630,
                    "type": "image/png",
                    "length": 4321,
                    "alt": f"Card: {article.title}",
                }

    site = empty_site(tmp_path)
    write_posts(site)
    signals.all_generators_finalized.connect(give_cards)
    try:
        site.build("publishconf.py", SITEURL=SITEURL)
    finally:
        signals.all_generators_finalized.disconnect(give_cards)

    for path in ("feed.xml", "atom.xml", "topics/wales/feed.xml"):
        for entry in read_feed(site, path).entries:
            slug = entry.link.rstrip("/").rsplit("/", 1)[-1]
            card = f"{SITEURL}/cards/{slug}-landscape.png"
            assert entry.media_content[0]["url"] == card, path
            assert entry.media_content[0]["width"] == "1200"
            enclosure = entry.enclosures[0]
            assert (enclosure.href, enclosure.type, enclosure.length) == (card, "image/png", "4321")
            image = BeautifulSoup(entry.content[0].value, "html.parser").img
            assert (image["src"], image["width"], image["height"]) == (card, "600", "315")
            assert image["alt"] == f"Card: {entry.title}"
    for item in read_json(site, "feed.json")["items"]:
        slug = item["url"].rstrip("/").rsplit("/", 1)[-1]
        assert item["image"] == f"{SITEURL}/cards/{slug}-landscape.png"
    email = site.page("/email/2026/11/newest-rebuttal/")
    first_image = email.select_one("table.email img")
    assert first_image["src"] == f"{SITEURL}/cards/newest-rebuttal-landscape.png"


def test_with_the_real_cards_every_item_carries_its_card(live_site):
    for entry in read_feed(live_site, "feed.xml").entries:
        card = entry.media_content[0]["url"]
        assert card.startswith(f"{SITEURL}/cards/") and entry.enclosures[0].href == card
        assert (live_site.output / card.removeprefix(SITEURL + "/")).exists()
    assert all(item["image"] for item in read_json(live_site, "feed.json")["items"])


def test_without_share_graphics_no_item_has_an_image_element(tmp_path):
    # Its own process: plugins connect to Pelican's signals for the life of one.
    import subprocess
    import sys

    from sites import ROOT

    site = empty_site(tmp_path)
    write_posts(site)
    settings = tmp_path / "nocards.py"
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom publishconf import *\n"
        f"PLUGINS = [p for p in PLUGINS if p != 'cards']\n"
        f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\nTHEME = {str(ROOT / 'theme')!r}\n"
        f"SITEURL = {SITEURL!r}\nCACHE_PATH = {str(tmp_path / 'cache')!r}\n"
    )
    pelican = [sys.executable, "-m", "pelican", str(site.content), "-o", str(site.output)]
    subprocess.run([*pelican, "-s", str(settings)], check=True, capture_output=True)
    data = (site.output / "feed.xml").read_bytes()
    assert b"<media:content" not in data and b"<enclosure" not in data
    assert all("image" not in item for item in read_json(site, "feed.json")["items"])
    assert not (site.output / "cards").exists()


def test_each_published_post_has_an_unlisted_noindex_email_edition(live_site):
    editions = sorted(
        str(p.relative_to(live_site.output)) for p in (live_site.output / "email").rglob("*.html")
    )
    assert editions == [
        "email/2026/10/middle-update/index.html",
        "email/2026/10/oldest-rebuttal/index.html",
        "email/2026/11/newest-rebuttal/index.html",
    ]
    for edition in editions:
        soup = live_site.page(edition)
        assert soup.find("meta", attrs={"name": "robots"})["content"].startswith("noindex")
        assert soup.find("style") is None and soup.find("script") is None
        assert soup.select_one("table.email")["width"] == "600"
        for a in soup.find_all("a"):
            assert a["href"].startswith("https://"), (edition, a)
    newest = live_site.page("email/2026/11/newest-rebuttal/")
    assert "Verdict: False" in newest.get_text()
    assert newest.select_one("blockquote").get_text(strip=True) == "We never said that."
    assert newest.select_one(".sources a")["href"] == "https://www.example.org/said"
    # Linked from nowhere public: no page, feed or redirect mentions the folder.
    for path in live_site.output.rglob("*"):
        if path.is_file() and path.relative_to(live_site.output).parts[0] != "email":
            assert b"/email/" not in path.read_bytes(), path


def test_email_editions_can_be_switched_off(tmp_path):
    site = empty_site(tmp_path)
    write_posts(site)
    site.build(FEEDS_EMAIL_EDITIONS=False)
    assert not (site.output / "email").exists()
    assert (site.output / "feed.xml").is_file()


@pytest.mark.build
def test_a_theme_overrides_the_feed_item_and_email_templates(tmp_path):
    """The feed and email templates are the theme's: an override of the same name wins."""
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    (overrides / "feed_item.html").write_text(
        '{% import "macros/rebuttal.html" as rebuttal %}<p>Our own item: {{ post.title }}</p>'
        "{% if post.claim %}{{ rebuttal.claim_box(post.claim, post.verdict, date_format, "
        "plain=True) }}{% endif %}"
    )
    (overrides / "email_edition.html").write_text(
        "<!doctype html><title>{{ post.title }}</title><p>Our own email</p>"
    )
    site = empty_site(tmp_path / "site")
    write_posts(site)
    site.build(THEME_TEMPLATES_OVERRIDES=[str(overrides)])
    item = read_json(site, "feed.json")["items"][-1]  # the oldest: a rebuttal
    assert item["content_html"].startswith("<p>Our own item: Oldest rebuttal</p>")
    assert "Verdict: False." in item["content_html"]
    emails = list((site.output / "email").rglob("index.html"))
    assert emails and all("Our own email" in path.read_text() for path in emails)
