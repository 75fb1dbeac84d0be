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
from pelican.settings import read_settings
from posts import sitepaths
from posts.characters import BIDI, forbidden
from posts.contract import ContractSettings, limit_key, read_post
from posts.limits import MAX_COUNT, MAX_LENGTH
from posts.problems import ContentError
from posts.tree import topic_slug
from posts.verdicts import DEFAULT_VERDICTS
from sites import ROOT, Site, post

pytestmark = pytest.mark.build

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SETTINGS = read_settings(str(ROOT / "pelicanconf.py"))
MARKER = "<x-hostile>"
SITEURL = "https://fuzz.example.org"

# Pieces a quoted opponent (or an attacker) might send, mixed with arbitrary text.
HOSTILE = [
    MARKER, "</script>", "<script>alert(1)</script>", '"', "'", "&", "&amp;", "<", ">",
    "onerror=alert(1)", "javascript:alert(1)", "\u200b", "\u200d", "👩‍👩‍👧",
    "🚀", "ŵ ŷ", "ł ż ę", "£", "“”", "مرحبا", "--", "---", "{filename}", "#", "%20", "\\",
]  # fmt: skip
# YAML cannot carry every code point, and HTML folds some: no surrogates, controls,
# unassigned or private code points (they never come from a speech or a press release);
# and the contract refuses bidirectional overrides (see the properties further down).
CHARACTERS = st.characters(blacklist_categories=("Cs", "Cc", "Cn", "Co"), blacklist_characters=BIDI)
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


def within(field: str):
    """Text no longer than the contract allows in ``field`` (limits.MAX_LENGTH)."""
    return text.map(lambda t: t[: MAX_LENGTH[field]]).filter(lambda t: t.strip())


@FUZZ
@given(
    title=within("title"),
    claim=st.one_of(within("claim"), text.map(lambda t: (t * 60)[: MAX_LENGTH["claim"]])),
    claimant=within("claimant"),
    fact=within("facts[].fact"),
    source_title=within("facts[].sources[].title"),
    summary=within("summary"),
    # A topic needs letters or digits for its address (a tag of "🏥" alone is refused).
    tag=within("tags[]").filter(lambda t: "," not in t and topic_slug(t, SETTINGS)),
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
    # Each mistake has a field of its own, so any two of them can be made together.
    "word's line break": lambda front: {**front, "summary": "Pasted from\x0bWord."},
    "bidi override": lambda front: {**front, "claimant": "\u202eThem"},
    "alias with a newline": lambda front: {**front, "aliases": ["/a\nM 100644 inline x"]},
    "alias onto a feed": lambda front: {**front, "aliases": ["/atom.xml"]},
    "too many tags": lambda front: {**front, "tags": [f"t{n}" for n in range(300)]},
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


# -- aliases, control characters and sizes: the contract alone, many examples ----------------

MANY = settings(max_examples=max(EXAMPLES * 8, 200), deadline=None)
RULES = ContractSettings(verdicts=tuple(DEFAULT_VERDICTS))
ALIAS_PIECES = ["/", "/", "a", "2026", "-", ".", "..", "%2e", "%2F", "%0a", "%20", "%C3%A9",
                "é", " ", "\n", "?", "#", "\\", "*", ":", "%", "%zz", "index.html"]  # fmt: skip
alias_text = st.one_of(
    st.lists(st.sampled_from(ALIAS_PIECES), min_size=1, max_size=12).map("".join),
    st.text(min_size=1, max_size=40),
)
UNSAFE_IN_PATH = re.compile(r"[\s\\?#*:\x00-\x1f\x7f-\x9f]")


@MANY
@given(alias=alias_text)
def test_an_alias_is_refused_or_one_safe_spelling(alias):
    path, why = sitepaths.normalise(alias)
    if path is None:
        assert why
        return
    decoded = sitepaths.file_of(path)
    # One spelling: normalising again changes nothing; typed and encoded forms agree.
    assert sitepaths.normalise(path) == (path, "")
    assert path.startswith("/") and not path.startswith("//")
    # Nothing the _redirects file or a shell-free deploy would read as a separator, and no
    # way out of the output folder or into a hidden one.
    assert not UNSAFE_IN_PATH.search(path) and not UNSAFE_IN_PATH.search(decoded)
    assert all(part not in ("", ".", "..") for part in decoded.split("/"))
    assert not any(part.startswith(".") for part in decoded.split("/"))
    assert not forbidden(decoded)


def raw_post(fields: str, body: str = "Body.\n") -> bytes:
    return f"---\ntitle: A post\ndate: 2026-11-02\n{fields}---\n{body}".encode(
        "utf-8", "surrogatepass"
    )


def problem_lines(raw: bytes) -> list[str]:
    post_, problems = read_post(raw, "content/posts/p.md", RULES)
    assert post_ is None
    return [str(problem) for problem in problems]


BAD = st.one_of(
    st.sampled_from(
        [
            "\x0b",
            "\x00",
            "\x1b",
            "\x85",
            "\x7f",
            "\ufffe",
            "\ufdd0",
            "\U0001fffe",
            "\U0010ffff",
            *BIDI,
        ]
    ),
    st.characters(min_codepoint=0, max_codepoint=0x1F).filter(lambda c: c not in "\n\r\t"),
    st.characters(min_codepoint=0x80, max_codepoint=0x9F),
)
FIELDS = ["summary", "claim_text", "share_text", "tags", "body"]


@MANY
@given(before=text, after=text, bad=BAD, where=st.sampled_from(FIELDS), escaped=st.booleans())
def test_a_control_character_anywhere_is_named_in_words_and_never_printed(
    before, after, bad, where, escaped
):
    value = before + bad + after
    if where == "body":
        raw = raw_post("", body=f"Intro.\n\n{value}\n")
        field, line = "body", 7
    else:
        key = {"claim_text": "share_text"}.get(where, where)
        # Typed into the file, or written as a YAML escape inside quotes: both are caught.
        typed = (
            json.dumps(value, ensure_ascii=False)
            if escaped
            else value.replace(":", " ").replace("#", " ")
        )
        raw = raw_post(f"{key}: {typed}\n")
        field, line = key, 4
    lines = problem_lines(raw)
    code = re.escape(f"U+{ord(bad):04X}")
    assert any(
        re.match(rf"content/posts/p\.md:{line}: {field}(\[1\])?: contains .*{code}, ", problem)
        for problem in lines
    ), lines
    for problem in lines:
        assert not forbidden(problem, allow_tab=False) and "\n" not in problem


@MANY
@given(field=st.sampled_from(sorted(MAX_LENGTH)), over=st.integers(0, 3))
def test_every_text_field_has_its_maximum_length(field, over):
    limit = MAX_LENGTH[field]
    value = "x" * (limit + over)
    raw = _with_field(field, value)
    post_, problems = read_post(raw, "content/posts/p.md", RULES)
    mentioned = [p for p in problems if "characters long" in p.message]
    if over == 0:
        assert not mentioned, [str(p) for p in problems]
    else:
        assert post_ is None and mentioned, field
        assert limit_key(mentioned[0].field) == field
        assert f"at most {limit:,} fit" in mentioned[0].message


@MANY
@given(field=st.sampled_from(sorted(MAX_COUNT)), over=st.integers(0, 2))
def test_every_list_has_its_maximum_count(field, over):
    count = MAX_COUNT[field] + over
    post_, problems = read_post(_with_count(field, count), "content/posts/p.md", RULES)
    mentioned = [p for p in problems if "items; at most" in p.message]
    if over == 0:
        assert not mentioned, [str(p) for p in problems]
    else:
        assert post_ is None and [limit_key(p.field) for p in mentioned] == [field]


def _rebuttal(facts: str = "", extra: str = "", body: str = "Body.\n") -> bytes:
    facts = facts or "facts:\n  - fact: A fact.\n    source: https://www.example.org/\n"
    return (
        "---\ntitle: A post\ndate: 2026-11-02\nclaim: Said.\nclaimant: Them\n"
        f"verdict: false\n{facts}{extra}---\n{body}"
    ).encode()


def _with_field(field: str, value: str) -> bytes:
    """A valid rebuttal whose ``field`` (a limits.MAX_LENGTH key) holds ``value``."""
    if field == "body":
        # Short paragraphs: only the body's length is over.
        block = "word " * 99 + "w\n\n"
        return _rebuttal(body=block * (len(value) // len(block)) + "x" * (len(value) % len(block)))
    url = "https://www.example.org/" + value[: max(0, len(value) - 24)]
    if field.endswith("url") or field in ("facts[].source",):
        value = url
    source = {
        "facts[].source": f"facts:\n  - fact: A fact.\n    source: {value}\n",
        "facts[].sources[].url": f"facts:\n  - fact: A.\n    sources:\n      - url: {value}\n",
        "facts[].fact": f"facts:\n  - fact: {value}\n    source: https://www.example.org/\n",
    }
    for key in ("title", "publisher", "archived_url"):
        source[f"facts[].sources[].{key}"] = (
            "facts:\n  - fact: A.\n    sources:\n      - url: https://www.example.org/\n"
            f"        {key}: {value}\n"
        )
    if field in source:
        return _rebuttal(facts=source[field])
    if field == "slug":
        value = "a" * len(value)
    extra = {
        "tags[]": f"tags: [{value}]\n",
        "authors[]": f"authors: [{value}]\n",
        "aliases[]": f"aliases: [/{value[1:]}]\n",
        "card.headline": f"card:\n  headline: {value}\n",
        "card.kicker": f"card:\n  kicker: {value}\n",
        "corrections[].note": f"corrections:\n  - date: 2026-11-03\n    note: {value}\n",
        "image": f"image: {value[:-4]}.png\n",
    }.get(field, f"{field}: {value}\n")
    if field in ("title", "claim", "claimant"):
        typed = {"title": "title: A post", "claim": "claim: Said.", "claimant": "claimant: Them"}
        return _rebuttal().replace(typed[field].encode(), f"{field}: {value}".encode(), 1)
    return _rebuttal(extra=extra)


def _with_count(field: str, count: int) -> bytes:
    items = {
        "tags": lambda: "tags: [" + ", ".join(f"t{n}" for n in range(count)) + "]\n",
        "authors": lambda: "authors: [" + ", ".join(f"a{n}" for n in range(count)) + "]\n",
        "aliases": lambda: "aliases: [" + ", ".join(f"/old/{n}/" for n in range(count)) + "]\n",
        "corrections": lambda: (
            "corrections:\n"
            + "".join(f"  - date: 2026-11-03\n    note: n{n}\n" for n in range(count))
        ),
    }
    if field == "facts":
        return _rebuttal(
            facts="facts:\n"
            + "".join(
                f"  - fact: F{n}.\n    source: https://www.example.org/\n" for n in range(count)
            )
        )
    if field == "facts[].sources":
        return _rebuttal(
            facts="facts:\n  - fact: F.\n    sources:\n"
            + "".join(f"      - https://www.example.org/{n}\n" for n in range(count))
        )
    return _rebuttal(extra=items[field]())
