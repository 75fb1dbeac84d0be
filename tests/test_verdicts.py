"""Tests for posts.verdicts: the POSTS_VERDICTS setting, its checks and its stylesheet."""

import copy

import pytest
from posts import verdicts
from posts.verdicts import DEFAULT_VERDICTS, Verdict


def good(**extra) -> dict:
    """A valid one-verdict setting, with ``extra`` merged into its value."""
    return {"false": {"label": "False", "colour": "#b3261e", **extra}}


# -- the default scale ----------------------------------------------------------------------


def test_default_keys_are_the_contracts():
    assert list(DEFAULT_VERDICTS) == [
        "false",
        "misleading",
        "missing-context",
        "exaggerated",
        "unsupported",
    ]


def test_the_defaults_pass_their_own_check():
    assert verdicts.check_setting(copy.deepcopy(DEFAULT_VERDICTS)) == []


def test_scale_builds_one_verdict_per_key():
    scale = verdicts.scale(DEFAULT_VERDICTS)
    assert list(scale) == list(DEFAULT_VERDICTS)
    assert scale["missing-context"] == Verdict(
        "missing-context",
        "Missing context",
        "#7a5a00",
        "The claim leaves out facts that change what it means.",
    )


def test_scale_description_is_optional():
    assert verdicts.scale(good())["false"] == Verdict("false", "False", "#b3261e", "")


# -- check_setting -------------------------------------------------------------------------


def test_a_custom_scale_is_accepted():
    setting = {
        "pants-on-fire": {"label": "Pants on fire", "colour": "#FF0000"},
        "true": {"label": "True", "colour": "#00aa00", "description": "It is right."},
    }
    assert verdicts.check_setting(setting) == []


@pytest.mark.parametrize("setting", [None, [], "false", {}, [("false", {})]])
def test_a_setting_that_is_not_a_mapping_is_refused(setting):
    assert verdicts.check_setting(setting) == [
        "POSTS_VERDICTS must be a mapping of verdict keys to {label, colour}"
    ]


@pytest.mark.parametrize("key", ["Pants On Fire", "pants_on_fire", "-false", "false-", "a--b", 1])
def test_a_key_that_cannot_be_a_css_or_url_word_is_refused(key):
    setting = {key: {"label": "L", "colour": "#000000"}}
    (problem,) = verdicts.check_setting(setting)
    assert problem == f"POSTS_VERDICTS key {key!r} may hold only lowercase letters, digits and -"


def test_a_value_that_is_not_a_mapping_is_refused():
    assert verdicts.check_setting({"false": "False"}) == [
        "POSTS_VERDICTS['false'] must be a mapping with label and colour"
    ]


@pytest.mark.parametrize("label", [None, "", "   ", 3])
def test_a_verdict_needs_a_label(label):
    setting = good(label=label)
    assert verdicts.check_setting(setting) == [
        "POSTS_VERDICTS['false'] needs a label (the verdict in words)"
    ]


def test_a_missing_label_is_refused():
    assert verdicts.check_setting({"false": {"colour": "#000000"}}) == [
        "POSTS_VERDICTS['false'] needs a label (the verdict in words)"
    ]


@pytest.mark.parametrize(
    "colour", [None, "red", "#fff", "#12345g", "b3261e", "#b3261e; } body { x", "#b3261e00"]
)
def test_a_verdict_needs_a_six_digit_hex_colour(colour):
    assert verdicts.check_setting(good(colour=colour)) == [
        "POSTS_VERDICTS['false'] needs a colour written as #rrggbb"
    ]


def test_unknown_keys_in_a_verdict_are_refused():
    assert verdicts.check_setting(good(icon="x", color="#000000")) == [
        "POSTS_VERDICTS['false'] has unknown keys: color, icon"
    ]


def test_every_problem_is_reported_at_once():
    setting = {
        "Bad Key": {"label": "", "colour": "red", "icon": "x"},
        "fine": {"label": "Fine", "colour": "#000000"},
        "not-a-dict": "x",
    }
    assert verdicts.check_setting(setting) == [
        "POSTS_VERDICTS key 'Bad Key' may hold only lowercase letters, digits and -",
        "POSTS_VERDICTS['Bad Key'] needs a label (the verdict in words)",
        "POSTS_VERDICTS['Bad Key'] needs a colour written as #rrggbb",
        "POSTS_VERDICTS['Bad Key'] has unknown keys: icon",
        "POSTS_VERDICTS['not-a-dict'] must be a mapping with label and colour",
    ]


# -- stylesheet ---------------------------------------------------------------------------


def test_stylesheet_gives_each_verdict_its_colour():
    css = verdicts.stylesheet(verdicts.scale(DEFAULT_VERDICTS))
    for key, value in DEFAULT_VERDICTS.items():
        assert f'[data-verdict="{key}"] {{ --verdict-colour: {value["colour"]}; }}' in css


def test_stylesheet_is_exact_and_in_setting_order():
    scale = verdicts.scale(
        {
            "zebra": {"label": "Z", "colour": "#000000"},
            "apple": {"label": "A", "colour": "#ffffff"},
        }
    )
    assert verdicts.stylesheet(scale) == (
        "/* Generated from the POSTS_VERDICTS setting. */\n"
        '[data-verdict="zebra"] { --verdict-colour: #000000; }\n'
        '[data-verdict="apple"] { --verdict-colour: #ffffff; }\n'
    )


def test_stylesheet_is_the_same_every_time():
    scale = verdicts.scale(DEFAULT_VERDICTS)
    assert verdicts.stylesheet(scale) == verdicts.stylesheet(verdicts.scale(DEFAULT_VERDICTS))


def test_stylesheet_holds_no_labels_or_descriptions():
    # Only the checked key and colour reach the CSS, so a label cannot inject rules.
    scale = verdicts.scale(good(label="} body { display: none", description="</style>"))
    css = verdicts.stylesheet(scale)
    assert "display" not in css
    assert "</style>" not in css
