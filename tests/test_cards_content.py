"""Tests for cards.content: the words a card shows, and the alternative text."""

import pytest
from cards import content


@pytest.mark.parametrize(
    ("typed", "set"),
    [
        ("that's it", "that’s it"),
        ('he said "no" today', "he said “no” today"),
        ("'single' quotes", "‘single’ quotes"),
        ("back in the '90s", "back in the ’90s"),
        ('("quoted")', "(“quoted”)"),
        ("wait...", "wait…"),
        ("already “curly” and ‘fine’", "already “curly” and ‘fine’"),
        ("line\nbreaks   and  spaces", "line breaks and spaces"),
    ],
)
def test_typographic_quotes(typed, set):
    assert content.typographic(typed) == set


@pytest.mark.parametrize(
    ("typed", "claim"),
    [
        ('"We have no plans."', "We have no plans."),
        ("“We have no plans.”", "We have no plans."),
        ("We have no plans.", "We have no plans."),
        ("“Half” of it", "“Half” of it"),
    ],
)
def test_a_claim_typed_in_quotes_loses_them(typed, claim):
    assert content.unquote(typed) == claim


def rebuttal(**changes):
    values = {
        "claim": "We have no plans to raise VAT.",
        "claimant": "Conservative Party",
        "verdict_label": "Misleading",
        "verdict_colour": "#a4460d",
        "kicker": None,
        "first_fact": "They raised it three times. Each time after promising not to.",
        "facts_label": "The facts",
    }
    return content.rebuttal(**{**values, **changes})


def test_a_rebuttal_shows_the_verdict_the_claim_and_the_first_sentence_of_the_first_fact():
    shown = rebuttal()
    assert (shown.badge, shown.headline, shown.byline) == (
        "Misleading",
        "We have no plans to raise VAT.",
        "Conservative Party",
    )
    assert shown.kicker == "They raised it three times."
    assert shown.quoted and shown.accent == "#a4460d"
    assert shown.alt == (
        "Verdict: Misleading. Conservative Party said: “We have no plans to raise VAT.” "
        "The facts: They raised it three times."
    )


def test_the_cards_kicker_replaces_the_first_fact():
    assert rebuttal(kicker="Three times since 1979").kicker == "Three times since 1979"


def test_quotes_inside_a_claim_become_single_ones():
    assert rebuttal(claim='Prices have "never" been lower').headline == (
        "Prices have ‘never’ been lower"
    )


def test_an_update_shows_its_title_summary_and_topic():
    shown = content.update("What we said today", "A round-up.", "Buses", "#0b57d0", None)
    assert (shown.headline, shown.summary, shown.badge, shown.quoted) == (
        "What we said today",
        "A round-up.",
        "Buses",
        False,
    )
    assert shown.alt == "What we said today. A round-up."


def test_an_update_title_ending_a_sentence_gets_no_second_stop():
    shown = content.update("Is it true?", "No.", None, "#0b57d0", None)
    assert shown.alt == "Is it true? No."
