"""The pure feed builders: RSS, Atom and JSON Feed from plain values, read back by feedparser."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import feedparser
import pytest
from bs4 import BeautifulSoup
from feeds import json_feed, rss_atom
from feeds.content_html import (
    PostView,
    absolute_links,
    email_edition,
    item_content,
    sized_images,
    web_links,
)
from feeds.items import EMPTY_FEED_DATE, Feed, Image, Item, image_from, newest_first
from lxml import etree
from posts.model import Claim, Correction, Fact, Source
from posts.verdicts import Verdict

HOSTILE = "<b>bold</b> & “quotes” 'single' \"double\" </script><script>alert(1)</script> ]]> ŵ"
LONDON = timezone(timedelta(hours=1))
SITE = "https://rt.example.org"
HUB = "http://127.0.0.1:9/hub"


def card(**changes) -> Image:
    values = dict(
        url=f"{SITE}/cards/abc-landscape.png",
        width=1200,
        height=630,
        type="image/png",
        length=48213,
        alt="Card: prices have not fallen",
    )
    return Image(**{**values, **changes})


def item(number: int = 1, **changes) -> Item:
    values = dict(
        id=f"urn:uuid:00000000-0000-5000-8000-00000000000{number}",
        title=f"Post {number}",
        url=f"{SITE}/2026/11/post-{number}/",
        published=datetime(2026, 11, number, 9, 30, tzinfo=LONDON),
        updated=datetime(2026, 11, number + 1, 8, 0, tzinfo=LONDON),
        summary=f"Summary {number}.",
        content_html=f"<p>Content {number}.</p>",
        image=card(),
        tags=("Cost of living", "Wales"),
        authors=("Jo Bloggs",),
    )
    return Item(**{**values, **changes})


def feed(items=(), **changes) -> Feed:
    values = dict(
        id="urn:uuid:11111111-1111-5111-8111-111111111111",
        title="Response Team",
        description="Sourced facts.",
        home_url=f"{SITE}/",
        urls={"rss": f"{SITE}/feed.xml", "atom": f"{SITE}/atom.xml", "json": f"{SITE}/feed.json"},
        language="en-GB",
        author="Response Team",
        items=tuple(items),
        hub=HUB,
    )
    return Feed(**{**values, **changes})


def parsed(data: bytes):
    result = feedparser.parse(data)
    assert not result.bozo, result.get("bozo_exception")
    return result


def test_rss_item_carries_permanent_guid_dates_content_and_card():
    data = rss_atom.rss(feed([item(2), item(1)]))
    result = parsed(data)
    assert result.version == "rss20"
    first = result.entries[0]
    assert first.id == "urn:uuid:00000000-0000-5000-8000-000000000002"
    assert first.guidislink is False
    assert first.link == f"{SITE}/2026/11/post-2/"
    assert first.published_parsed[:5] == (2026, 11, 2, 8, 30)  # 09:30 at +01:00
    assert first.summary == "Summary 2."
    assert first.content[0].value == "<p>Content 2.</p>"
    assert first.enclosures[0].href == f"{SITE}/cards/abc-landscape.png"
    assert first.enclosures[0].type == "image/png"
    assert first.enclosures[0].length == "48213"
    media = first.media_content[0]
    assert (media["url"], media["width"], media["height"]) == (card().url, "1200", "630")
    assert [tag.term for tag in first.tags] == ["Cost of living", "Wales"]
    assert first.author == "Jo Bloggs"
    root = etree.fromstring(data)
    guid = root.find("channel/item/guid")
    assert guid.get("isPermaLink") == "false"


def test_atom_entry_has_published_updated_html_content_and_card():
    result = parsed(rss_atom.atom(feed([item(2), item(1)])))
    assert result.version == "atom10"
    entry = result.entries[0]
    assert entry.id == "urn:uuid:00000000-0000-5000-8000-000000000002"
    assert entry.published == "2026-11-02T09:30:00+01:00"
    assert entry.updated == "2026-11-03T08:00:00+01:00"
    assert entry.content[0].type == "text/html"
    assert entry.content[0].value == "<p>Content 2.</p>"
    assert entry.summary == "Summary 2."
    enclosure = [link for link in entry.links if link.rel == "enclosure"][0]
    assert (enclosure.href, enclosure.type, enclosure.length) == (card().url, "image/png", "48213")
    assert entry.media_content[0]["url"] == card().url
    assert result.feed.updated == "2026-11-03T08:00:00+01:00"


def test_every_format_announces_the_hub_and_itself():
    the_feed = feed([item(1)])
    rss = etree.fromstring(rss_atom.rss(the_feed))
    atom_links = {(link.get("rel"), link.get("href")) for link in rss.iter("{*}link")}
    assert ("hub", HUB) in atom_links and ("self", f"{SITE}/feed.xml") in atom_links
    assert rss.findtext("channel/link") == f"{SITE}/"
    atom = parsed(rss_atom.atom(the_feed)).feed
    assert {(link.rel, link.href) for link in atom.links} >= {
        ("hub", HUB),
        ("self", f"{SITE}/atom.xml"),
        ("alternate", f"{SITE}/"),
    }
    document = json_feed.json_feed(the_feed)
    assert document["hubs"] == [{"type": "WebSub", "url": HUB}]
    assert document["feed_url"] == f"{SITE}/feed.json"


def test_without_a_hub_no_format_mentions_one():
    the_feed = feed([item(1)], hub="")
    assert b'rel="hub"' not in rss_atom.rss(the_feed)
    assert b'rel="hub"' not in rss_atom.atom(the_feed)
    assert "hubs" not in json_feed.json_feed(the_feed)


def test_items_keep_the_order_given_and_no_build_time_leaks_in():
    items = newest_first([item(1), item(3), item(2)])
    assert [i.title for i in items] == ["Post 3", "Post 2", "Post 1"]
    for write in (rss_atom.rss, rss_atom.atom):
        first = write(feed(items))
        assert write(feed(items)) == first
        entries = parsed(first).entries
        assert [e.title for e in entries] == ["Post 3", "Post 2", "Post 1"]
        assert str(datetime.now(UTC).year).encode() not in first.replace(b"2026", b"")


def test_newest_first_cuts_to_the_limit_and_breaks_ties_by_id():
    same_time = [item(1, id="urn:b"), item(1, id="urn:a"), item(2)]
    assert [i.id for i in newest_first(same_time, 2)] == [item(2).id, "urn:a"]


def test_feed_dates_come_from_the_items_or_a_fixed_date_when_empty():
    assert feed([item(1), item(3)]).updated == item(3).updated
    empty = feed([])
    assert empty.updated == EMPTY_FEED_DATE
    assert parsed(rss_atom.atom(empty)).feed.updated == "1970-01-01T00:00:00+00:00"
    assert b"<lastBuildDate>Thu, 01 Jan 1970" in rss_atom.rss(empty)
    assert json_feed.json_feed(empty)["items"] == []


def test_without_a_card_there_is_no_image_element():
    plain = feed([item(1, image=None)])
    entry = parsed(rss_atom.rss(plain)).entries[0]
    assert "enclosures" not in entry or entry.enclosures == []
    assert "media_content" not in entry
    assert b"media:content" not in rss_atom.rss(plain)
    assert b"enclosure" not in rss_atom.atom(plain)
    assert "image" not in json_feed.json_feed(plain)["items"][0]


def test_hostile_text_in_every_field_stays_text_in_xml_and_json():
    hostile = item(
        1,
        title="Title " + HOSTILE,
        summary="Summary " + HOSTILE,
        content_html="<p>Content &lt;b&gt; ]]&gt; </p>",
        tags=("Tag " + HOSTILE,),
        authors=("Author " + HOSTILE,),
        image=card(alt="Alt " + HOSTILE),
    )
    the_feed = feed([hostile], title="Feed " + HOSTILE, description="About " + HOSTILE)
    for write in (rss_atom.rss, rss_atom.atom):
        data = write(the_feed)
        etree.fromstring(data)  # well-formed, or this raises
        result = parsed(data)
        assert result.feed.title == "Feed " + HOSTILE
        shown = BeautifulSoup(result.feed.subtitle, "html.parser").get_text()
        is_html = result.feed.subtitle_detail.type == "text/html"
        assert (shown if is_html else result.feed.subtitle) == "About " + HOSTILE
        assert result.entries[0].title == "Title " + HOSTILE
        assert result.entries[0].tags[0].term == "Tag " + HOSTILE
    text = json_feed.dumps(json_feed.json_feed(the_feed))
    assert "<" not in text and ">" not in text and "&" not in text
    document = json.loads(text)
    assert document["title"] == "Feed " + HOSTILE
    assert document["items"][0]["title"] == "Title " + HOSTILE
    assert document["items"][0]["tags"] == ["Tag " + HOSTILE]


def test_json_feed_has_the_shape_of_version_1_1():
    document = json.loads(json_feed.dumps(json_feed.json_feed(feed([item(2), item(1)]))))
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["title"] and document["home_page_url"] == f"{SITE}/"
    assert document["language"] == "en-GB"
    assert document["authors"] == [{"name": "Response Team"}]
    first = document["items"][0]
    assert set(first) == {
        "id", "url", "title", "content_html", "summary", "image",
        "date_published", "date_modified", "authors", "tags",
    }  # fmt: skip
    assert isinstance(first["id"], str)
    assert first["image"] == card().url
    assert datetime.fromisoformat(first["date_published"]) == item(2).published
    assert datetime.fromisoformat(first["date_modified"]) == item(2).updated


def test_image_from_makes_the_cards_address_absolute():
    share_image = {
        "url": "cards/3f2a-landscape.png",
        "width": 1200,
        "height": 630,
        "type": "image/png",
        "length": 1000,
        "alt": "Alt",
    }
    image = image_from(share_image, "http://127.0.0.1:8000")
    assert image.url == "http://127.0.0.1:8000/cards/3f2a-landscape.png"
    assert (image.display_width, image.display_height) == (600, 315)
    assert image_from(None, SITE) is None


def test_relative_links_in_content_become_absolute_and_nothing_runs():
    html = (
        '<p><a href="#source-1">one</a> <a href="../../other/">two</a> '
        '<a href="/about/">three</a> <img src="images/chart.png" alt="Chart">'
        '<a href="https://elsewhere.example/x?a=1&amp;b=2">four</a></p>'
        "<script>alert(1)</script><iframe src=https://evil.example></iframe>"
        '<form action="/x"><input name=q></form><a href="javascript:alert(1)">five</a>'
    )
    soup = BeautifulSoup(absolute_links(html, f"{SITE}/2026/11/post/"), "html.parser")
    hrefs = [a.get("href") for a in soup.find_all("a")]
    assert hrefs == [
        f"{SITE}/2026/11/post/#source-1",
        f"{SITE}/2026/other/",
        f"{SITE}/about/",
        "https://elsewhere.example/x?a=1&b=2",
        None,
    ]
    assert soup.img["src"] == f"{SITE}/2026/11/post/images/chart.png"
    assert not soup.find_all(["script", "iframe", "form", "input"])


def test_images_get_the_size_of_their_file_at_most_600_wide():
    sizes = {f"{SITE}/images/wide.png": (1600, 900), f"{SITE}/images/a&b.png": (300, 200)}
    html = absolute_links(
        '<p><img src="/images/wide.png" alt="Wide"><img src="/images/a&amp;b.png" alt="Small">'
        '<img src="/images/wide.png" width="100" alt="Author sized">'
        '<img src="https://elsewhere.example/x.png" alt="Not ours"></p>',
        f"{SITE}/2026/11/post/",
    )
    images = BeautifulSoup(sized_images(html, sizes.get), "html.parser").find_all("img")
    sized = [(img.get("width"), img.get("height")) for img in images]
    assert sized == [("600", "338"), ("300", "200"), ("100", None), (None, None)]


def view(**changes) -> PostView:
    values = dict(
        title="Prices have not fallen " + HOSTILE,
        url=f"{SITE}/2026/11/prices/",
        body_html='<p>Body with <a href="/about/">a link</a>.</p>',
        summary="Summary.",
        verdict=Verdict("misleading", "Misleading", "#a4460d", "Gives a false impression."),
        claim=Claim(
            "Claim " + HOSTILE,
            "Claimant " + HOSTILE,
            datetime(2026, 11, 19).date(),
            "https://www.example.com/speech?a=1&b=2",
        ),
        facts=(
            Fact(
                "Fact " + HOSTILE,
                (
                    Source("https://www.example.org/prices", "Prices", "Office"),
                    Source("https://www.example.org/second"),
                ),
            ),
        ),
        corrections=(Correction(datetime(2026, 11, 21, tzinfo=LONDON), "Note " + HOSTILE),),
        share_links=(
            {"network": "x", "label": "Share on X", "url": "https://x.example/intent?t=a&u=b"},
        ),
        image=card(),
        imprint="Promoted by A. Organiser " + HOSTILE,
        site_name="Response Team",
    )
    return PostView(**{**values, **changes})


def test_item_content_holds_everything_with_absolute_links_and_no_script():
    soup = BeautifulSoup(item_content(view(), "%-d %B %Y"), "html.parser")
    text = soup.get_text(" ")
    expected = [
        "Verdict: Misleading", "Claim " + HOSTILE, "Claimant " + HOSTILE, "19 November 2026",
        "Fact " + HOSTILE, "Prices", "Office", "[2]", "Corrected on 21 November 2026",
        "Note " + HOSTILE, "Share on X", "Promoted by A. Organiser",
    ]  # fmt: skip
    for part in expected:
        assert part in text, part
    assert soup.find("script") is None and soup.find("b") is None
    hrefs = [a["href"] for a in soup.find_all("a")]
    assert all(h.startswith(("https://", "http://")) for h in hrefs), hrefs
    assert f"{SITE}/about/" in hrefs
    assert "https://x.example/intent?t=a&u=b" in hrefs
    image = soup.img
    assert (image["src"], image["width"], image["height"]) == (card().url, "600", "315")
    assert image["alt"] == card().alt


def test_item_content_without_card_verdict_or_share_links_is_just_the_post():
    plain = view(image=None, verdict=None, claim=None, facts=(), corrections=(), share_links=())
    soup = BeautifulSoup(item_content(plain, "%-d %B %Y"), "html.parser")
    assert soup.find("img") is None
    assert "Verdict" not in soup.get_text() and "Share" not in soup.get_text()
    assert soup.find("a", href=f"{SITE}/about/")


def test_only_web_addresses_survive_as_share_links():
    links = [
        {"network": "a", "label": "A", "url": "https://a.example/"},
        {"network": "b", "label": "B", "url": "javascript:alert(1)"},
    ]
    assert [link["label"] for link in web_links(links)] == ["A"]
    assert web_links(None) == ()


def test_email_edition_is_600_wide_inline_styled_with_the_card_first():
    html = email_edition(view(), "%-d %B %Y")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("style") is None
    assert soup.find("meta", attrs={"name": "robots"})["content"].startswith("noindex")
    table = soup.select_one("table.email")
    assert table["width"] == "600" and "width: 600px" in table["style"]
    first_image = table.find("img")
    assert first_image["src"] == card().url and first_image["width"] == "600"
    assert first_image.find_parent("tr") is table.find("tr")
    assert "#a4460d" in soup.select_one(".verdict-label")["style"]
    buttons = {a.get_text(strip=True): a["href"] for a in soup.select("a.button")}
    assert buttons == {
        "Read the full rebuttal": f"{SITE}/2026/11/prices/",
        "Share on X": "https://x.example/intent?t=a&u=b",
    }
    assert soup.find("h1").get_text() == "Prices have not fallen " + HOSTILE
    assert soup.find("script") is None
    assert [a["href"] for a in soup.select(".sources a")] == [
        "https://www.example.org/prices",
        "https://www.example.org/second",
    ]
    assert "Promoted by A. Organiser" in soup.get_text()


@pytest.mark.parametrize("image", [None, card(width=400, height=300)])
def test_email_edition_image_never_wider_than_the_email(image):
    soup = BeautifulSoup(email_edition(view(image=image), "%-d %B %Y"), "html.parser")
    images = soup.find_all("img")
    if image is None:
        assert images == []
    else:
        assert (images[0]["width"], images[0]["height"]) == ("400", "300")


def test_feed_item_and_email_give_the_verdict_on_the_claim_after_the_card():
    """As on the page: the claim, who said it, then the verdict; none over the card."""
    for html in (item_content(view(), "%-d %B %Y"), email_edition(view(), "%-d %B %Y")):
        text = " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())
        claim, said, verdict = (
            text.index("Claim " + HOSTILE),
            text.index("Claimant " + HOSTILE),
            text.index("Verdict: Misleading"),
        )
        assert claim < said < verdict < text.index("The facts")
        assert text.count("Verdict:") == 1
