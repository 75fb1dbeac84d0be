"""The post-build checks, each on a small output folder made for the case."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest
from posts.tree import Entry

from sitetools import postbuild
from sitetools.content import Item

SITE = "https://rt.example.org"


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def page(body: str = "", head: str = "") -> str:
    return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>"


def item(url: str, status: str = "published", public: bool = True, kind: str = "article"):
    source = f"posts/{url.strip('/') or 'x'}.md"
    entry = Entry(source, "/x.md", kind, status, datetime(2026, 11, 1), "t", False, {}, title="T")
    return Item(source, "/x.md", kind, entry, "t", public, url)


def built(tmp_path, files, siteurl=SITE, items=(), unpublished=(), **more) -> postbuild.Built:
    write(tmp_path, files)
    return postbuild.Built(str(tmp_path), siteurl, list(items), list(unpublished), **more)


GOOD_LINKS = {
    "index.html": page(
        '<a href="https://rt.example.org/2026/11/post/">absolute</a>'
        '<a href="/about/">root-relative</a>'
        '<a href="about">folder without slash</a>'
        '<a href="#main">fragment</a><a href="mailto:x@example.org">mail</a>'
        '<a href="https://elsewhere.example.com/missing/">external</a>'
        '<a href="//cdn.example.com/x.js">protocol-relative, elsewhere</a>'
        '<img src="theme/images/a%20b.png" srcset="theme/images/a%20b.png 1x, /theme/c.png 2x">',
        head='<link rel="stylesheet" href="/theme/css/site.css">'
        '<meta property="og:image" content="https://rt.example.org/theme/c.png">',
    ),
    "2026/11/post/index.html": page('<a href="../../../about/?q=1#top">up and query</a>'),
    "about/index.html": page(),
    "old/index.html": page(head='<meta http-equiv="refresh" content="0; url=/2026/11/post/">'),
    "theme/css/site.css": "body { background: url('../c.png') }",
    "theme/images/a b.png": "png",
    "theme/c.png": "png",
}


def test_links_that_resolve_pass(tmp_path):
    assert postbuild.internal_links_resolve(built(tmp_path, GOOD_LINKS)) == []


@pytest.mark.parametrize(
    "files, problem",
    [
        (
            {"index.html": page('<a href="/gone/">x</a>')},
            "link to /gone/ leads nowhere: on index.html",
        ),
        ({"index.html": page('<img src="/a.png" alt="">')}, "image to /a.png leads nowhere"),
        (
            {"a/index.html": page('<a href="../b/">x</a>')},
            "link to /b/ leads nowhere: on a/index.html",
        ),
        ({"index.html": page('<a href="https://rt.example.org/x.html">x</a>')}, "link to /x.html"),
        ({"index.html": page('<img srcset="/ok.png 1x, /big.png 2x">'), "ok.png": ""}, "/big.png"),
        ({"index.html": page(head='<meta property="og:image" content="/card.png">')}, "/card.png"),
        (
            {"r/index.html": page(head='<meta http-equiv="refresh" content="0; url=/new/">')},
            "/new/",
        ),
        (
            {"site.css": "a { background: url(/bg.png) }"},
            "link to /bg.png leads nowhere: on site.css",
        ),
        ({"index.html": page('<script src="/app.js"></script>')}, "link to /app.js"),
    ],
)
def test_a_missing_target_is_reported(tmp_path, files, problem):
    problems = postbuild.internal_links_resolve(built(tmp_path, files))
    assert len(problems) == 1
    assert problem in problems[0]


def test_one_missing_target_is_one_problem_naming_its_pages(tmp_path):
    files = {
        f"p{n}/index.html": page('<a href="/gone/">x</a><a href="/gone/">y</a>') for n in range(5)
    }
    problems = postbuild.internal_links_resolve(built(tmp_path, files))
    assert problems == [
        "link to /gone/ leads nowhere: on p0/index.html, p1/index.html, p2/index.html and 2 more"
    ]


def test_a_site_under_a_path_checks_links_under_that_path(tmp_path):
    files = {"index.html": page('<a href="https://me.github.io/site/about/">a</a>'
                                '<a href="/elsewhere/">another site on the host</a>'
                                '<a href="https://me.github.io/site/gone/">g</a>'),
             "about/index.html": page()}  # fmt: skip
    problems = postbuild.internal_links_resolve(built(tmp_path, files, "https://me.github.io/site"))
    assert problems == ["link to /gone/ leads nowhere: on index.html"]


def test_relative_links_of_a_development_build(tmp_path):
    files = {"a/index.html": page('<a href="../b/">b</a><a href="../c/">c</a>'), "b/index.html": ""}
    problems = postbuild.internal_links_resolve(built(tmp_path, files, siteurl=""))
    assert problems == ["link to /c/ leads nowhere: on a/index.html"]


def test_the_same_relative_link_on_pages_in_other_folders_leads_to_other_places(tmp_path):
    files = {
        "a/index.html": page('<a href="x/">x</a><a href="?page=2">q</a>'),
        "a/x/index.html": "",
        "b/index.html": page('<a href="x/">x</a><a href="/a/x/">root</a>'),
        "b/other.html": page('<a href="x/">x</a>'),
    }
    problems = postbuild.internal_links_resolve(built(tmp_path, files))
    assert problems == ["link to /b/x/ leads nowhere: on b/index.html, b/other.html"]


def test_addresses_are_read_as_a_browser_reads_them(tmp_path):
    files = {
        "index.html": page('<a href="/a%20b/?x=1&amp;y=2">escaped</a><a href=/c/>bare</a>'),
        "a b/index.html": "",
        "empty.html": "",
    }
    problems = postbuild.internal_links_resolve(built(tmp_path, files))
    assert problems == ["link to /c/ leads nowhere: on index.html"]


def again(previous: postbuild.Built, siteurl=SITE) -> postbuild.Built:
    """The next publish's view of the same folder, with what the last one remembered."""
    memo = postbuild.Memo(previous.memo.to_keep(), siteurl)
    return postbuild.Built(previous.output, siteurl, memo=memo)


def rewrite(path: Path, text: str) -> None:
    """As a build writes a file: a new one (a new date), whatever its size."""
    stat = path.stat()
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))


def test_a_page_rewritten_since_the_last_publish_is_read_again(tmp_path):
    first = built(tmp_path, {"index.html": page('<a href="/about/">a</a>'), "about/index.html": ""},
                  memo=postbuild.Memo({}, SITE))  # fmt: skip
    assert postbuild.internal_links_resolve(first) == []
    rewrite(tmp_path / "index.html", page('<a href="/gone/">a</a>'))  # the same size
    assert postbuild.internal_links_resolve(again(first)) == [
        "link to /gone/ leads nowhere: on index.html"
    ]


def test_a_page_not_rewritten_is_not_read_again(tmp_path):
    first = built(tmp_path, {"index.html": page('<a href="/about/">a</a>'), "about/index.html": ""},
                  memo=postbuild.Memo({}, SITE))  # fmt: skip
    postbuild.internal_links_resolve(first)
    second = again(first)
    second.read = None  # any read would fail
    assert postbuild.internal_links_resolve(second) == []
    # A target removed since is still found missing: only what a page says is remembered.
    (tmp_path / "about/index.html").unlink()
    assert postbuild.internal_links_resolve(again(second)) == [
        "link to /about/ leads nowhere: on index.html"
    ]


def test_the_memo_is_not_used_for_another_site_address_or_other_code(tmp_path, monkeypatch):
    first = built(tmp_path, {"index.html": page('<a href="https://rt.example.org/x/">a</a>')},
                  memo=postbuild.Memo({}, SITE))  # fmt: skip
    assert len(postbuild.internal_links_resolve(first)) == 1
    moved = again(first, siteurl="https://elsewhere.example.org")
    assert postbuild.internal_links_resolve(moved) == []  # the link now leaves the site
    monkeypatch.setattr(postbuild, "code_fingerprint", lambda: "other checks")
    assert postbuild.Memo(first.memo.to_keep(), SITE).found == {}


def test_every_public_post_has_its_page(tmp_path):
    site = built(
        tmp_path,
        {"2026/11/here/index.html": page()},
        items=[item("2026/11/here/"), item("2026/11/gone/"), item("drafts/d/", "draft", False)],
    )
    assert postbuild.every_public_post_has_its_page(site) == [
        "posts/2026/11/gone.md: its page /2026/11/gone/ was not written"
    ]


def test_drafts_stay_out_of_the_output(tmp_path):
    draft = item("drafts/prebuttal/", "draft", public=False)
    clean = built(tmp_path / "a", {"index.html": page("nothing")}, unpublished=[draft])
    assert postbuild.drafts_stay_out(clean) == []
    leaked = built(
        tmp_path / "b",
        {"drafts/prebuttal/index.html": page(), "feed.xml": "<a>drafts/prebuttal/</a>"},
        unpublished=[draft],
    )
    assert postbuild.drafts_stay_out(leaked) == [
        "posts/drafts/prebuttal.md: a draft is in the output at /drafts/prebuttal/",
        "feed.xml: names the unpublished posts/drafts/prebuttal.md (/drafts/prebuttal/)",
    ]


def test_a_new_draft_is_looked_for_in_files_read_at_the_last_publish(tmp_path):
    files = {"feed.xml": "<a>drafts/second/</a>"}
    first = built(tmp_path, files, unpublished=[item("drafts/first/", "draft", public=False)],
                  memo=postbuild.Memo({}, SITE))  # fmt: skip
    assert postbuild.drafts_stay_out(first) == []
    second = again(first)
    second.unpublished = [item("drafts/second/", "draft", public=False)]
    assert postbuild.drafts_stay_out(second) == [
        "feed.xml: names the unpublished posts/drafts/second.md (/drafts/second/)"
    ]


def test_the_placeholder_source_never_goes_out(tmp_path):
    site = built(tmp_path, {"a/index.html": page(f'<a href="{postbuild.PLACEHOLDER_URL}">s</a>')})
    assert postbuild.no_placeholders(site) == [
        f"a/index.html: still has the placeholder source {postbuild.PLACEHOLDER_URL} "
        "(from invoke new)"
    ]


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><id>urn:x</id><title>T</title>
<updated>2026-11-01T00:00:00Z</updated>{entries}</feed>"""
ENTRY = "<entry><id>urn:e</id><title>E</title><updated>2026-11-01T00:00:00Z</updated></entry>"
RSS = """<rss version="2.0"><channel><title>T</title><link>https://rt.example.org/</link>
<description>D</description><item><title>I</title></item></channel></rss>"""


def test_feeds_are_checked_only_when_there_are_some(tmp_path):
    assert postbuild.feeds_parse(built(tmp_path, {"index.html": page()})) == []


def test_good_feeds_pass(tmp_path):
    files = {
        "feeds/all.atom.xml": ATOM.format(entries=ENTRY),
        "feeds/all.rss.xml": RSS,
        "feed.json": '{"version": "https://jsonfeed.org/version/1.1", "title": "T",'
        ' "items": [{"id": "urn:e"}]}',
        "search.json": '{"pages": []}',
        "sitemap.xml": "<urlset/>",
    }
    assert postbuild.feeds_parse(built(tmp_path, files)) == []


@pytest.mark.parametrize(
    "name, text, problem",
    [
        ("all.atom.xml", ATOM.format(entries=ENTRY + "<entry>&nbsp;</entry>"), "not well-formed"),
        (
            "all.atom.xml",
            ATOM.format(entries=ENTRY.replace("<id>urn:e</id>", "")),
            "entry 1 has no <id>",
        ),
        ("all.rss.xml", "<rss><item/></rss>", "an RSS feed with no <channel>"),
        ("feed.json", '{"version": "https://jsonfeed.org/version/1.1", "items": []}', "no title"),
        ("feed.json", '{"version": ', "not JSON"),
    ],
)
def test_a_broken_feed_is_reported(tmp_path, name, text, problem):
    problems = postbuild.feeds_parse(built(tmp_path, {name: text}))
    assert len(problems) == 1 and problem in problems[0], problems


SITEMAP = """<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{}</urlset>"""


def test_the_sitemap_is_checked_only_when_there_is_one(tmp_path):
    site = built(tmp_path, {"index.html": page()}, items=[item("2026/11/a/")])
    assert postbuild.every_post_in_the_sitemap(site) == []


def test_every_listed_post_is_in_the_sitemap(tmp_path):
    files = {"sitemap.xml": SITEMAP.format(f"<url><loc>{SITE}/2026/11/a/</loc></url>")}
    items = [item("2026/11/a/"), item("2026/11/b/"), item("2026/11/h/", "hidden")]
    assert postbuild.every_post_in_the_sitemap(built(tmp_path, files, items=items)) == [
        f"sitemap.xml: does not list {SITE}/2026/11/b/ (posts/2026/11/b.md)"
    ]


def test_a_sitemap_index_is_followed(tmp_path):
    index = (
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{SITE}/sitemap-posts.xml</loc></sitemap>"
        f"<sitemap><loc>{SITE}/sitemap-gone.xml</loc></sitemap></sitemapindex>"
    )
    files = {
        "sitemap.xml": index,
        "sitemap-posts.xml": SITEMAP.format(f"<url><loc>{SITE}/2026/11/a/</loc></url>"),
    }
    site = built(tmp_path, files, items=[item("2026/11/a/")])
    assert postbuild.every_post_in_the_sitemap(site) == [
        f"sitemap.xml: lists {SITE}/sitemap-gone.xml, which is not in the output"
    ]


def test_checks_are_a_registry_that_others_can_join(tmp_path, monkeypatch):
    monkeypatch.setattr(postbuild, "CHECKS", dict(postbuild.CHECKS))

    @postbuild.check("robots")
    def robots_txt_exists(site):
        return [] if site.exists("robots.txt") else ["robots.txt is missing"]

    site = built(tmp_path, {"index.html": page()})
    assert postbuild.run(site) == ["robots: robots.txt is missing"]
    assert postbuild.run(site, ["links"]) == []


def test_pages_read_by_several_processes_give_the_same_problems(tmp_path, monkeypatch):
    files = {**GOOD_LINKS, **{f"p{n}/index.html": page(f'<a href="/gone-{n % 3}/">x</a>')
                              for n in range(7)}}  # fmt: skip
    alone = postbuild.internal_links_resolve(built(tmp_path / "a", files))
    monkeypatch.setattr(postbuild, "PARALLEL_FROM", 1)
    monkeypatch.setattr(postbuild.cores, "count", lambda: 3)
    pools = []

    class Pool(postbuild.ProcessPoolExecutor):
        def __init__(self, workers, **options):
            pools.append(workers)
            super().__init__(workers, **options)

    monkeypatch.setattr(postbuild, "ProcessPoolExecutor", Pool)
    assert postbuild.internal_links_resolve(built(tmp_path / "b", files)) == alone
    assert len(alone) == 3 and pools == [3]
