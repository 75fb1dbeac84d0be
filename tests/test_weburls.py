"""Every address a post supplies is written as a valid URL, once; `£` leaves no `ps` in slugs."""

from __future__ import annotations

import json

import pytest
from posts.body import render
from posts.reader import derive_slug
from posts.weburls import encode_url
from sites import empty_site, post, rebuttal

TYPED = 'https://www.example.org/report 2026?id=7&note="quoted"'
ENCODED = "https://www.example.org/report%202026?id=7&note=%22quoted%22"


@pytest.mark.parametrize(
    "typed, written",
    [
        (TYPED, ENCODED),
        (
            "https://a.org/a<b>|c^d`e{f}g\\h[i]",
            "https://a.org/a%3Cb%3E%7Cc%5Ed%60e%7Bf%7Dg%5Ch%5Bi%5D",
        ),
        ("https://a.org/café#top#more", "https://a.org/caf%C3%A9#top%23more"),
        ("https://bücher.example/x", "https://xn--bcher-kva.example/x"),
        ("https://a.org/100%", "https://a.org/100%25"),
    ],
)
def test_what_a_url_may_not_hold_is_percent_encoded(typed, written):
    assert encode_url(typed) == written


@pytest.mark.parametrize(
    "valid",
    [
        "https://www.gov.uk/government/statistics?x=1&y=2#section-3",
        "https://web.archive.org/web/2015/https://www.gov.uk/a%20b",
        "http://user@example.org:8080/p;q=1/(x)!$*+,'~",
        "https://a.org/caf%C3%A9/%2520",
    ],
)
def test_a_valid_url_is_kept_byte_for_byte_and_never_encoded_twice(valid):
    assert encode_url(valid) == valid
    assert encode_url(encode_url(TYPED)) == ENCODED


@pytest.mark.build
def test_a_typed_address_is_encoded_in_the_page_the_feeds_and_json_ld(tmp_path):
    site = empty_site(tmp_path)
    site.write(
        "posts/quoted.md",
        rebuttal(
            "Quoted addresses",
            slug="quoted",
            claim_url=TYPED,
            facts=[{"fact": "A fact.", "sources": [{"url": TYPED, "archived_url": TYPED}]}],
        ),
    )
    site.build()
    page = (site.output / "2026/11/quoted/index.html").read_text(encoding="utf-8")
    assert "report 2026" not in page and "&#34;quoted" not in page and "&quot;quoted" not in page
    soup = site.page("/2026/11/quoted/")
    hrefs = [a["href"] for a in soup.find_all("a") if "example.org/report" in a["href"]]
    assert hrefs == [ENCODED] * 3  # where the claim was said, the source, its archived copy
    assert soup.find("blockquote")["cite"] == ENCODED
    data = json.loads(soup.find("script", type="application/ld+json").string)
    written = [value for value in strings(data) if "example.org/report" in value]
    assert written and set(written) == {ENCODED}
    for feed in ("feed.xml", "atom.xml", "feed.json"):
        text = (site.output / feed).read_text(encoding="utf-8")
        assert "report 2026" not in text, feed
        assert "report%202026" in text, feed


def strings(data):
    if isinstance(data, dict):
        data = list(data.values())
    if isinstance(data, list):
        return [text for item in data for text in strings(item)]
    return [data] if isinstance(data, str) else []


def test_a_pound_sign_leaves_no_ps_in_a_derived_slug():
    assert derive_slug("Their £6bn black hole", "posts/x.md", {}) == "their-6bn-black-hole"
    assert derive_slug("£", "posts/costs.md", {}) == "costs"


@pytest.mark.build
def test_a_post_published_with_ps_in_its_address_keeps_it(tmp_path):
    site = empty_site(tmp_path)
    site.write("posts/hole.md", post("Their £6bn black hole"))
    site.build()
    assert (site.output / "2026/11/their-6bn-black-hole/index.html").is_file()
    # The ledger of a site that published before the change holds the old address.
    ledger = json.loads(site.ledger())
    ledger["posts"]["posts/hole.md"]["url"] = "2026/11/their-ps6bn-black-hole/"
    site.write("published.json", json.dumps(ledger, indent=2))
    site.build()
    assert (site.output / "2026/11/their-ps6bn-black-hole/index.html").is_file()
    assert json.loads(site.ledger())["posts"]["posts/hole.md"]["url"].endswith("ps6bn-black-hole/")


def test_an_address_typed_in_the_body_is_encoded_and_a_site_link_is_left_for_pelican():
    html = render(
        '[a](<https://a.org/x y?q="z">) <a href="https://b.org/é">b</a> [c]({filename}/x.md)', {}
    )
    assert 'href="https://a.org/x%20y?q=%22z%22"' in html
    assert 'href="https://b.org/%C3%A9"' in html
    assert 'href="{filename}/x.md"' in html
