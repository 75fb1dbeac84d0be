"""JSON-LD on every post: BlogPosting with every source; ClaimReview only when turned on."""

from __future__ import annotations

import json

import pytest
from sites import empty_site, post, rebuttal

pytestmark = pytest.mark.build

FACTS = [
    {
        "fact": "Prices rose.",
        "sources": [
            {"url": "https://www.example.org/a", "title": "A", "publisher": "ONS",
             "date": "2026-11-01"},
            "https://www.example.org/b",
        ],
    },
    {"fact": "Wages fell.", "source": "https://www.example.org/c"},
]  # fmt: skip


def json_ld(site, url: str) -> list[dict]:
    soup = site.page(url)
    return [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]


def build(tmp_path, **settings):
    site = empty_site(tmp_path)
    site.write(
        "posts/a.md",
        rebuttal(
            "Prices",
            slug="prices",
            claim="Prices fell.",
            claimant="The Blue Party",
            claim_date="2026-11-01",
            claim_url="https://www.example.com/said",
            verdict="misleading",
            facts=FACTS,
            modified="2026-11-03 10:00",
        ),
    )
    site.write("posts/b.md", post("An update", slug="update"))
    site.build("publishconf.py", SITEURL="https://r.example.org", **settings)
    return site


def test_blog_posting_has_every_required_field_and_every_source(tmp_path):
    site = build(tmp_path)
    (posting,) = json_ld(site, "/2026/11/prices/")
    assert posting["@context"] == "https://schema.org" and posting["@type"] == "BlogPosting"
    assert posting["headline"] == "Prices"
    assert posting["url"] == "https://r.example.org/2026/11/prices/"
    assert posting["datePublished"] == "2026-11-02T09:30:00+00:00"
    assert posting["dateModified"] == "2026-11-03T10:00:00+00:00"
    assert posting["publisher"] == {
        "@type": "Organization", "name": "Response Team", "url": "https://r.example.org"
    }  # fmt: skip
    assert posting["author"][0]["name"] == "Response Team"
    assert [c["url"] for c in posting["citation"]] == [
        "https://www.example.org/a", "https://www.example.org/b", "https://www.example.org/c"
    ]  # fmt: skip
    assert posting["citation"][0]["publisher"]["name"] == "ONS"
    assert posting["citation"][0]["datePublished"] == "2026-11-01"


def test_claim_review_is_off_by_default(tmp_path):
    site = build(tmp_path)
    assert [b["@type"] for b in json_ld(site, "/2026/11/prices/")] == ["BlogPosting"]


def test_claim_review_when_turned_on_is_complete_and_only_on_rebuttals(tmp_path):
    site = build(tmp_path, STRUCTURED_DATA_CLAIMREVIEW=True)
    review = next(b for b in json_ld(site, "/2026/11/prices/") if b["@type"] == "ClaimReview")
    assert review["claimReviewed"] == "Prices fell."
    assert review["url"] == "https://r.example.org/2026/11/prices/"
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Misleading"}
    assert review["itemReviewed"] == {
        "@type": "Claim",
        "author": {"@type": "Organization", "name": "The Blue Party"},
        "datePublished": "2026-11-01",
        "appearance": {"@type": "CreativeWork", "url": "https://www.example.com/said"},
    }
    assert review["author"]["name"] == "Response Team"
    assert [b["@type"] for b in json_ld(site, "/2026/11/update/")] == ["BlogPosting"]
