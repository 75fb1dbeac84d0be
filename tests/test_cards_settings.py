"""Tests for the CARDS_* settings: defaults in one place, every problem said at start-up."""

import os

import pytest
from cards import settings as cards_settings

IMPRINT = "Promoted by A. Organiser on behalf of the Example Party, both at 1 Sample Street."


def prepared(**values):
    base = {"SITENAME": "Site", "IMPRINT": IMPRINT, "CACHE_PATH": "/work/site/.cache/pelican"}
    return cards_settings.prepare({**base, **values})


def problems(**values) -> str:
    with pytest.raises(cards_settings.SettingsError) as stopped:
        prepared(**values)
    return str(stopped.value)


def test_defaults_fill_in_and_the_cache_sits_beside_pelicans():
    values = prepared()
    assert values["CARDS_CACHE_PATH"] == "/work/site/.cache/cards"
    assert values["CARDS_SITE_NAME"] == "Site"
    assert values["CARDS_SIZES"] == {"landscape": (1200, 630), "square": (1080, 1080)}
    assert all(os.path.isfile(path) for path in values["CARDS_FONTS"].values())


def test_the_shipped_fonts_come_with_their_licence():
    folder = os.path.dirname(cards_settings.DEFAULTS["CARDS_FONTS"]["heading"])
    with open(os.path.join(folder, "OFL.txt"), encoding="utf-8") as licence:
        assert "SIL OPEN FONT LICENSE Version 1.1" in licence.read()


def test_every_problem_is_reported_at_once():
    found = problems(
        CARDS_BACKGROUND="white",
        CARDS_JPEG_QUALITY=100,
        CARDS_MAX_BYTES=10,
        CARDS_OUTPUT_DIR="../out",
        CARDS_FONTS={"heading": "nope.otf", "strong": "nope.otf", "body": "nope.otf"},
    )
    assert found.splitlines() == [
        "settings: CARDS_BACKGROUND must be a colour written as #rrggbb, not 'white'",
        "settings: CARDS_FONTS['heading']: no font file at 'nope.otf'",
        "settings: CARDS_FONTS['strong']: no font file at 'nope.otf'",
        "settings: CARDS_FONTS['body']: no font file at 'nope.otf'",
        "settings: CARDS_JPEG_QUALITY must be a whole number from 50 to 95, not 100",
        "settings: CARDS_MAX_BYTES must be a number of bytes, at least 50000, not 10",
        "settings: CARDS_OUTPUT_DIR must be a folder name such as 'cards', not '../out'",
    ]


@pytest.mark.parametrize(
    "sizes",
    [
        {"landscape": (1200, 630)},
        {"landscape": (1200, 630), "square": (1080, "1080")},
        {"landscape": (630, 630), "square": (1080, 1080)},
        {"landscape": (1200, 630), "square": (1080, 600)},
    ],
)
def test_sizes_are_checked(sizes):
    assert "CARDS_SIZES" in problems(CARDS_SIZES=sizes)


def test_a_file_that_is_not_a_font_is_refused(tmp_path):
    fake = tmp_path / "fake.otf"
    fake.write_text("not a font")
    fonts = {"heading": str(fake), "strong": str(fake), "body": str(fake)}
    assert "is not a usable font" in problems(CARDS_FONTS=fonts)


def test_a_logo_that_is_not_an_image_is_refused(tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_text("no")
    assert "CARDS_LOGO" in problems(CARDS_LOGO=str(logo))


def test_an_imprint_too_long_for_the_cards_stops_the_build():
    found = problems(IMPRINT="Promoted by someone at some address. " * 30)
    assert "IMPRINT is too long to fit whole on the landscape share card" in found


def test_an_imprint_the_font_cannot_draw_stops_the_build():
    assert "IMPRINT has characters the card font cannot draw" in problems(IMPRINT="推广 by us")


def test_an_empty_imprint_is_the_imprint_plugins_business():
    assert prepared(IMPRINT="")["CARDS_SITE_NAME"] == "Site"


def test_the_address_on_the_cards_is_on_by_default_and_must_be_true_or_false():
    assert prepared()["CARDS_SHOW_ADDRESS"] is True
    assert prepared(CARDS_SHOW_ADDRESS=False)["CARDS_SHOW_ADDRESS"] is False
    assert "CARDS_SHOW_ADDRESS must be True or False, not 'no'" in problems(CARDS_SHOW_ADDRESS="no")
