"""Tests for drawing cards: sizes, formats, the safe area, glyphs, and golden images."""

from __future__ import annotations

import io
import random
from types import SimpleNamespace

import pytest
from cards import content, draw, typefaces
from cards.cards import card_spec, shown_for
from cards.layout import DESIGNS
from cards.settings import DEFAULTS, prepare
from cards_golden import GOLDEN, golden_specs, settings
from PIL import Image, ImageChops
from posts.limits import MAX_LENGTH
from test_cards_fit import generated_texts, hang_guard

SETTINGS = settings()
DEFAULT_FONTS = DEFAULTS["CARDS_FONTS"]
EXTRA = {
    "emoji": "🚀 👍🏽 🏴󠁧󠁢󠁷󠁬󠁳󠁿 ❤️ 👨‍👩‍👧",
    "Chinese": "价格 从未 这么 低",
    "Arabic": "الأسعار لم تكن أبدا",
}


def rebuttal_shown(claim: str, claimant: str = "The Blue Party", kicker: str | None = None):
    return content.rebuttal(
        claim,
        claimant,
        "Missing context",
        "#7a5a00",
        kicker,
        "Prices rose 4% in a year.",
        "The facts",
    )


def update_shown(title: str, summary: str | None = "A summary of the post.", topic="Wales"):
    return content.update(title, summary, topic, "#0b57d0", None)


def inside(box, width, height, inset) -> bool:
    left, top, right, bottom = box
    return left >= inset and top >= inset and right <= width - inset and bottom <= height - inset


def overlap(one, two) -> bool:
    return not (one[2] <= two[0] or two[2] <= one[0] or one[3] <= two[1] or two[3] <= one[1])


def check_card(shown, design: str):
    spec, _ = card_spec(shown, design, SETTINGS)
    drawn = draw.render(spec)
    assert drawn.image.size == SETTINGS["CARDS_SIZES"][design]
    layout_safe = {"landscape": 24, "square": 32}[design]
    margin = DESIGNS[design].scaled(spec.width).margin
    for line in drawn.lines:
        assert inside(line.box, spec.width, spec.height, layout_safe), line
        # Text keeps to the margin on the right too (a glyph's ink may overhang a little).
        assert line.box[2] <= spec.width - margin + 3, line
        missing = {c for c in line.text if c != " " and ord(c) not in typefaces.charset(line.font)}
        assert not missing, (line, missing)
    # Blocks never run into each other.
    for one in drawn.lines:
        for two in drawn.lines:
            if one.block != two.block:
                assert not overlap(one.box, two.box), (one, two)
    # The imprint is always there in full.
    imprint = " ".join(line.text for line in drawn.lines if line.block == "imprint")
    assert imprint == " ".join(SETTINGS["IMPRINT"].split())
    return spec, drawn


def every_script_texts(count: int, seed: int) -> list[str]:
    chance = random.Random(seed)
    extra = [word for words in EXTRA.values() for word in words.split()]
    texts = []
    for text in generated_texts(count, seed):
        words = text.split()
        for _ in range(len(words) // 6):
            words.insert(chance.randrange(len(words) + 1), chance.choice(extra))
        texts.append(" ".join(words)[:300])
    return texts


@pytest.mark.parametrize("design", ["landscape", "square"])
@pytest.mark.parametrize("claim", every_script_texts(16, seed=3))
def test_any_claim_stays_inside_the_safe_area_with_every_glyph_in_the_font(claim, design):
    spec, drawn = check_card(rebuttal_shown(claim, kicker=claim[::-1][:140]), design)
    assert {line.block for line in drawn.lines} >= {"badge", "byline", "kicker", "imprint"}


@pytest.mark.parametrize("design", ["landscape", "square"])
@pytest.mark.parametrize("title", every_script_texts(10, seed=5))
def test_any_title_stays_inside_the_safe_area(title, design):
    check_card(update_shown(title or "x", summary=title[::-1]), design)


@pytest.mark.parametrize("design", ["landscape", "square"])
def test_the_longest_text_the_contract_allows(design):
    title = ("Ŵyn " * 60)[:200]
    claim = ("Łódź żubr “£1,200” " * 20)[:300]
    check_card(update_shown(title, summary="ŷ " * 200), design)
    claim = claim * 3  # longer than any claim, so it must be shortened
    spec, drawn = check_card(rebuttal_shown(claim, claimant="C" * 200, kicker="k " * 300), design)
    headline = [line.text for line in drawn.lines if line.block == "headline"]
    assert headline[0].startswith("“") and headline[-1].endswith("…”")


def test_a_card_shows_its_words():
    shown = rebuttal_shown("We have no plans to raise VAT.", kicker="They raised it three times.")
    _, drawn = check_card(shown, "landscape")
    blocks = ("badge", "headline", "byline", "label", "kicker", "site_name")
    text = {b: " ".join(line.text for line in drawn.lines if line.block == b) for b in blocks}
    assert text == {
        "badge": "MISSING CONTEXT",
        "headline": "“We have no plans to raise VAT.”",
        "byline": "— The Blue Party",
        "label": "THE FACTS",
        "kicker": "They raised it three times.",
        "site_name": "Response Team",
    }
    assert [line.text for line in drawn.lines if line.block == "address"] == [
        "response-team.example.org"
    ]


@pytest.mark.parametrize("design", ["landscape", "square"])
def test_the_site_address_sits_in_the_footer_beside_the_name_unless_turned_off(design):
    shown = update_shown("Buses: what changes")
    _, drawn = check_card(shown, design)
    (name,) = [line for line in drawn.lines if line.block == "site_name"]
    (address,) = [line for line in drawn.lines if line.block == "address"]
    imprint = [line for line in drawn.lines if line.block == "imprint"]
    assert address.text == "response-team.example.org"
    # On the name's line, after it; the imprint below (square) or beside them (landscape).
    assert address.origin[1] == name.origin[1] and address.box[0] > name.box[2]
    if design == "square":
        assert address.box[3] < min(line.box[1] for line in imprint)
    else:
        assert address.box[2] < min(line.box[0] for line in imprint)
    spec, _ = card_spec(shown, design, {**SETTINGS, "CARDS_SHOW_ADDRESS": False})
    assert spec.address is None
    assert "address" not in {line.block for line in draw.render(spec).lines}
    development = {**SETTINGS, "SITEURL": ""}
    assert card_spec(shown, design, development)[0].address is None


def test_an_imprint_too_long_to_stand_beside_the_address_keeps_its_room_and_is_whole():
    imprint = (
        "Promoted by A. Organiser on behalf of the Example Party, both at 1 Sample Street, "
        "London SW1A 0AA. Printed by Example Print Limited, 2 Sample Road, Exampleton EX1 2AB, "
        "for the Example Party and its candidates in every ward of the borough and the county, "
        "May 2026 elections. Printed by Example Print Limited."
    )
    values = prepare({**settings(), "IMPRINT": imprint, "CARDS_FONTS": DEFAULT_FONTS})
    spec, _ = card_spec(update_shown("Buses"), "landscape", values)
    drawn = draw.render(spec)
    (name,) = [line for line in drawn.lines if line.block == "site_name"]
    (address,) = [line for line in drawn.lines if line.block == "address"]
    # Under the name, in the room the imprint was checked against at start-up.
    assert address.origin[0] == name.origin[0] and address.box[1] > name.box[3]
    shown = " ".join(line.text for line in drawn.lines if line.block == "imprint")
    assert shown == imprint


def test_a_post_of_endless_words_gets_its_cards_at_once():
    """A 5,000-letter word in a claim took 77 s, a 200,000-letter one in a fact over 120 s."""
    post = SimpleNamespace(
        is_rebuttal=True,
        claim=SimpleNamespace(text="Crime " + "a" * 5_000 + " doubled", claimant="Them"),
        verdict=SimpleNamespace(label="False", colour="#b3261e"),
        facts=[SimpleNamespace(text="It " + "b" * 200_000 + " fell.")],
        card=None,
    )
    huge = SimpleNamespace(**{**vars(post), "claim": SimpleNamespace(
        text="word " * 20_000, claimant="Them " * 5_000
    )})  # fmt: skip
    with hang_guard(60):
        for one in (post, huge):
            shown = shown_for(one, SETTINGS)
            # Cut to the contract's limits before anything is measured.
            assert len(shown.headline) <= MAX_LENGTH["claim"]
            assert len(shown.byline) <= MAX_LENGTH["claimant"]
            for design in ("landscape", "square"):
                spec, drawn = check_card(shown, design)
                headline = [line.text for line in drawn.lines if line.block == "headline"]
                assert headline[-1].endswith("…”")


def test_emoji_and_unknown_scripts_are_left_out_cleanly():
    spec, dropped = card_spec(
        rebuttal_shown("Prices 🚀 are down 👍🏽 中文 now"), "landscape", SETTINGS
    )
    assert spec.headline == "Prices are down now"
    assert dropped == "🚀👍🏽中文"


def test_welsh_written_with_combining_accents_is_drawn_with_the_fonts_letters():
    spec, dropped = card_spec(
        rebuttal_shown("Ty\u0302 Gwyn and Aberdw\u0302r"), "landscape", SETTINGS
    )
    assert spec.headline == "Tŷ Gwyn and Aberdŵr" and dropped == ""


def test_a_verdict_colour_too_light_for_white_text_gets_dark_text():
    assert draw._readable_on("#b3261e", "#14171c") == "#ffffff"
    assert draw._readable_on("#f2d35c", "#14171c") == "#14171c"


def test_a_card_is_a_lossless_png_and_a_card_with_a_photograph_the_smaller_format():
    drawn = draw.render(golden_specs()["rebuttal-square"]).image
    data, extension = draw.encode(drawn, 90, 300_000)
    assert extension == "png" and data.startswith(b"\x89PNG")
    with Image.open(io.BytesIO(data)) as decoded:
        assert decoded.mode == "RGB" and decoded.tobytes() == drawn.tobytes()
    noise = Image.frombytes("RGB", (1200, 630), random.Random(1).randbytes(1200 * 630 * 3))
    data, extension = draw.encode(noise, 90, 10_000_000, photo=True)
    assert extension == "jpg" and data.startswith(b"\xff\xd8")


def test_encoding_keeps_within_the_budget_by_lowering_jpeg_quality():
    # Something like a photograph: detail at every scale, too much for PNG.
    chance = random.Random(2)
    small = Image.frombytes("RGB", (300, 158), chance.randbytes(300 * 158 * 3))
    photo = small.resize((1200, 630), Image.Resampling.BICUBIC)
    assert len(draw._jpeg(photo, 90)) > 300_000
    data, extension = draw.encode(photo, 90, 300_000)
    assert extension == "jpg" and len(data) <= 300_000
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (1200, 630)


@pytest.mark.parametrize("name", sorted(golden_specs()))
def test_golden_cards(name):
    """The example cards look as committed, within 1 per channel (regenerate: invoke golden)."""
    drawn = draw.render(golden_specs()[name]).image
    with Image.open(GOLDEN / f"{name}.png") as expected:
        assert expected.size == drawn.size
        difference = ImageChops.difference(expected.convert("RGB"), drawn)
        worst = max(high for _, high in difference.getextrema())
    assert worst <= 1, f"{name} differs by {worst}; if intended, run `python3 dev.py golden`"


@pytest.mark.parametrize("size", [(400, 100), (2000, 100)])
def test_a_logo_is_drawn_in_the_footer_instead_of_the_name(tmp_path, size):
    logo = tmp_path / "logo.png"
    Image.new("RGBA", size, "#ffcc00").save(logo)
    values = {**SETTINGS, "CARDS_LOGO": str(logo)}
    spec, _ = card_spec(rebuttal_shown("A claim."), "landscape", values)
    drawn = draw.render(spec)
    assert "site_name" not in {line.block for line in drawn.lines}
    yellow = [
        (x, y)
        for x in range(0, 1200, 4)
        for y in range(500, 630, 4)
        if drawn.image.getpixel((x, y)) == (255, 204, 0)
    ]
    assert yellow and min(x for x, _ in yellow) >= 64
    # However wide the logo, the imprint keeps its room beside it.
    imprint = [line.box for line in drawn.lines if line.block == "imprint"]
    assert max(x for x, _ in yellow) < min(box[0] for box in imprint)
