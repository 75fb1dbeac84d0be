"""A build with no content cache reads its posts in parallel processes (posts/prepare.py)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from posts import prepare, reader
from posts.contract import ContractSettings
from sites import example_site, rebuttal

from sitetools.settings import load

ROOT = Path(__file__).resolve().parent.parent


def files_of(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_posts_read_in_parallel_make_the_same_site(tmp_path, monkeypatch):
    monkeypatch.setattr(prepare, "workers", lambda: 2)  # whatever cores this machine has
    read_here = []
    serial = reader.read_source
    monkeypatch.setattr(
        reader,
        "read_source",
        lambda path, settings: read_here.append(path) or serial(path, settings),
    )
    site = example_site(tmp_path / "parallel")
    site.build("publishconf.py", POSTS_PARALLEL_FROM=1, CACHE_CONTENT=False)
    posts = [path for path in read_here if "/posts/" in path]
    assert posts == []  # every post was read ahead, none by the reader itself

    read_here.clear()
    alone = example_site(tmp_path / "serial")
    alone.build("publishconf.py", POSTS_PARALLEL_FROM=0, CACHE_CONTENT=False)
    assert [path for path in read_here if "/posts/" in path]  # the reader read them
    assert files_of(site.output) == files_of(alone.output)


def test_a_post_changed_since_it_was_read_ahead_is_read_again(tmp_path):
    path = tmp_path / "content/posts/a.md"
    path.parent.mkdir(parents=True)
    path.write_text(rebuttal("Now"), encoding="utf-8")
    settings = load(str(ROOT / "pelicanconf.py"), str(tmp_path / "content"))
    post, _ = reader.read_source(str(path), settings)
    stale = prepare.Reading(prepare.digest_of(b"the bytes it had"), post, "<p>stale</p>")
    reader.READ_AHEAD[str(path)] = stale
    html, _ = reader.PostReader(settings).read(str(path))
    assert "stale" not in html and "They did say it" not in html  # the body, read again
    assert html == reader.body.render(post.body, settings.get("MARKDOWN", {}))
    assert str(path) not in reader.READ_AHEAD


def test_a_post_with_problems_is_left_to_the_reader(tmp_path):
    path = tmp_path / "a.md"
    path.write_text(rebuttal(verdict="fasle"), encoding="utf-8")
    contract = ContractSettings(verdicts=("false",), timezone="Europe/London", content_root="")
    task = prepare.Task(str(path), "a.md", contract, "", {})
    assert prepare.read_one(task) == (str(path), None)


def test_a_pool_that_fails_costs_only_the_time(tmp_path):
    contract = ContractSettings(verdicts=("false",), timezone="Europe/London", content_root="")
    missing = prepare.Task(str(tmp_path / "gone.md"), "gone.md", contract, "", {})
    assert prepare.read_all([missing], 2) == {}


@pytest.mark.parametrize("value", [-1, "100", 2.5, True])
def test_the_setting_must_be_a_whole_number(tmp_path, value):
    site = example_site(tmp_path)
    with pytest.raises(SystemExit, match="POSTS_PARALLEL_FROM must be a whole number"):
        site.build(POSTS_PARALLEL_FROM=value)


def test_a_build_whose_content_cache_holds_the_posts_reads_none_ahead(tmp_path, monkeypatch):
    monkeypatch.setattr(prepare, "workers", lambda: 2)
    asked = []
    real = prepare.read_all
    monkeypatch.setattr(
        prepare, "read_all", lambda tasks, count: asked.append(len(tasks)) or real(tasks, count)
    )
    site = example_site(tmp_path)
    cached = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CONTENT_CACHING_LAYER": "reader"}
    site.build("publishconf.py", POSTS_PARALLEL_FROM=1, **cached)
    assert asked and asked[0] > 0  # nothing cached: every post read ahead
    asked.clear()
    site.build("publishconf.py", POSTS_PARALLEL_FROM=1, **cached)
    assert asked == []
