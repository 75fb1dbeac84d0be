"""The FEEDS_* settings: defaults in one place, every mistake reported at start-up."""

from __future__ import annotations

import copy

import pytest
from feeds.settings import (
    DEFAULTS,
    DEVELOPMENT_SITEURL,
    SettingsError,
    check,
    feeds_site_url,
    prepare,
)


def settings(**changes) -> dict:
    return {**copy.deepcopy(DEFAULTS), **changes}


def test_the_defaults_are_valid_and_filled_in():
    filled = prepare({"SITEURL": ""})
    assert {name: filled[name] for name in DEFAULTS} == DEFAULTS
    assert check(settings()) == []


@pytest.mark.parametrize(
    "changes, expected",
    [
        ({"FEEDS_MAX_ITEMS": 0}, "FEEDS_MAX_ITEMS must be a whole number of at least 1"),
        ({"FEEDS_MAX_ITEMS": "20"}, "FEEDS_MAX_ITEMS must be a whole number"),
        ({"FEEDS_MAX_ITEMS": True}, "FEEDS_MAX_ITEMS must be a whole number"),
        ({"FEEDS_HUB": "pubsubhubbub.appspot.com"}, "FEEDS_HUB must be an http(s) address"),
        ({"FEEDS_SITEURL": "/relative"}, "FEEDS_SITEURL must be an http(s) address"),
        ({"FEEDS_SITE_PATHS": {"rdf": "feed.rdf"}}, "'rdf' is not a feed kind"),
        ({"FEEDS_SITE_PATHS": {"rss": "/feed.xml"}}, "must be a path inside the output"),
        ({"FEEDS_SITE_PATHS": ["feed.xml"]}, "FEEDS_SITE_PATHS must be a mapping"),
        ({"FEEDS_SITE_PATHS": {"rss": "f.xml", "atom": "f.xml"}}, "written to the same path"),
        ({"FEEDS_TOPIC_PATHS": {"rss": "topics/feed.xml"}}, "must contain {slug}"),
        ({"FEEDS_EMAIL_EDITIONS": "yes"}, "FEEDS_EMAIL_EDITIONS must be True or False"),
        ({"FEEDS_EMAIL_DIR": "../outside"}, "FEEDS_EMAIL_DIR must be a folder inside the output"),
    ],
)
def test_each_bad_value_is_named(changes, expected):
    problems = check(settings(**changes))
    assert len(problems) == 1 and expected in problems[0], problems


def test_every_problem_is_reported_at_once():
    with pytest.raises(SettingsError) as failure:
        prepare({"FEEDS_MAX_ITEMS": -1, "FEEDS_HUB": "ftp://x", "FEEDS_TOPIC_PATHS": {}})
    lines = str(failure.value.code).splitlines()
    assert len(lines) == 2 and all(line.startswith("settings: FEEDS_") for line in lines)


def test_topic_feeds_can_be_switched_off():
    assert check(settings(FEEDS_TOPIC_PATHS={})) == []


def test_feeds_use_an_absolute_address_even_in_development():
    assert feeds_site_url({"FEEDS_SITEURL": "", "SITEURL": ""}) == DEVELOPMENT_SITEURL
    assert feeds_site_url({"FEEDS_SITEURL": "", "SITEURL": "https://a.example/"}) == (
        "https://a.example"
    )
    assert feeds_site_url(
        {"FEEDS_SITEURL": "https://preview.example", "SITEURL": "https://a.example"}
    ) == "https://preview.example"  # fmt: skip
