"""A search index in parts (SEARCH_SHARD_SIZE), as a large site has: one search, every post.

The example site is built with two posts a part, so its fourteen published posts are
indexed in seven parts; headless Chromium searches for posts in the first, a middle
and the last part.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from browser import PageWatch, StaticServer
from playwright.sync_api import expect
from sites import example_site

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def parted_site(tmp_path_factory):
    server = StaticServer()
    site = example_site(tmp_path_factory.mktemp("parted"))
    site.build("publishconf.py", SITEURL=server.url, SEARCH_SHARD_SIZE=2)
    server.serve(site.output)
    site.url = server.url
    yield site
    server.close()


def test_the_index_is_written_in_parts_and_the_search_page_names_them(parted_site):
    output = parted_site.output
    parts = sorted(p.name for p in output.iterdir() if p.name.startswith("pagefind"))
    assert parts == ["pagefind", *(f"pagefind-{n}" for n in range(1, 7))]
    for part in parts:
        assert (output / part / "pagefind-entry.json").is_file()
    page = (output / "search" / "index.html").read_text(encoding="utf-8")
    assert f'data-pagefind-more="{parted_site.url}/pagefind-1/ ' in page
    assert f"{parted_site.url}/pagefind-6/" in page


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("VAT", "vat"),  # the oldest post: the first part
        ("bus passes", "bus passes"),  # the second part
        ("parking", "parking"),  # the newest: the last part
    ],
)
def test_one_search_finds_posts_in_every_part(chromium, parted_site, query, title):
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        watch = PageWatch(page, urlsplit(parted_site.url).netloc)
        page.goto(f"{parted_site.url}/search/?q={query}", wait_until="load")
        expect(page.locator("[data-search-status]")).to_contain_text("result")
        titles = [t.lower() for t in page.locator(".search__title").all_inner_texts()]
        assert any(title in t for t in titles), titles
        assert watch.third_party() == [] and watch.errors == []
    finally:
        context.close()
