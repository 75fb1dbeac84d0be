"""`invoke livereload`'s site kept in memory: a saved post's page at once, then builds
that re-read only the saved files and still equal a clean build, byte for byte."""

from __future__ import annotations

import logging
import pickle
from pathlib import Path

import pytest
from changes import (
    CHANGES,
    EDITED,
    RETITLED,
    assert_same_as_clean_build,
    edit,
    files,
    make_project,
    new_post,
    replace_in,
    retitle,
)
from pelican.urlwrappers import Tag
from posts.reader import PostReader

from sitetools import reader_cache
from sitetools.livesite import LiveSite, _unshared

pytestmark = pytest.mark.build

EDITED_PAGE = "2026/09/no-we-are-not-scrapping-free-bus-passes-for-pensioners/index.html"


def live_site(tmp_path: Path) -> tuple[LiveSite, Path]:
    project = make_project(tmp_path / "project")

    def extra() -> dict:
        # As tasks.py does: the cache folder follows the settings and the code.
        folder = str(project / ".cache" / "pelican")
        return {
            "CARDS_CACHE_PATH": str(tmp_path / "cards"),
            **reader_cache.settings(str(project), folder, "live"),
        }

    site = LiveSite(
        str(project / "pelicanconf.py"), str(project / "content"), str(tmp_path / "output"), extra
    )
    return site, project


def built(site: LiveSite):
    outcome = site.build()
    assert outcome.problem is None, outcome.problem
    return outcome


def test_builds_in_one_process_after_each_kind_of_change_equal_a_clean_build(tmp_path):
    site, project = live_site(tmp_path)
    output = Path(site.output)
    built(site)
    assert built(site).changed == (), "with nothing changed, nothing is rewritten"
    for number, change in enumerate(CHANGES):
        before = files(output)
        change(project)
        saved = {edit: EDITED, retitle: RETITLED}.get(change)
        previewed = site.preview([str(project / saved)]) if saved else None
        assert (previewed is not None) == (saved is not None), change.__name__
        built(site)
        assert_same_as_clean_build(project, output, tmp_path / f"clean-{number}", before, change)


def test_a_saved_post_page_is_written_at_once_as_the_build_then_makes_it(tmp_path):
    site, project = live_site(tmp_path)
    output = Path(site.output)
    built(site)
    home = output / "index.html"
    home_stamp = home.stat().st_mtime_ns

    edit(project)
    # Saved as some editors do: a temporary file, renamed over the post (gone by now).
    previewed = site.preview([str(project / EDITED), str(project / "content/posts/.tmpX1")])
    assert previewed.changed == (EDITED_PAGE,)
    page = (output / EDITED_PAGE).read_bytes()
    assert b"Our manifesto says otherwise" in page
    assert home.stat().st_mtime_ns == home_stamp, "only the saved post's page is written"

    outcome = built(site)
    assert (output / EDITED_PAGE).read_bytes() == page, "the preview is the page, exactly"
    assert EDITED_PAGE not in outcome.changed
    assert "feed.xml" in outcome.changed  # the rest follows in the build


def test_a_new_post_or_a_file_outside_the_content_is_left_to_the_build(tmp_path):
    site, project = live_site(tmp_path)
    assert site.preview([str(project / EDITED)]) is None, "nothing is previewed before a build"
    built(site)
    new_post(project)
    assert site.preview([str(project / "content/posts/2026-11-25-brand-new.md")]) is None
    assert site.preview([str(project / "theme/templates/base.html")]) is None
    assert site.preview([str(project / EDITED), str(project / RETITLED)]) is None
    assert "2026/11/a-brand-new-rebuttal/index.html" in built(site).changed


def test_a_broken_save_is_not_previewed_and_the_build_names_the_line_and_loses_nothing(tmp_path):
    site, project = live_site(tmp_path)
    output = Path(site.output)
    built(site)
    before = files(output)
    replace_in(project / EDITED, "verdict: false", "verdict: fasle")
    assert site.preview([str(project / EDITED)]) is None
    outcome = site.build()
    assert "posts/2026-09-03-bus-passes.md:" in outcome.problem
    assert "verdict" in outcome.problem and "Traceback" not in outcome.problem
    assert files(output) == before, "a failed build leaves the site as it was"
    assert site.preview([str(project / RETITLED)]) is None, "no preview until a build passes"

    replace_in(project / EDITED, "verdict: fasle", "verdict: false")
    edit(project)
    assert built(site).changed
    assert b"Our manifesto says otherwise" in (output / EDITED_PAGE).read_bytes()


def test_a_rebuild_reads_only_the_saved_file_and_no_cache_from_disk(tmp_path, monkeypatch):
    site, project = live_site(tmp_path)
    built(site)
    read: list[str] = []
    original = PostReader.read

    def counting(reader, path):
        read.append(Path(path).name)
        return original(reader, path)

    loaded: list[str] = []
    load = pickle.load

    def loading(file, *args, **kwargs):
        loaded.append(getattr(file, "name", ""))
        return load(file, *args, **kwargs)

    monkeypatch.setattr(PostReader, "read", counting)
    monkeypatch.setattr(pickle, "load", loading)
    built(site)
    assert read == []
    edit(project)
    built(site)
    assert read == [Path(EDITED).name]
    assert not [name for name in loaded if name.endswith("Readers")], "kept in memory"


def test_the_content_cache_on_disk_stays_whole_for_the_next_process(tmp_path, caplog):
    site, project = live_site(tmp_path)
    built(site)
    edit(project)
    with caplog.at_level(logging.WARNING, logger="pelican.cache"):
        built(site)
    assert not [r for r in caplog.records if r.name == "pelican.cache"]
    cache_path = Path(site.settings()["CACHE_PATH"]) / "ArticlesGenerator-Readers"
    with open(cache_path, "rb") as file:
        readings = pickle.load(file)
    assert str(project / EDITED) in readings
    assert len(readings) == len(list((project / "content/posts").glob("*.md")))


def test_a_kept_reading_is_copied_where_plugins_could_change_it():
    settings = {"TAG_URL": "tag/{slug}/", "SLUG_REGEX_SUBSTITUTIONS": []}
    topic = Tag("Cost of living", settings)
    reading = ("<p>body</p>", {"tags": [topic], "field_lines": {"title": 2}, "title": "T"})
    copied = _unshared(reading)
    assert copied == reading
    assert copied[1]["tags"][0] is not topic
    copied[1]["tags"][0].name = "cost of living"
    copied[1]["field_lines"]["title"] = 3
    assert topic.name == "Cost of living" and reading[1]["field_lines"] == {"title": 2}


def test_a_retitled_draft_is_left_to_the_build_which_moves_it(tmp_path):
    site, project = live_site(tmp_path)
    output = Path(site.output)
    built(site)
    draft = project / "content/posts/2026-11-23-prebuttal-fully-costed.md"
    old = output / "drafts/prebuttal-our-plans-are-fully-costed-whatever-they-say-tonight"
    assert (old / "index.html").exists()
    replace_in(draft, 'title: "Prebuttal: our plans', 'title: "Prebuttal: every plan')
    assert site.preview([str(draft)]) is None, "a draft has no pinned address: it moves"
    outcome = built(site)
    assert not old.exists()
    assert any(path.startswith("drafts/prebuttal-every-plan") for path in outcome.changed)
