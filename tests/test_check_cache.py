"""`invoke check`'s cache (plugins/posts/check_cache.py): the same answer as reading every file."""

from __future__ import annotations

import io
import json
import os
import shutil

import pytest
from PIL import Image
from posts import check_cache, tree
from sites import ROOT, empty_site, post, rebuttal

from sitetools import settings as site_settings
from sitetools.check import run

FIXTURES = ROOT / "tests" / "fixtures" / "posts"


@pytest.fixture
def site(tmp_path):
    return empty_site(tmp_path / "site")


def load(site, **override) -> dict:
    override.setdefault("CACHE_PATH", str(site.root / "cache"))
    return site_settings.load(str(ROOT / "pelicanconf.py"), str(site.content), **override)


def uncached(settings: dict):
    """The answer read afresh from every file, with no cache: what the check must equal."""
    problems, warnings, _, _ = tree.inspect(settings)
    return problems, warnings


def no_parsing(monkeypatch):
    """From here on, parsing a post fails the test: answers must come from the cache."""

    def refuse(*args, **kwargs):
        raise AssertionError("a file was parsed again")

    monkeypatch.setattr(tree, "read_own", refuse)


def card(path, size=(1200, 630)) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, "#336699").save(path)


def broken_tree(site) -> None:
    """Every post fixture, and faults that only the tree or another file reveals."""
    shutil.copytree(FIXTURES, site.content / "posts")
    card(site.content / "images/card.png")
    card(site.content / "images/small.png", (600, 315))
    site.write("posts/with-card.md", post("With a card", image="images/card.png"))
    site.write("posts/small-card.md", post("Small card", image="images/small.png"))
    links = "![A]({static}/images/card.png) and [B]({filename}gone.md)"
    site.write("posts/links.md", post("Links", body=links))
    site.write("posts/same-1.md", rebuttal("Same title"))
    site.write("posts/same-2.md", rebuttal("Same title"))
    site.write("posts/notes.txt", "not a post")
    site.write("pages/about.md", post("About", slug="about"))


def test_a_cached_check_reports_what_reading_every_file_does(site, monkeypatch):
    broken_tree(site)
    settings = load(site)
    monkeypatch.chdir(site.root)
    expected = uncached(settings)
    assert len(expected[0]) > 50  # the fixtures' problems, and the tree's
    assert tree.check(settings) == expected
    assert os.path.exists(check_cache.path_of(settings))
    # From another folder, so that a file's name kept inside a message would show.
    monkeypatch.chdir(site.content / "posts")
    expected = uncached(settings)
    no_parsing(monkeypatch)
    assert tree.check(settings) == expected


def test_the_check_prints_the_same_with_and_without_the_cache(site, monkeypatch):
    broken_tree(site)
    cache_path = str(site.root / "cache")
    monkeypatch.setenv("PELICAN_CACHE_PATH", cache_path)  # read by pelicanconf.py
    runs = []
    for _ in range(2):
        out, err = io.StringIO(), io.StringIO()
        code = run(str(ROOT / "pelicanconf.py"), str(site.content), out, err)
        runs.append((code, out.getvalue(), err.getvalue()))
    assert os.path.exists(os.path.join(cache_path, check_cache.FILE_NAME))
    assert runs[0] == runs[1]
    code, _, err = runs[0]
    assert code == 1
    assert "posts/verdict_unknown.md:" in err and "posts/small-card.md:4: image:" in err


def test_problem_paths_follow_the_working_folder(site, monkeypatch, tmp_path):
    site.write("posts/bad.md", post("Bad", status="gone"))
    settings = load(site)
    monkeypatch.chdir(site.root)
    assert [p.path for p in tree.check(settings)[0]] == ["content/posts/bad.md"]
    monkeypatch.chdir(site.content)
    no_parsing(monkeypatch)
    assert tree.check(settings) == uncached(settings)
    assert [p.path for p in tree.check(settings)[0]] == ["posts/bad.md"]


def test_an_edit_is_seen_even_when_the_modification_time_is_put_back(site):
    path = site.write("posts/a.md", rebuttal(verdict="false"))
    settings = load(site)
    assert tree.check(settings) == ([], [])
    before = os.stat(path)
    path.write_text(rebuttal(verdict="fasle"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    problems, _ = tree.check(settings)
    assert [(p.line, p.field) for p in problems] == [(6, "verdict")]
    path.write_text(rebuttal(verdict="false"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert tree.check(settings) == ([], [])


def test_other_files_are_looked_at_again_on_every_check(site, monkeypatch):
    """A cached post whose link target or share image changed is judged on the change."""
    card(site.content / "images/card.png")
    site.write("posts/a.md", post("A", image="images/card.png"))
    site.write("posts/b.md", post("B", body="See [it]({static}/images/chart.png)."))
    settings = load(site)
    problems, _ = tree.check(settings)
    assert [(p.path[-10:], p.field) for p in problems] == [("posts/b.md", "body")]
    no_parsing(monkeypatch)
    card(site.content / "images/chart.png")
    card(site.content / "images/card.png", (600, 315))
    problems, _ = tree.check(settings)
    assert [(p.path[-10:], p.field) for p in problems] == [("posts/a.md", "image")]
    assert "600×315" in problems[0].message
    assert (problems, []) == uncached(settings)


def test_a_post_that_becomes_unreadable_through_another_file_loses_its_address(site):
    """An address clash is judged only among valid posts, cached or not."""
    card(site.content / "images/card.png")
    site.write("posts/a.md", post("Same", image="images/card.png"))
    site.write("posts/b.md", post("Same"))
    settings = load(site)
    first, _ = tree.check(settings)
    assert any("slug" in p.field or "address" in p.message for p in first)
    assert (first, []) == uncached(settings)
    os.remove(site.content / "images/card.png")
    assert tree.check(settings) == uncached(settings)
    assert [p.field for p in tree.check(settings)[0]] == ["image"]


def test_a_changed_setting_is_not_answered_from_the_cache(site):
    site.write("posts/a.md", rebuttal(verdict="mostly-false"))
    settings = load(site)
    problems, _ = tree.check(settings)
    assert [p.field for p in problems] == ["verdict"]
    verdicts = {
        **settings["POSTS_VERDICTS"],
        "mostly-false": {**settings["POSTS_VERDICTS"]["false"]},
    }
    relaxed = load(site, POSTS_VERDICTS=verdicts)
    assert tree.check(relaxed) == ([], [])
    assert tree.check(settings)[0] == problems


def test_a_changed_time_zone_moves_a_date_without_one(site):
    site.write("posts/a.md", post("A", date="2026-11-02 23:30"))
    london, tokyo = load(site), load(site, TIMEZONE="Asia/Tokyo")
    entries = {}
    for settings in (london, tokyo, london, tokyo):
        found, _, _ = tree.read_for_check(settings, tree.content_files(settings))
        entries.setdefault(settings["TIMEZONE"], set()).add(found[0].date.isoformat())
    assert entries == {"Europe/London": {"2026-11-02T23:30:00+00:00"},
                       "Asia/Tokyo": {"2026-11-02T23:30:00+09:00"}}  # fmt: skip


def test_cached_entries_equal_fresh_ones(site):
    site.write("posts/a.md", rebuttal(date="2026-03-29 01:30", aliases=["/old/"], slug="a-b"))
    site.write("posts/b.md", post("B", date="2026-11-02T09:30:00+05:30", status="hidden"))
    site.write("pages/c.md", post("Ça va, “Wales”", status="draft"))
    settings = load(site)
    files = tree.content_files(settings)
    fresh = [entry for entry, _ in tree.read_all(settings, files).entries]
    for _ in range(2):  # read, then from the cache
        entries, _, _ = tree.read_for_check(settings, files)
        assert entries == fresh
        assert [e.date.tzinfo for e in entries] == [e.date.tzinfo for e in fresh]


@pytest.mark.parametrize(
    "damage",
    [
        b"\x00\xff not JSON",
        b'{"fingerprint": "KEY", "files": {"posts/a.md": [1, 2]}}',
        b'{"fingerprint": "KEY", "files": {"posts/a.md": ["x", {"slug": 1}, [], []]}}',
        b'{"fingerprint": "KEY", "files": []}',
        b"[]",
        b"",
    ],
)
def test_a_damaged_cache_is_ignored_and_replaced(site, damage):
    site.write("posts/a.md", rebuttal(verdict="fasle"))
    site.write("posts/b.md", post("B"))
    settings = load(site)
    key = check_cache.fingerprint(settings)
    os.makedirs(settings["CACHE_PATH"])
    with open(check_cache.path_of(settings), "wb") as file:
        file.write(damage.replace(b"KEY", key.encode()))
    expected = uncached(settings)
    assert tree.check(settings) == expected
    assert tree.check(settings) == expected
    with open(check_cache.path_of(settings), encoding="utf-8") as file:
        assert sorted(json.load(file)["files"]) == ["posts/a.md", "posts/b.md"]


def test_the_cache_keeps_only_the_files_there_are(site):
    for name in "abc":
        site.write(f"posts/{name}.md", post(name.upper()))
    settings = load(site)
    tree.check(settings)
    os.remove(site.content / "posts/b.md")
    tree.check(settings)
    with open(check_cache.path_of(settings), encoding="utf-8") as file:
        assert sorted(json.load(file)["files"]) == ["posts/a.md", "posts/c.md"]


def test_an_unwritable_cache_folder_still_gets_a_check(site):
    site.write("posts/a.md", rebuttal(verdict="fasle"))
    blocker = site.root / "not-a-folder"
    blocker.write_text("a file where the cache folder would be")
    settings = load(site, CACHE_PATH=str(blocker / "cache"))
    assert [p.field for p in tree.check(settings)[0]] == ["verdict"]


def test_the_fingerprint_names_the_code_and_the_settings_that_reading_depends_on(
    site, tmp_path, monkeypatch
):
    settings = load(site)
    key = check_cache.fingerprint(settings)
    assert check_cache.fingerprint(load(site)) == key
    assert check_cache.fingerprint(load(site, SITEURL="https://elsewhere.example/")) == key
    assert check_cache.fingerprint(load(site, TIMEZONE="Asia/Tokyo")) != key
    assert check_cache.fingerprint(load(site, SLUG_REGEX_SUBSTITUTIONS=[("a", "b")])) != key
    assert check_cache.fingerprint({**settings, "PATH": str(tmp_path)}) != key
    code = tmp_path / "code"
    shutil.copytree(check_cache.HERE, code, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(check_cache, "HERE", str(code))
    assert check_cache.fingerprint(settings) == key
    with open(code / "contract.py", "a", encoding="utf-8") as file:
        file.write("\n# a changed rule\n")
    assert check_cache.fingerprint(settings) != key


@pytest.mark.parametrize(
    "path, cwd",
    [
        ("/work/site/content/posts/a.md", "/work/site"),
        ("/work/site/content/posts/a.md", "/work/site/content/posts"),
        ("/work/site/content/posts/a.md", "/work/other"),
        ("/work/site/content/posts/a.md", "/work/sit"),
        ("/work/site/content/posts/a.md", "/"),
        ("/work/site/content/../content/posts/./a.md", "/work/site"),
        ("/work/site/..a.md", "/work/site"),
        ("posts/a.md", "/work/site/content"),
        ("../site/posts/a.md", "/work/site"),
        ("/work/site", "/work/site"),
    ],
)
def test_problems_name_files_as_relpath_would(path, cwd, monkeypatch):
    """display_path's quick way gives the answer os.path.relpath gives."""
    from posts import reader

    monkeypatch.setattr(os, "getcwd", lambda: cwd)
    relative = os.path.relpath(path, cwd)
    expected = path if relative.startswith("..") else relative.replace(os.sep, "/")
    assert reader.display_path(path) == expected


def test_a_linked_folder_outside_the_content_is_refused_from_the_cache_too(site, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "a.md").write_text(post("Outside"))
    (site.content / "posts").mkdir()
    site.write("posts/b.md", post("Inside"))
    os.symlink(outside, site.content / "posts/linked")
    settings = load(site)
    for _ in range(2):
        problems, _ = tree.check(settings)
        assert [(p.path[-12:], p.message[:19]) for p in problems] == [
            ("posts/linked", "is a symbolic link;")
        ]


def test_a_file_name_that_is_not_utf8_is_refused_escaped_before_anything_is_read(site, monkeypatch):
    """Such a name reaches Python as a lone surrogate: named escaped, never read or cached."""
    folder = site.content / "posts"
    folder.mkdir()
    (folder / os.fsdecode(b"b\xff.md")).write_text(rebuttal(verdict="fasle"))
    settings = load(site)
    no_parsing(monkeypatch)
    (problem,) = tree.check(settings)[0]
    assert str(problem).endswith(
        "posts/b\\udcff.md:1: file: its name is not UTF-8 text; "
        "rename it with letters, digits and -"
    )
