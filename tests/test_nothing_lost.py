"""The nothing-lost check: every published post in every place, no draft in any."""

from __future__ import annotations

import shutil

import pytest
from sites import ROOT, example_site

from sitetools import content, postbuild, publish
from sitetools import settings as site_settings
from sitetools.nothing_lost import where_missing

pytestmark = pytest.mark.build
TEACHERS = "posts/2026-11-02-teacher-numbers.md"
TEACHERS_URL = "2026/11/we-are-not-cutting-200-teachers-our-plan-pays-for-120-more/"


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    root = tmp_path_factory.mktemp("lost")
    site = example_site(root)
    publish.publish(str(ROOT / "publishconf.py"), str(site.content), str(root / "out"))
    return site, root / "out"


@pytest.fixture
def built(published, tmp_path):
    site, output = published
    copy = tmp_path / "out"
    shutil.copytree(output, copy)
    settings = site_settings.load(str(ROOT / "publishconf.py"), str(site.content))
    items = content.read(settings)[0]
    return postbuild.Built(str(copy), settings["SITEURL"], items, settings=settings)


def edit(built, name: str, old: str, new: str) -> None:
    path = f"{built.output}/{name}"
    with open(path, encoding="utf-8") as file:
        text = file.read()
    assert old in text, (name, old)
    with open(path, "w", encoding="utf-8") as file:
        file.write(text.replace(old, new))


def test_the_example_site_loses_nothing(built):
    assert where_missing(built) == []


def test_publish_runs_the_check(built):
    assert "nothing-lost" in postbuild.CHECKS


def test_a_post_missing_from_the_home_listing_is_named(built):
    edit(built, "index.html", TEACHERS_URL, "2026/11/elsewhere/")
    assert f"{TEACHERS} (We are not cutting 200 teachers. Our plan pays for 120 more.) " \
        "is missing from the home listing" in where_missing(built)  # fmt: skip


def test_a_post_missing_from_its_topic_page_and_feeds_is_named(built):
    edit(built, "topics/education/index.html", TEACHERS_URL, "2026/11/elsewhere/")
    edit(built, "topics/education/feed.xml", TEACHERS_URL, "2026/11/elsewhere/")
    edit(built, "feed.xml", TEACHERS_URL, "2026/11/elsewhere/")
    problems = " | ".join(where_missing(built))
    assert "is missing from its topic page /topics/education/" in problems
    assert "is missing from the feed /topics/education/feed.xml" in problems
    assert "is missing from the feed /feed.xml" in problems


def test_a_post_missing_from_the_sitemap_and_search_is_named(built):
    edit(built, "sitemap.xml", TEACHERS_URL, "2026/11/elsewhere/")
    shutil.rmtree(f"{built.output}/pagefind/fragment")
    (__import__("os")).mkdir(f"{built.output}/pagefind/fragment")
    problems = " | ".join(where_missing(built))
    assert f"{TEACHERS} (We are not cutting 200 teachers" in problems
    assert "is missing from the sitemap" in problems
    assert problems.count("is missing from the search index") == 14


def test_a_draft_in_a_listing_is_named(built):
    draft = next(i for i in built.items if not i.public and i.kind == "article")
    edit(built, "index.html", TEACHERS_URL, draft.url)
    assert f"/index.html lists unpublished /{draft.url}" in where_missing(built)
