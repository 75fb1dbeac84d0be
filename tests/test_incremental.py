"""Rebuilds over the previous output give exactly what a build into an empty folder gives.

One project (settings, theme and content copied into a temporary folder, the plugins
linked) is built over and over into the same output, with the tasks' content cache
(sitetools/reader_cache.py), after each kind of change an editor or developer makes; after
each, a clean build (empty output, no content cache) of the same project must match it
byte for byte (images pixel for pixel), file for file, with one intended difference: a
rebuild keeps older cards in ``cards/`` (so previews of links already shared keep their
image), where a clean build has only the current ones. The clean build has caches of
its own, empty: nothing stale in a cache can reach both sides. Changes to the plugins'
code are in test_incremental_code.py.
"""

from __future__ import annotations

import gzip
import os
import re
import time

import pytest
from changes import (
    CHANGES,
    DELETED,
    EDITED,
    assert_same_as_clean_build,
    build,
    delete_post,
    files,
    make_project,
    replace_in,
    retitle,
)

pytestmark = pytest.mark.build


def test_a_rebuild_after_each_kind_of_change_equals_a_clean_build(tmp_path):
    project = make_project(tmp_path / "project")
    output = tmp_path / "output"
    build(project, output, cached=True)
    build(project, output, cached=True)  # nothing changed
    for number, change in enumerate(CHANGES):
        before = files(output)
        change(project)
        build(project, output, cached=True)
        assert_same_as_clean_build(project, output, tmp_path / f"clean-{number}", before, change)


def test_a_rebuild_with_no_change_rewrites_no_file(tmp_path):
    project = make_project(tmp_path / "project")
    output = tmp_path / "output"
    build(project, output, cached=True)
    stamps = {
        path: (path.stat().st_mtime_ns, path.stat().st_ino)
        for path in output.rglob("*")
        if path.is_file()
    }
    build(project, output, cached=True)
    after = {
        path: (path.stat().st_mtime_ns, path.stat().st_ino)
        for path in output.rglob("*")
        if path.is_file()
    }
    assert after == stamps
    assert len(stamps) > 100  # pages, feeds, cards, the search index


def test_files_of_a_deleted_post_are_removed_and_others_left_alone(tmp_path):
    project = make_project(tmp_path / "project")
    output = tmp_path / "output"
    replace_in(
        project / DELETED, "tags: [Crime, Policing]", "tags: [Crime, Policing]\naliases: [/crime/]"
    )
    build(project, output, cached=True)
    mine = output / "notes-by-hand.txt"
    mine.write_text("not the build's", encoding="utf-8")
    slug = "crime-in-exampleton-has-not-doubled"
    page = output / f"2026/09/{slug}/index.html"
    email = output / f"email/2026/09/{slug}/index.html"
    redirect = output / "crime/index.html"
    assert page.exists() and email.exists() and redirect.exists() and slug in search_urls(output)
    cards = set(re.findall(r"cards/[0-9a-f]+-\w+\.(?:png|jpg)", page.read_text(encoding="utf-8")))
    assert cards, "the post's page shows its cards"
    # As if the clock stepped back after this build (a virtual machine's clock under load
    # does): what decides what is removed must not be a file's date.
    future = time.time_ns() + 3600 * 10**9
    for path in (page, email, redirect):
        os.utime(path, ns=(future, future))

    delete_post(project)
    build(project, output, cached=True)
    assert not page.exists() and not email.exists() and not redirect.exists()
    assert not page.parent.exists()
    mentions = [
        path
        for path, data in files(output).items()
        if not path.startswith(("cards/", "pagefind"))
        and (slug.encode() in data or any(card.encode() in data for card in cards))
    ]
    assert mentions == [], "no feed, listing, sitemap or page names the post or its cards"
    assert slug not in search_urls(output)
    assert (output / "cards").is_dir() and len(list((output / "cards").iterdir())) >= 2
    assert mine.exists(), "a file the build never wrote is not the build's to remove"


def search_urls(output) -> str:
    """The addresses of every page in the search index, as one text."""
    found = []
    for fragment in output.glob("pagefind*/fragment/*.pf_fragment"):
        found.append(gzip.decompress(fragment.read_bytes()).decode("utf-8", "replace"))
    return "\n".join(re.findall(r'"url":"([^"]*)"', "\n".join(found)))


def rendered_templates(monkeypatch) -> list[str]:
    """Names of the templates rendered from now on (Pelican's pages and the feeds' own)."""
    import jinja2

    names: list[str] = []
    render = jinja2.Template.render

    def counting(self, *args, **kwargs):
        names.append(self.name)
        return render(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "render", counting)
    return names


def test_a_rebuild_renders_only_the_pages_a_change_affects(tmp_path, monkeypatch):
    project = make_project(tmp_path / "project")
    output = tmp_path / "output"
    build(project, output, cached=True)
    pages = sum(1 for path in output.rglob("*.html") if "pagefind" not in path.parts)

    rendered = rendered_templates(monkeypatch)
    build(project, output, cached=True)
    assert rendered == [], "with nothing changed, nothing is rendered"

    # A word in the body of one post: in no listing, but in its feeds' items.
    replace_in(project / EDITED, "it is still not true", "it is still untrue")
    build(project, output, cached=True)
    # The post and its two neighbours (whose pages name it); of the listings, only those
    # it is on (and a listing page next to one, which links to it): the home pages
    # (there are two), its two topics, its month, the every-post page; its email
    # edition; the feeds it is in. No static page, no other topic or month.
    assert rendered.count("article.html") == 3
    assert rendered.count("index.html") == 2
    assert rendered.count("tag.html") == 2
    assert rendered.count("period_archives.html") == 1
    assert rendered.count("page.html") == 0
    assert "email_edition.html" in rendered and "feed_item.html" in rendered
    assert pages > 60  # the example site has many more pages than that

    rendered.clear()
    retitle(project)  # a title shows on listings, topics, neighbours and feeds too
    build(project, output, cached=True)
    assert {"index.html", "tag.html", "article.html", "feed_item.html"} <= set(rendered)
    assert len(rendered) < pages
