"""The build stops on any broken post, reporting every problem, and writes nothing."""

from __future__ import annotations

import pytest
from posts.problems import ContentError
from sites import empty_site, post, rebuttal

pytestmark = pytest.mark.build


def test_every_problem_in_every_file_is_reported_and_nothing_is_written(tmp_path):
    site = empty_site(tmp_path)
    site.write("posts/good.md", rebuttal("A good post"))
    site.write("posts/typo.md", rebuttal("Typo", facs="x"))
    site.write("posts/bad-verdict.md", rebuttal("Bad verdict", verdict="wrongish"))
    site.write("pages/no-date.md", "---\ntitle: A page\n---\nText.\n")
    with pytest.raises(ContentError) as failure:
        site.build()
    lines = str(failure.value.code).splitlines()
    assert any(line.endswith("posts/typo.md:10: facs: unknown field; did you mean facts?")
               for line in lines)  # fmt: skip
    assert any("posts/bad-verdict.md:6: verdict: 'wrongish' is not a verdict" in line
               for line in lines)  # fmt: skip
    assert any("pages/no-date.md:2: date: is required" in line for line in lines)
    assert lines[-1].startswith("The build stopped: 3 problems in 3 files")
    assert not list(site.output.rglob("*.html")) if site.output.exists() else True
    assert not (site.content / "published.json").exists()


def test_two_files_at_one_address_are_refused_naming_both(tmp_path):
    site = empty_site(tmp_path)
    site.write("posts/one.md", post("Same title", date="2026-10-02 09:00"))
    site.write("posts/two.md", post("Same title", date="2026-11-20 09:00"))
    site.write("posts/three.md", post("Other", date="2026-11-20 10:00", slug="same-title"))
    site.write("posts/four.md", post("Fourth", date="2026-11-20 11:00"))
    with pytest.raises(ContentError) as failure:
        site.build()
    report = str(failure.value.code)
    assert "posts/two.md:2: slug: the address /2026/11/same-title/ is also used by" in report
    assert "posts/three.md" in report.split("posts/two.md:2:")[1].splitlines()[0]
    assert "posts/three.md:4: slug: the address /2026/11/same-title/ is also used by" in report
    # Same title a month earlier: a different address, so no problem.
    assert "posts/one.md" not in report
    assert "four.md" not in report


def test_a_file_the_build_would_skip_is_an_error(tmp_path):
    site = empty_site(tmp_path)
    site.write("posts/good.md", post())
    site.write("posts/forgot-extension.txt", post("Lost"))
    site.write("posts/old.rst", "Title\n=====\n")
    with pytest.raises(ContentError) as failure:
        site.build()
    report = str(failure.value.code)
    assert "posts/forgot-extension.txt:1: file: is not read as a post" in report
    assert "posts/old.rst:1: file: is not read as a post" in report


def test_drafts_and_scheduled_posts_build_but_are_not_listed(tmp_path):
    site = empty_site(tmp_path)
    site.write("posts/live.md", post("Live post"))
    site.write("posts/draft.md", rebuttal("Prebuttal ready", status="draft"))
    site.write("posts/later.md", post("Scheduled post", date="2099-01-01 09:00"))
    site.build()
    home = site.page("/").get_text()
    assert "Live post" in home
    assert "Prebuttal ready" not in home and "Scheduled post" not in home
    assert (site.output / "drafts/prebuttal-ready/index.html").exists()
    assert (site.output / "drafts/scheduled-post/index.html").exists()
    assert '"drafts/' not in site.ledger() and "scheduled-post" not in site.ledger()


def test_update_may_list_facts_and_shows_no_verdict(tmp_path):
    site = empty_site(tmp_path)
    site.write(
        "posts/update.md",
        post(
            "Round-up",
            facts=[{"fact": "Turnout rose.", "sources": [{"url": "https://www.example.org/t"}]}],
        ),
    )
    site.build()
    soup = site.page("/2026/11/round-up/")
    assert soup.select_one(".facts .fact__text").get_text() == "Turnout rose."
    assert soup.select_one(".verdict") is None
    assert soup.select_one(".claim") is None


def test_summary_defaults_to_the_first_paragraph(tmp_path):
    site = empty_site(tmp_path)
    long = " ".join(["word"] * 120)
    site.write("posts/a.md", post("Summary test", body=f"{long}\n\nSecond paragraph."))
    site.build()
    summary = site.page("/").select_one(".card__summary").get_text()
    assert summary.endswith("…") and len(summary) <= 300
    assert "Second" not in summary
    description = site.page("/2026/11/summary-test/").find("meta", attrs={"name": "description"})
    assert description["content"] == summary


def test_yaml_aliases_and_absurd_nesting_are_refused_not_expanded(tmp_path):
    site = empty_site(tmp_path)
    site.write(
        "posts/bomb.md",
        "---\ntitle: Bomb\ndate: 2026-11-02\ntags: &a [x, x]\naliases: [*a, *a]\n---\nx\n",
    )
    site.write(
        "posts/deep.md", "---\ntitle: " + "[" * 500 + "]" * 500 + "\ndate: 2026-11-02\n---\n"
    )
    with pytest.raises(ContentError) as failure:
        site.build()
    report = str(failure.value.code)
    assert "posts/bomb.md:4: front-matter: uses a YAML alias" in report
    assert "posts/deep.md:2: front-matter: is nested more than 20 levels deep" in report
