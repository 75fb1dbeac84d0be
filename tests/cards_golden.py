"""Golden share cards: a few example cards kept as images; `python3 dev.py golden` redraws them."""

from __future__ import annotations

from cards import content, draw
from cards.cards import card_spec
from cards.settings import prepare
from sites import ROOT

GOLDEN = ROOT / "tests/golden/cards"
SITEURL = "https://response-team.example.org"
IMPRINT = (
    "Promoted by A. Organiser on behalf of the Example Party, both at "
    "1 Sample Street, London SW1A 0AA."
)


def settings() -> dict:
    return prepare(
        {
            "SITENAME": "Response Team",
            "SITEURL": SITEURL,
            "IMPRINT": IMPRINT,
            "CACHE_PATH": "/nonexistent",
        }
    )


def golden_specs() -> dict[str, draw.CardSpec]:
    rebuttal = content.rebuttal(
        claim="The Example Party is selling off the Tŷ Gwyn clinic in Aberdŵr to a developer.",
        claimant="Blue Party candidate Rhys Enghraifft",
        verdict_label="False",
        verdict_colour="#b3261e",
        kicker=None,
        first_fact="The health board renewed the lease for 15 years, to 2041. It is not for sale.",
        facts_label="The facts",
    )
    update = content.update(
        title="What we said today: buses, bins and why we're voting Yes on the bypass",
        summary="Three things from today, including why we are backing a Yes vote.",
        topic="Round-up",
        accent="#0b57d0",
        kicker=None,
    )
    values = settings()
    return {
        "rebuttal-landscape": card_spec(rebuttal, "landscape", values)[0],
        "rebuttal-square": card_spec(rebuttal, "square", values)[0],
        "update-landscape": card_spec(update, "landscape", values)[0],
    }


def regenerate() -> None:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for old in GOLDEN.glob("*.png"):
        old.unlink()
    for name, spec in golden_specs().items():
        draw.render(spec).image.save(GOLDEN / f"{name}.png")
