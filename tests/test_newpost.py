"""`invoke new`: a draft from the template that keeps to the contract as written."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from posts import tree
from posts.reader import read_source
from projects import project
from sites import ROOT, empty_site

from sitetools import ToolError, newpost
from sitetools import settings as site_settings

SUMMER = datetime(2026, 7, 1, 22, 30, tzinfo=UTC)  # 23:30 in London (BST)


@pytest.fixture
def site(tmp_path):
    site = empty_site(tmp_path)
    return site, site_settings.load(str(ROOT / "pelicanconf.py"), str(site.content))


def test_a_new_post_is_a_draft_that_passes_the_check(site):
    site, settings = site
    path = newpost.create(settings, "Bus passes are safe", now=SUMMER)
    post, problems = read_source(path, settings)
    assert problems == []
    assert post.status == "draft"
    assert post.is_rebuttal
    assert post.facts[0].sources[0].url == newpost.PLACEHOLDER_URL
    assert tree.check(settings) == ([], [])


def test_it_is_named_from_the_title_and_dated_now_in_the_sites_timezone(site):
    site, settings = site
    path = newpost.create(settings, "Bus passes are safe", now=SUMMER)
    assert path == str(site.content / "posts/2026-07-01-bus-passes-are-safe.md")
    text = site.content.joinpath("posts/2026-07-01-bus-passes-are-safe.md").read_text()
    assert "\ndate: 2026-07-01 23:30\n" in text
    post, _ = read_source(path, settings)
    assert post.date == SUMMER


@pytest.mark.parametrize(
    "title",
    [
        "They said: \"no\" — we say 'yes'",
        "No",
        "- starts with a dash",
        "#1 priority & <b>bold</b> claims",
        "Dŵr Cymru's bills 💧",
        "true",
    ],
)
def test_any_title_is_written_as_typed(site, title):
    site, settings = site
    path = newpost.create(settings, title, claim=title, claimant=title, now=SUMMER)
    post, problems = read_source(path, settings)
    assert problems == []
    assert post.title == title
    assert post.claim.text == title
    assert post.claim.claimant == title


def test_the_options_fill_the_template(site):
    site, settings = site
    path = newpost.create(
        settings,
        "Council tax",
        claim="Council tax rose 40%.",
        claimant="The Blue Party",
        verdict="misleading",
        topic="Council tax, Housing",
        now=SUMMER,
    )
    post, problems = read_source(path, settings)
    assert problems == []
    assert (post.claim.text, post.claim.claimant) == ("Council tax rose 40%.", "The Blue Party")
    assert post.verdict == "misleading"
    assert post.tags == ("Council tax", "Housing")


def test_every_gap_is_marked_as_a_placeholder(site):
    site, settings = site
    text = Path(newpost.create(settings, "Gaps", now=SUMMER)).read_text(encoding="utf-8")
    marked = [line for line in text.splitlines() if newpost.PLACEHOLDER in line]
    fields = {line.strip().split(":")[0].lstrip("- ") for line in marked}
    assert fields >= {"claim", "claimant", "verdict", "fact", "title", "publisher"}
    given = newpost.create(
        settings, "Given", claim="C.", claimant="B.", verdict="false", now=SUMMER
    )
    text = Path(given).read_text(encoding="utf-8")
    assert "claim: C." in text and "claimant: B." in text
    assert "verdict: false\n" in text


def test_it_refuses_to_overwrite(site):
    site, settings = site
    path = newpost.create(settings, "Once", now=SUMMER)
    with open(path, "w", encoding="utf-8") as file:
        file.write("mine")
    with pytest.raises(ToolError, match="already exists; not overwriting"):
        newpost.create(settings, "Once", now=SUMMER)
    assert Path(path).read_text(encoding="utf-8") == "mine"


def test_an_unknown_verdict_is_refused_with_a_suggestion(site):
    site, settings = site
    with pytest.raises(ToolError, match="'fasle' is not a verdict; did you mean false?"):
        newpost.create(settings, "Typo", verdict="fasle", now=SUMMER)
    assert not (site.content / "posts").exists()


def test_invoke_new_prints_the_path_and_refuses_a_second_time(tmp_path):
    copy = project(tmp_path)
    first = copy.invoke("new", "A brand new rebuttal", "--verdict", "false")
    assert first.returncode == 0, first.stderr
    path = copy.root / first.stdout.strip()
    assert path.parent == copy.content / "posts"
    assert path.name.endswith("-a-brand-new-rebuttal.md")
    second = copy.invoke("new", "A brand new rebuttal")
    assert second.returncode == 1
    assert "already exists; not overwriting it" in second.stderr
    assert "Traceback" not in second.stderr
    assert copy.invoke("check").returncode == 0
