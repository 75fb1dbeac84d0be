"""Property tests over the whole pipeline: any text in any field, real builds every time.

The budget is a setting of the test run: FUZZ_EXAMPLES (default 25, well under a minute in
CI); run the long version by hand with e.g. ``FUZZ_EXAMPLES=500 .venv/bin/pytest
tests/test_properties.py``.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import feedparser
import html5lib
import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from posts.problems import ContentError
from sites import Site, post

pytestmark = pytest.mark.build

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
MARKER = "<x-hostile>"
SITEURL = "https://fuzz.example.org"

# Pieces a quoted opponent (or an attacker) might send, mixed with arbitrary text.
HOSTILE = [
    MARKER, "</script>", "<script>alert(1)</script>", '"', "'", "&", "&amp;", "<", ">",
    "onerror=alert(1)", "javascript:alert(1)", "\u202e", "\u200b", "\u200d", "👩‍👩‍👧",
    "🚀", "ŵ ŷ", "ł ż ę", "£", "“”", "مرحبا", "--", "---", "{filename}", "#", "%20", "\\",
]  # fmt: skip
# YAML cannot carry every code point, and HTML folds some: no surrogates, controls,
# unassigned or private code points (they never come from a speech or a press release).
CHARACTERS = st.characters(blacklist_categories=("Cs", "Cc", "Cn", "Co"))
piece = st.one_of(st.sampled_from(HOSTILE), st.text(CHARACTERS, min_size=1, max_size=40))
text = st.lists(piece, min_size=1, max_size=8).map(" ".join).filter(lambda t: t.strip())


def normal(value: str) -> str:
    """Text as a reader sees it: the contract trims, HTML folds runs of white space."""
    return " ".join(value.split())


def build(front: dict, body: str = "Body.") -> Site:
    root = Path(tempfile.mkdtemp(prefix="fuzz-"))
    site = Site(root)
    site.content.mkdir()
    site.write("posts/fuzz.md", post(**front, body=body))
    site.build("publishconf.py", SITEURL=SITEURL, SEARCH_INDEX=False)
    return site


@FUZZ
@given(
    title=text.map(lambda t: t[:200]).filter(lambda t: t.strip()),
    claim=st.one_of(text, text.map(lambda t: (t * 60)[:2000])),
    claimant=text,
    fact=text,
    source_title=text,
    summary=text,
    tag=text.map(lambda t: t[:60]).filter(lambda t: t.strip() and "," not in t),
    body=st.lists(piece, max_size=12).map(" ".join),
)
def test_a_valid_post_always_builds_and_no_text_escapes_where_it_lands(
    title, claim, claimant, fact, source_title, summary, tag, body
):
    front = {
        "title": title,
        "slug": "fuzz",
        "summary": summary,
        "tags": [tag],
        "claim": claim,
        "claimant": claimant,
        "verdict": "false",
        "facts": [{"fact": fact, "sources": [
            {"url": "https://www.example.org/a?b=1&c=<2>", "title": source_title}
        ]}],
    }  # fmt: skip
    site = build(front, body)

    # Every page is well-formed HTML, and no field text became an element.
    for path in site.output.rglob("*.html"):
        parser = html5lib.HTMLParser(strict=False)
        parser.parse(path.read_bytes())
        assert parser.errors == [], (path, parser.errors[:3])
        soup = BeautifulSoup(path.read_bytes(), "html.parser")
        assert soup.find("x-hostile") is None, path
        for script in soup.find_all("script"):
            assert script.get("src") or script.get("type") == "application/ld+json", path

    page = site.page("/2026/11/fuzz/")
    shown = normal(page.get_text(" "))
    for value in (title, claim, claimant, fact, source_title):
        assert normal(value) in shown

    # JSON-LD parses and carries the exact text.
    (posting,) = [json.loads(s.string) for s in page.find_all("script", type="application/ld+json")]
    assert posting["headline"] == title.strip()
    assert posting["description"] == summary.strip()
    assert posting["citation"][0]["name"] == source_title.strip()

    # Feeds parse for feed readers, and carry the title and claim exactly.
    for name in ("feed.xml", "atom.xml"):
        parsed = feedparser.parse((site.output / name).read_bytes())
        assert not parsed.bozo, (name, parsed.get("bozo_exception"))
        assert len(parsed.entries) == 1
    rss = etree.fromstring((site.output / "feed.xml").read_bytes())
    assert rss.findtext("channel/item/title") == title.strip()
    content = rss.findtext("channel/item/{http://purl.org/rss/1.0/modules/content/}encoded")
    assert normal(claim) in normal(BeautifulSoup(content, "html.parser").get_text(" "))
    feed = json.loads((site.output / "feed.json").read_text())
    assert feed["items"][0]["title"] == title.strip()

    # Share links decode back to the text, cut only at a word and never through the link.
    url = f"{SITEURL}/2026/11/fuzz/"
    for link in page.select(".share__link"):
        parts = urlsplit(link["href"])
        if parts.scheme != "https" or parts.netloc not in ("wa.me", "bsky.app"):
            continue
        shared = parse_qs(parts.query)["text"][0]
        assert shared.endswith(" " + url)
        said = shared.removesuffix(" " + url).removesuffix(" #ExampleParty").removesuffix("…")
        assert title.strip().startswith(said.rstrip(" ,;:.-–—"))

    # Both cards exist at their sizes.
    for meta, size in (("og:image", (1200, 630)),):
        image = page.find("meta", property=meta)["content"].removeprefix(SITEURL + "/")
        from PIL import Image

        with Image.open(site.output / image) as card:
            assert card.size == size


MISTAKES = {
    "unknown field": lambda front: {**front, "facs": "x"},
    "bad date": lambda front: {**front, "date": "2026-02-30"},
    "bad verdict": lambda front: {**front, "verdict": "fasle"},
    "script url": lambda front: {**front, "claim_url": "javascript:alert(1)"},
    "no sources": lambda front: {**front, "facts": [{"fact": "x"}]},
    "title too long": lambda front: {**front, "title": "x" * 201},
    "list title": lambda front: {**front, "title": ["a", "b"]},
    "empty claimant": lambda front: {**front, "claimant": " "},
}
PROBLEM_LINE = re.compile(r"^.+\.md:\d+: [\w\[\].-]+: .+$")


@FUZZ
@given(
    title=text.map(lambda t: t[:200]).filter(lambda t: t.strip()),
    claim=text,
    mistakes=st.lists(st.sampled_from(sorted(MISTAKES)), min_size=1, max_size=3, unique=True),
    raw_fault=st.sampled_from([None, "no closing", "not utf-8", "tab indent", "bad yaml"]),
)
def test_an_invalid_post_always_fails_with_file_line_and_field(title, claim, mistakes, raw_fault):
    front = {"title": title, "claim": claim, "claimant": "Them", "verdict": "false",
             "facts": [{"fact": "x", "source": "https://www.example.org/"}]}  # fmt: skip
    for mistake in mistakes:
        front = MISTAKES[mistake](front)
    data = post(**front).encode("utf-8")
    if raw_fault == "no closing":
        data = data.replace(b"\n---\n", b"\n", 1).rsplit(b"---", 1)[0]
    elif raw_fault == "not utf-8":
        data = data.replace(b"title:", b"title: \xff", 1)
    elif raw_fault == "tab indent":
        data = data.replace(b"\n  ", b"\n\t", 1)
    elif raw_fault == "bad yaml":
        data = data.replace(b"claimant:", b"claimant: [unclosed", 1)
    root = Path(tempfile.mkdtemp(prefix="fuzz-bad-"))
    site = Site(root)
    (site.content / "posts").mkdir(parents=True)
    (site.content / "posts/bad.md").write_bytes(data)
    with pytest.raises(ContentError) as failure:
        site.build()
    lines = str(failure.value.code).splitlines()
    assert lines[-1].startswith("The build stopped:")
    assert lines[:-1] and all(PROBLEM_LINE.match(line) for line in lines[:-1]), lines
    assert not site.output.exists() or not list(site.output.rglob("*.html"))
