"""plugins/sitekit: what the plugins share, and the renamed settings' deprecation."""

from __future__ import annotations

import logging
import os

import pytest
from sitekit import errors, files, settings, text, urls
from sites import empty_site, rebuttal


@pytest.fixture(autouse=True)
def fresh_warnings():
    """Pelican's logging says a repeated warning once a process; each test is told afresh."""
    from pelican.log import LimitFilter

    LimitFilter._raised_messages.clear()


def test_an_old_setting_name_still_works_and_says_its_new_name(caplog):
    site = {"VERDICTS": {"false": {"label": "False", "colour": "#b00020"}}}
    with caplog.at_level(logging.WARNING, logger="sitekit.settings"):
        settings.fill_defaults(site, {"POSTS_VERDICTS": {}})
    assert site == {"POSTS_VERDICTS": {"false": {"label": "False", "colour": "#b00020"}}}
    assert "Setting VERDICTS is deprecated: rename it POSTS_VERDICTS" in caplog.text


@pytest.mark.parametrize("old, new", sorted(settings.RENAMED.items()))
def test_every_renamed_setting_is_followed(old, new, caplog):
    with caplog.at_level(logging.WARNING, logger="sitekit.settings"):
        moved = settings.follow_renames({old: "value"})
    assert moved == {new: "value"}
    assert old in caplog.text and new in caplog.text


def test_the_new_name_wins_over_the_old(caplog):
    with caplog.at_level(logging.WARNING, logger="sitekit.settings"):
        moved = settings.follow_renames({"DEV_SITEURL": "old", "SITEURL_DEVELOPMENT": "new"})
    assert moved == {"SITEURL_DEVELOPMENT": "new"}
    assert "DEV_SITEURL is deprecated and ignored, as SITEURL_DEVELOPMENT is set" in caplog.text


def test_a_site_still_using_an_old_name_builds_with_it(tmp_path, caplog):
    site = empty_site(tmp_path)
    site.write("posts/a.md", rebuttal())
    scale = {"false": {"label": "Flat wrong", "colour": "#b00020"}}
    with caplog.at_level(logging.WARNING):
        site.build(VERDICTS=scale)
    assert "Setting VERDICTS is deprecated: rename it POSTS_VERDICTS" in caplog.text
    pages = [p.read_text(encoding="utf-8") for p in site.output.rglob("index.html")]
    assert any("Flat wrong" in page for page in pages)


def test_defaults_are_copies_and_do_not_override():
    default = {"LIST": [1]}
    first, second = settings.fill_defaults({}, default), settings.fill_defaults({}, default)
    first["LIST"].append(2)
    assert second["LIST"] == [1] and default["LIST"] == [1]
    assert settings.fill_defaults({"LIST": []}, default) == {"LIST": []}


def test_prepare_stops_with_every_problem_plainly():
    with pytest.raises(SystemExit) as stopped:
        settings.prepare({}, {"A": 1}, lambda s: ["A is wrong", "B is missing"])
    assert str(stopped.value) == "settings: A is wrong\nsettings: B is missing"
    assert isinstance(stopped.value, errors.PlainExit)


def test_absolute_addresses():
    assert urls.site_url({"SITEURL": "https://a.example/"}) == "https://a.example"
    assert urls.site_url({"SITEURL": "", "SITEURL_DEVELOPMENT": "http://x:1"}) == "http://x:1"
    assert urls.site_url({}) == urls.DEVELOPMENT_SITEURL
    assert urls.public_url({"SITEURL": "https://a.example"}, "p/") == "https://a.example/p/"
    assert urls.absolute("https://a.example/", "/x.png") == "https://a.example/x.png"
    assert urls.absolute("https://a.example", "https://b.example/y") == "https://b.example/y"


def test_shorten_cuts_at_a_word():
    assert text.shorten("Short enough.", 20) == "Short enough."
    assert text.shorten("Hello, world and everyone", 12) == "Hello…"
    assert text.shorten("Llanfairpwllgwyngyll", 10) == "Llanfairp…"
    assert text.shorten("ab cd ef", 7, length=lambda s: len(s.encode())) == "ab…"  # … is 3 bytes


def test_write_atomically_leaves_the_whole_file_or_the_old_one(tmp_path, monkeypatch):
    path = tmp_path / "deep" / "file.txt"
    files.write_atomically(str(path), b"one", mode=0o640)
    assert path.read_bytes() == b"one" and (path.stat().st_mode & 0o777) == 0o640

    def broken(*_):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError):
        files.write_atomically(str(path), b"two")
    assert path.read_bytes() == b"one"
    assert os.listdir(path.parent) == ["file.txt"]  # no temporary file left behind
