"""The two card designs as data: where each block goes and how its text may be set.

Every length is in pixels for the reference size (1200×630 landscape, 1080×1080
square) and scales with the card's width, so another size in ``CARDS_SIZES``
keeps the proportions; the claim's box takes whatever height is left over.
"""

from __future__ import annotations

from dataclasses import dataclass

# Font roles; CARDS_FONTS maps each to a file.
HEADING, STRONG, BODY = "heading", "strong", "body"


@dataclass(frozen=True)
class Text:
    """One block of text: a font role and a size range at the reference width."""

    role: str
    max_size: int
    min_size: int
    leading: float = 1.2
    max_lines: int | None = None


@dataclass(frozen=True)
class Layout:
    name: str
    reference_width: int
    margin: int  # the inset of all text from the card's left, right and top edges
    safe: int  # nothing but backgrounds is drawn closer than this to any edge
    bar: int  # the colour bar across the top
    badge_height: int
    badge_padding: int
    badge: Text
    headline: Text  # the claim, or an update's title
    byline: Text  # the claimant
    summary: Text  # an update's summary
    label: Text  # "The facts"
    kicker: Text  # the short line of the facts
    rule: int  # the coloured rule beside the facts
    gap: int  # between blocks
    footer_padding: int
    site_name: Text
    address: Text  # the site's host name, beside the site's name
    imprint: Text
    footer_stacked: bool  # imprint below the site's name, rather than beside it
    logo_height: int

    def scaled(self, width: int) -> Layout:
        """The same design for a card ``width`` pixels wide."""
        factor = width / self.reference_width
        values = {}
        for name, value in vars(self).items():
            if isinstance(value, Text):
                value = Text(
                    value.role,
                    max(8, round(value.max_size * factor)),
                    max(8, round(value.min_size * factor)),
                    value.leading,
                    value.max_lines,
                )
            elif (
                isinstance(value, int) and not isinstance(value, bool) and name != "reference_width"
            ):
                value = max(1, round(value * factor))
            values[name] = value
        return Layout(**values)


LANDSCAPE = Layout(
    name="landscape",
    reference_width=1200,
    margin=64,
    safe=40,
    bar=12,
    badge_height=50,
    badge_padding=22,
    badge=Text(STRONG, 26, 20, max_lines=1),
    headline=Text(HEADING, 72, 30, leading=1.12),
    byline=Text(STRONG, 28, 20, max_lines=1),
    summary=Text(BODY, 30, 22, leading=1.3, max_lines=3),
    label=Text(STRONG, 18, 14, max_lines=1),
    kicker=Text(STRONG, 27, 20, leading=1.25, max_lines=2),
    rule=6,
    gap=22,
    footer_padding=24,
    site_name=Text(STRONG, 26, 18, max_lines=1),
    address=Text(BODY, 18, 13, max_lines=1),
    imprint=Text(BODY, 16, 12, leading=1.3, max_lines=3),
    footer_stacked=False,
    logo_height=44,
)

SQUARE = Layout(
    name="square",
    reference_width=1080,
    margin=76,
    safe=48,
    bar=16,
    badge_height=64,
    badge_padding=28,
    badge=Text(STRONG, 34, 24, max_lines=1),
    headline=Text(HEADING, 92, 38, leading=1.1),
    byline=Text(STRONG, 36, 24, max_lines=1),
    summary=Text(BODY, 38, 26, leading=1.3, max_lines=5),
    label=Text(STRONG, 22, 17, max_lines=1),
    kicker=Text(STRONG, 34, 24, leading=1.25, max_lines=3),
    rule=8,
    gap=30,
    footer_padding=34,
    site_name=Text(STRONG, 32, 22, max_lines=1),
    address=Text(BODY, 24, 16, max_lines=1),
    imprint=Text(BODY, 19, 14, leading=1.3, max_lines=4),
    footer_stacked=True,
    logo_height=56,
)

DESIGNS = {"landscape": LANDSCAPE, "square": SQUARE}
