"""Tests for cards.fit: wrap by measured width, shrink to the minimum, only then shorten."""

from __future__ import annotations

import random
import signal
from contextlib import contextmanager

import pytest
from cards import fit, typefaces
from cards.settings import DEFAULTS

HEADING = DEFAULTS["CARDS_FONTS"]["heading"]
STYLE = fit.Style(HEADING, max_size=60, min_size=30, leading=1.2)


def measured(text: str, size: int) -> float:
    return typefaces.load(HEADING, size).getlength(text)


def test_short_text_is_set_at_the_largest_size_on_one_line():
    fitted = fit.fit("Crime has doubled.", STYLE, 1000, 300)
    assert fitted.lines == ("Crime has doubled.",)
    assert fitted.size == 60 and not fitted.truncated


def test_lines_are_wrapped_by_measured_width_not_by_characters():
    # Twelve wide letters take more room than twelve narrow ones.
    wide = fit.fit("WWWW WWWW WWWW", STYLE, 400, 1000)
    narrow = fit.fit("iiii iiii iiii", STYLE, 400, 1000)
    assert len(wide.lines) > len(narrow.lines)
    for fitted in (wide, narrow):
        assert all(measured(line, fitted.size) <= 400 for line in fitted.lines)


def test_type_shrinks_before_anything_is_cut():
    text = "The Example Party will put council tax up by forty per cent in every town."
    fitted = fit.fit(text, STYLE, 700, 160)
    assert 30 <= fitted.size < 60
    assert not fitted.truncated
    assert " ".join(fitted.lines) == text
    assert fitted.height <= 160


def test_an_ellipsis_only_at_the_smallest_size():
    text = " ".join(["word"] * 200)
    fitted = fit.fit(text, STYLE, 600, 200)
    assert fitted.size == 30 and fitted.truncated
    assert fitted.lines[-1].endswith("…")
    assert fitted.height <= 200
    assert all(measured(line, 30) <= 600 for line in fitted.lines)


def test_a_shortened_text_is_cut_at_a_word():
    words = [f"word{n}" for n in range(100)]
    fitted = fit.fit(" ".join(words), STYLE, 600, 120)
    kept = " ".join(fitted.lines).removesuffix("…").split()
    assert kept == words[: len(kept)]


def test_the_line_limit_is_kept():
    style = fit.Style(HEADING, 30, 20, max_lines=2)
    fitted = fit.fit(" ".join(["longer words"] * 40), style, 500, 1000)
    assert len(fitted.lines) == 2 and fitted.truncated and fitted.size == 20


def test_no_lone_word_on_the_last_line():
    text = "Waiting lists at Exampleton General are the longest they have ever been."
    # A width at which greedy wrapping leaves "been." alone on the second line.
    measure = fit._Measure(HEADING, 60)
    words = text.split()
    room = (measure.line(words) + measure.line(words[:-1])) / 2
    greedy = fit.wrap(words, measure, room)
    assert len(greedy) == 2 and greedy[-1] == "been."
    fitted = fit.fit(text, STYLE, round(room / fit.KERNING_ALLOWANCE), 1000)
    assert len(fitted.lines) == 2
    assert len(fitted.lines[-1].split()) >= 3


def test_balanced_lines_are_about_even():
    text = "Our plan will cut every family’s energy bill by £900 and then some more"
    fitted = fit.fit(text, STYLE, 1000, 1000)
    widths = [measured(line, fitted.size) for line in fitted.lines]
    assert len(widths) > 1 and min(widths) > 0.6 * max(widths)


def test_a_word_wider_than_the_box_is_cut_into_pieces_that_fit():
    address = "https://www.example.org/" + "a-very-long-path-" * 6
    fitted = fit.fit(address, STYLE, 400, 1000)
    assert "".join(fitted.lines) == address
    assert all(measured(line, fitted.size) <= 400 for line in fitted.lines)


def test_empty_text_takes_no_room():
    fitted = fit.fit("", STYLE, 400, 100)
    assert fitted.lines == () and fitted.height == 0


# Words of each kind, separated by spaces.
WORDS = {
    "English": "the claim that prices have never been lower is wrong by every measure",
    "Welsh": "mae’r ŵyl yn y dŷ bach ger Aberdŵr a Thŷ Gwyn yng Nghymru heddiw",
    "Polish": "łódź żółć gęślą jaźń zażółć świętą ćmę Łęczyca Źródło Żubr",
    "money": "£1,200 £900 €50 20p £3.5bn 40% 2026/27 “quoted” ‘single’ —",
    "Greek": "Η κυβέρνηση λέει ψέματα για τους φόρους",
    "Cyrillic": "Цены никогда не были такими низкими",
    "long": "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch",
}


def generated_texts(count: int, seed: int = 7) -> list[str]:
    """Texts of every length from a word to 300 characters, mixing every script above."""
    chance = random.Random(seed)
    pool = [word for words in WORDS.values() for word in words.split()]
    texts = []
    for index in range(count):
        limit = 1 + (index * 300) // count
        text = ""
        while len(text) < limit:
            text = f"{text} {chance.choice(pool)}".strip()
        texts.append(text[:300])
    return texts


@pytest.mark.parametrize("text", generated_texts(60))
def test_any_text_fits_its_box(text):
    style = fit.Style(HEADING, 64, 28, leading=1.15)
    fitted = fit.fit(text, style, 1000, 330)
    assert fitted.height <= 330
    assert all(measured(line, fitted.size) <= 1000 for line in fitted.lines)
    letters = "".join(fitted.lines).replace(" ", "")
    if fitted.truncated:
        assert fitted.size == 28 and letters.endswith("…")
        assert text.replace(" ", "").startswith(letters.removesuffix("…"))
    else:
        assert letters == text.replace(" ", "")


def test_a_lone_word_left_after_balancing_takes_the_word_before_it():
    measure = fit._Measure(HEADING, 60)
    lines = ["The Example Party is", "clinic in Aberdŵr to a", "developer.”"]
    assert fit.no_lone_word(lines, measure, 2000) == [
        "The Example Party is",
        "clinic in Aberdŵr to",
        "a developer.”",
    ]
    # A line of two words keeps both: moving one would only move the problem up.
    assert fit.no_lone_word(["Crime has", "doubled"], measure, 2000) == ["Crime has", "doubled"]


@contextmanager
def hang_guard(seconds: int):
    """Fail a test that runs for ``seconds`` (a guard against a hang, not a speed check)."""

    def stop(signum, frame):
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def measurements(text: str, style: fit.Style, width: int, height: int) -> int:
    """How many times ``fit`` asks the font for a width, from cold."""
    fit.fit.cache_clear()
    fit._widths.clear()
    counted = []
    measure = fit._Measure.reference
    fit._Measure.reference = lambda self, piece: counted.append(piece) or measure(self, piece)
    try:
        with hang_guard(60):
            fitted = fit.fit(text, style, width, height, "”")
    finally:
        fit._Measure.reference = measure
    assert fitted.truncated and fitted.lines[-1].endswith("…”")
    return len(counted)


@pytest.mark.parametrize("box", [(1000, 330), (400, 1000)])
def test_a_word_of_any_length_costs_about_the_same_few_measurements(box):
    # One measurement a letter made a 5,000-letter word take 77 s; the work may grow
    # with the logarithm of a word's length, not with the length.
    style = fit.Style(HEADING, 64, 28, leading=1.15)
    short, long = (measurements(f"Crime {'a' * n} up", style, *box) for n in (1_000, 200_000))
    assert long <= 2 * short, (short, long)
