"""The CARDS_* settings: their defaults, in one place, and the checks run at start-up."""

from __future__ import annotations

import os
import re

from PIL import Image
from sitekit.colours import HEX
from sitekit.errors import SettingsError
from sitekit.settings import fill_defaults

from . import fit, typefaces
from .layout import BODY, DESIGNS, HEADING, STRONG

DEFAULTS = {
    # Card sizes in pixels: landscape for link previews (Open Graph, X, LinkedIn,
    # WhatsApp, Bluesky), square for Instagram, WhatsApp status and stories.
    "CARDS_SIZES": {"landscape": (1200, 630), "square": (1080, 1080)},
    "CARDS_BACKGROUND": "#ffffff",
    "CARDS_TEXT_COLOUR": "#14171c",
    "CARDS_MUTED_COLOUR": "#4a505a",
    # An update's colour; a rebuttal's card takes its verdict's colour from POSTS_VERDICTS.
    "CARDS_ACCENT_COLOUR": "#0b57d0",
    "CARDS_FOOTER_COLOUR": "#14171c",
    "CARDS_FOOTER_TEXT_COLOUR": "#ffffff",
    # An image (PNG with transparency) drawn in the footer instead of the site's name.
    "CARDS_LOGO": None,
    # The name in the footer; SITENAME when not set.
    "CARDS_SITE_NAME": None,
    "CARDS_FACTS_LABEL": "The facts",
    # The site's host name (from SITEURL) beside its name, so a graphic passed on
    # without its link still says where the sources are.
    "CARDS_SHOW_ADDRESS": True,
    "CARDS_FONTS": {
        HEADING: os.path.join(typefaces.SHIPPED, "InterDisplay-Bold.otf"),
        STRONG: os.path.join(typefaces.SHIPPED, "Inter-SemiBold.otf"),
        BODY: os.path.join(typefaces.SHIPPED, "Inter-Regular.otf"),
    },
    # Drawn cards, kept between builds; None: a folder "cards" beside CACHE_PATH.
    "CARDS_CACHE_PATH": None,
    # The folder in the output that holds the cards.
    "CARDS_OUTPUT_DIR": "cards",
    "CARDS_JPEG_QUALITY": 90,
    # WhatsApp shows no preview for a larger image.
    "CARDS_MAX_BYTES": 300_000,
}

COLOURS = (
    "CARDS_BACKGROUND",
    "CARDS_TEXT_COLOUR",
    "CARDS_MUTED_COLOUR",
    "CARDS_ACCENT_COLOUR",
    "CARDS_FOOTER_COLOUR",
    "CARDS_FOOTER_TEXT_COLOUR",
)
_FOLDER = re.compile(r"^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*$")


def prepare(settings: dict) -> dict:
    """Fill in the defaults, resolve paths, and stop on anything malformed."""
    fill_defaults(settings, DEFAULTS)
    if settings["CARDS_CACHE_PATH"] is None:
        cache = os.path.normpath(settings.get("CACHE_PATH") or ".cache/pelican")
        settings["CARDS_CACHE_PATH"] = os.path.join(os.path.dirname(cache), "cards")
    if not settings["CARDS_SITE_NAME"]:
        settings["CARDS_SITE_NAME"] = settings.get("SITENAME", "")
    problems = check(settings)
    if problems:
        raise SettingsError(problems)
    settings["CARDS_FONTS"] = {
        role: os.path.abspath(path) for role, path in settings["CARDS_FONTS"].items()
    }
    if settings["CARDS_LOGO"]:
        settings["CARDS_LOGO"] = os.path.abspath(settings["CARDS_LOGO"])
    return settings


def check(settings: dict) -> list[str]:
    """Every way the CARDS_* settings are wrong, as sentences."""
    problems = []
    for name in COLOURS:
        value = settings[name]
        if not isinstance(value, str) or not HEX.match(value):
            problems.append(f"{name} must be a colour written as #rrggbb, not {value!r}")
    problems += _check_sizes(settings["CARDS_SIZES"])
    problems += _check_fonts(settings["CARDS_FONTS"])
    logo = settings["CARDS_LOGO"]
    if logo is not None:
        problems += _check_logo(logo)
    quality = settings["CARDS_JPEG_QUALITY"]
    if not isinstance(quality, int) or isinstance(quality, bool) or not 50 <= quality <= 95:
        problems.append(f"CARDS_JPEG_QUALITY must be a whole number from 50 to 95, not {quality!r}")
    budget = settings["CARDS_MAX_BYTES"]
    if not isinstance(budget, int) or isinstance(budget, bool) or budget < 50_000:
        problems.append(
            f"CARDS_MAX_BYTES must be a number of bytes, at least 50000, not {budget!r}"
        )
    folder = settings["CARDS_OUTPUT_DIR"]
    if not isinstance(folder, str) or not _FOLDER.match(folder):
        problems.append(f"CARDS_OUTPUT_DIR must be a folder name such as 'cards', not {folder!r}")
    if not isinstance(settings["CARDS_SHOW_ADDRESS"], bool):
        problems.append(
            f"CARDS_SHOW_ADDRESS must be True or False, not {settings['CARDS_SHOW_ADDRESS']!r}"
        )
    for name in ("CARDS_CACHE_PATH", "CARDS_SITE_NAME", "CARDS_FACTS_LABEL"):
        if not isinstance(settings[name], str):
            problems.append(f"{name} must be text, not {settings[name]!r}")
    if not problems:
        problems += _check_imprint(settings)
    return problems


def _check_sizes(sizes) -> list[str]:
    if not isinstance(sizes, dict) or set(sizes) != set(DESIGNS):
        return [f"CARDS_SIZES must give a (width, height) for each of: {', '.join(DESIGNS)}"]
    problems = []
    for name, size in sizes.items():
        if (
            not isinstance(size, (tuple, list))
            or len(size) != 2
            or not all(isinstance(v, int) and 300 <= v <= 4096 for v in size)
        ):
            problems.append(
                f"CARDS_SIZES[{name!r}] must be (width, height) in pixels, each 300 to 4096"
            )
    if not problems:
        (lw, lh), (sw, sh) = sizes["landscape"], sizes["square"]
        if lw < lh * 1.5:
            problems.append("CARDS_SIZES['landscape'] must be at least half again as wide as high")
        if not 0.75 <= sw / sh <= 1.25:
            problems.append("CARDS_SIZES['square'] must be about as wide as high")
    return problems


def _check_fonts(setting) -> list[str]:
    roles = (HEADING, STRONG, BODY)
    if not isinstance(setting, dict) or set(setting) != set(roles):
        return [f"CARDS_FONTS must name a font file for each of: {', '.join(roles)}"]
    problems = []
    for role, path in setting.items():
        if not isinstance(path, str) or not os.path.isfile(path):
            problems.append(f"CARDS_FONTS[{role!r}]: no font file at {path!r}")
            continue
        try:
            typefaces.load(os.path.abspath(path), 20)
            typefaces.charset(os.path.abspath(path))
        except Exception as error:  # FreeType and fontTools each have their own errors
            problems.append(f"CARDS_FONTS[{role!r}]: {path!r} is not a usable font ({error})")
    return problems


def _check_logo(path) -> list[str]:
    if not isinstance(path, str) or not os.path.isfile(path):
        return [f"CARDS_LOGO: no image file at {path!r}"]
    try:
        with Image.open(path) as image:
            image.verify()
    except Exception:  # Pillow raises many kinds for a file that is not an image
        return [f"CARDS_LOGO: {path!r} is not an image Pillow can read"]
    return []


def _check_imprint(settings: dict) -> list[str]:
    """The law wants the whole imprint on every card: it must fit without being cut."""
    imprint = settings.get("IMPRINT") or ""
    problems = []
    for name, (width, height) in settings["CARDS_SIZES"].items():
        layout = DESIGNS[name].scaled(width)
        text = layout.imprint
        path = os.path.abspath(settings["CARDS_FONTS"][text.role])
        shown, dropped = typefaces.drawable(imprint, path)
        style = fit.Style(path, text.max_size, text.min_size, text.leading, text.max_lines)
        # The narrowest the imprint's box can be: beside the widest site name allowed.
        room = width - 2 * layout.margin
        if not layout.footer_stacked:
            room = room - int(room * 0.34) - 2 * layout.gap
        fitted = fit.fit(shown, style, room, height // 4)
        if fitted.truncated:
            problems.append(
                f"IMPRINT is too long to fit whole on the {name} share card "
                f"({width}×{height}); shorten it, or draw the cards larger with CARDS_SIZES"
            )
        if dropped:
            problems.append(
                f"IMPRINT has characters the card font cannot draw: {dropped!r}; "
                "the imprint must appear in full on every card"
            )
            break
    return problems
