"""A search index in parts (SEARCH_SHARD_SIZE), as a large site has: one search, every post.

The example site is built with two posts a part, so its fourteen published posts are
indexed in seven parts; headless Chromium searches for posts in the first, a middle
and the last part.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
from browser import PageWatch, StaticServer
from playwright.sync_api import expect
from sites import empty_site, example_site, rebuttal


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


@pytest.mark.browser
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


def part_dates(output) -> dict[str, int]:
    return {
        part.name: (part / "pagefind-entry.json").stat().st_mtime_ns
        for part in output.iterdir()
        if part.name.startswith("pagefind")
    }


def test_an_edit_indexes_again_only_the_part_its_post_is_in(tmp_path):
    site = example_site(tmp_path)
    site.build("pelicanconf.py", SEARCH_SHARD_SIZE=5)  # 14 posts: parts of 5, 5 and 4
    before = part_dates(site.output)
    assert sorted(before) == ["pagefind", "pagefind-1", "pagefind-2"]
    newest = site.content / "posts" / "2026-11-24-parking-charges-businesses.md"
    newest.write_text(
        newest.read_text(encoding="utf-8") + "\nA sentence about zebra crossings.\n",
        encoding="utf-8",
    )
    site.build("pelicanconf.py", SEARCH_SHARD_SIZE=5)
    after = part_dates(site.output)
    assert after["pagefind"] == before["pagefind"]
    assert after["pagefind-1"] == before["pagefind-1"]
    assert after["pagefind-2"] != before["pagefind-2"], "the newest post is in the last part"


def withdraw(site, name: str) -> None:
    """A post withdrawn as the README says: its file and its entry in the ledger."""
    (site.content / "posts" / f"{name}.md").unlink()
    ledger_path = site.content / "published.json"
    ledger = json.loads(ledger_path.read_text(encoding="utf-8"))
    del ledger["posts"][f"posts/{name}.md"]
    ledger_path.write_text(json.dumps(ledger, indent=2) + "\n", encoding="utf-8")


def test_parts_of_posts_no_longer_there_are_removed_and_no_posts_means_no_index(tmp_path):
    site = empty_site(tmp_path)
    for day in (1, 2, 3):
        site.write(f"posts/p{day}.md", rebuttal(f"Post {day}", date=f"2026-11-0{day} 09:00"))
    site.build("pelicanconf.py", SEARCH_SHARD_SIZE=1)
    assert sorted(part_dates(site.output)) == ["pagefind", "pagefind-1", "pagefind-2"]
    withdraw(site, "p3")
    site.build("pelicanconf.py", SEARCH_SHARD_SIZE=1)
    assert sorted(part_dates(site.output)) == ["pagefind", "pagefind-1"]

    for day in (1, 2):
        withdraw(site, f"p{day}")
    site.build("pelicanconf.py", SEARCH_SHARD_SIZE=1)
    assert part_dates(site.output) == {}
    page = (site.output / "search" / "index.html").read_text(encoding="utf-8")
    assert "data-pagefind" not in page.replace("data-pagefind-body", "")
