"""The team's brand on every page: its colour (contrast checked), its logo, its typeface.

BRAND_COLOUR becomes the theme's link and button colour, once the build has checked
that text in it, and white text on it, are readable (WCAG AA, 4.5:1); BRAND_LOGO (an
SVG or PNG) takes the site's name's place in the header, with the name as its
alternative text; BRAND_FONT serves the Inter subset in theme/fonts/ (made by
theme/fonts/subset.py) from the site itself, with ``font-display: swap``. The settings
come from site.toml's [brand] table (pelicanconf.py); docs/brand.md is their reference.
"""

from __future__ import annotations

import math
import os
import re

from incremental.output_files import produced, write_if_changed
from pelican import signals
from PIL import Image, UnidentifiedImageError
from sitekit.colours import HEX, contrast, luminance
from sitekit.settings import prepare

DEFAULTS = {"BRAND_COLOUR": None, "BRAND_COLOUR_DARK": None, "BRAND_LOGO": None, "BRAND_FONT": True}
# The theme's own backgrounds (theme/css/00-tokens-and-base.css) that brand-coloured text
# sits on, in each colour scheme, and the text drawn on a brand-coloured button.
LIGHT_BACKGROUNDS = {"background": "#ffffff", "surface": "#f3f4f6"}
DARK_BACKGROUNDS = {"background": "#15171a", "surface": "#22252a"}
BUTTON_TEXT = "#ffffff"
DARK_ACCENT = "#8ab4f8"  # the theme's own link colour in the dark scheme
AA_TEXT = 4.5
FONTS = os.path.join(os.path.dirname(__file__), "..", "..", "theme", "fonts")
FACES = {400: "inter-regular.woff2", 600: "inter-semibold.woff2"}
FONT_STACK = (
    'Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
)
WHERE = {
    "BRAND_COLOUR": "site.toml [brand] colour",
    "BRAND_COLOUR_DARK": "site.toml [brand] colour_dark",
    "BRAND_LOGO": "site.toml [brand] logo",
}


def shown_ratio(ratio: float) -> str:
    """Rounded down: 4.499 is said as 4.49:1, never as the 4.5:1 it falls short of."""
    return f"{math.floor(ratio * 100) / 100:.2f}:1"


def named(name: str) -> str:
    return f"{name} ({WHERE[name]})"


def colour_problems(name: str, value, backgrounds: dict[str, str], button: bool) -> list[str]:
    """Why ``value`` cannot be the colour of links on ``backgrounds`` (and of buttons
    with white text), or nothing."""
    if value is None:
        return []
    if not isinstance(value, str) or not HEX.match(value):
        return [f"{named(name)} must be a colour written #rrggbb, such as #0b57d0, not {value!r}"]
    problems = []
    for where, background in backgrounds.items():
        ratio = contrast(value, background)
        if ratio < AA_TEXT:
            problems.append(
                f"{named(name)} {value} has a contrast of {shown_ratio(ratio)} on the page's "
                f"{where} {background}; links in it need at least {AA_TEXT}:1 (WCAG AA): choose a "
                f"{'darker' if luminance(background) > 0.5 else 'lighter'} colour"
            )
    on_button = contrast(value, BUTTON_TEXT)
    if button and on_button < AA_TEXT:
        problems.append(
            f"{named(name)} {value} has a contrast of {shown_ratio(on_button)} with "
            f"the white text of buttons; they need at least {AA_TEXT}:1 (WCAG AA): choose a "
            "darker colour"
        )
    return problems[:1] if button else problems


def logo_problems(path) -> list[str]:
    if path is None:
        return []
    if not isinstance(path, str) or os.path.splitext(path)[1].lower() not in (".svg", ".png"):
        return [f"{named('BRAND_LOGO')} must be an .svg or .png file, not {path!r}"]
    if not os.path.isfile(path):
        return [f"{named('BRAND_LOGO')}: no file at {path}"]
    try:
        logo_size(path)
    except (OSError, UnidentifiedImageError, ValueError) as error:
        return [f"{named('BRAND_LOGO')}: {path} cannot be read as an image ({error})"]
    return []


def logo_size(path: str) -> tuple[int, int] | None:
    """The logo's width and height, so the header keeps its room while it loads (no shift)."""
    if path.lower().endswith(".png"):
        with Image.open(path) as image:
            image.verify()
            return image.size
    with open(path, encoding="utf-8") as file:
        head = file.read(4096)
    if "<svg" not in head:
        raise ValueError("no <svg> element")
    box = re.search(r'viewBox\s*=\s*"\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)', head)
    if box:
        return round(float(box.group(1))), round(float(box.group(2)))
    return None


def problems_with(settings: dict) -> list[str]:
    """What is wrong with the brand settings: contrast too low, a logo that is not one."""
    problems = colour_problems("BRAND_COLOUR", settings["BRAND_COLOUR"], LIGHT_BACKGROUNDS, True)
    problems += colour_problems(
        "BRAND_COLOUR_DARK", settings["BRAND_COLOUR_DARK"], DARK_BACKGROUNDS, False
    )
    return problems + logo_problems(settings["BRAND_LOGO"])


def apply_defaults(pelican) -> None:
    prepare(pelican.settings, DEFAULTS, problems_with)


def stylesheet(colour: str | None, dark: str | None, font_urls: dict[int, str]) -> str:
    """The brand's rules, after the theme's tokens so they win: colours, then faces."""
    rules = []
    if colour:
        rules.append(f":root {{ --colour-accent: {colour}; --colour-accent-strong: {colour}; }}")
    if colour or dark:
        # The rule above comes after the theme's dark scheme, so it would win there too:
        # dark links keep a colour checked against the dark background.
        rules.append(
            "@media (prefers-color-scheme: dark) "
            f"{{ :root {{ --colour-accent: {dark or DARK_ACCENT}; }} }}"
        )
    for weight, url in sorted(font_urls.items()):
        # swap: text shows at once in the system font, then in Inter once it has come.
        rules.append(
            f"@font-face {{ font-family: Inter; font-style: normal; font-weight: {weight}; "
            f'font-display: swap; src: url("{url}") format("woff2"); }}'
        )
    if font_urls:
        rules.append(f":root {{ --font-body: {FONT_STACK}; }}")
    return "\n".join(rules) + "\n"


class BrandAssets:
    """Adds the brand's rules to the stylesheet bundle (the assets plugin reads them in
    its own generate_context, so this generator comes first) and writes the font files
    and the logo under fingerprinted names."""

    def __init__(self, context, settings, path, theme, output_path, *args, **kwargs):
        self.context, self.settings, self.output_path = context, settings, output_path
        self.files: dict[str, str] = {}

    def generate_context(self) -> None:
        # The assets plugin's own naming; imported here as it loads after this plugin
        # (its generator must run after this one, which adds to the stylesheet).
        from assets.bundle import fingerprinted

        out = self.settings.get("ASSETS_OUTPUT_DIR", "theme")
        self.context["BRAND_FONTS"] = []  # preloaded by base.html: no wait for the CSS
        font_urls = {}
        if self.settings["BRAND_FONT"]:
            for weight, name in FACES.items():
                source = os.path.join(FONTS, name)
                with open(source, "rb") as file:
                    url = f"{out}/fonts/{fingerprinted(name, file.read())}"
                self.files[url] = source
                self.context.setdefault("BRAND_FONTS", []).append(url)
                # Relative to the stylesheet (theme/css/), so any SITEURL works.
                font_urls[weight] = "../fonts/" + url.rsplit("/", 1)[1]
        css = stylesheet(
            self.settings["BRAND_COLOUR"], self.settings["BRAND_COLOUR_DARK"], font_urls
        )
        if css.strip():
            self.context.setdefault("generated_css", []).append(("brand (BRAND_* settings)", css))
        logo = self.settings["BRAND_LOGO"]
        self.context["BRAND_LOGO_URL"] = self.context["BRAND_LOGO_SIZE"] = None
        if logo:
            with open(logo, "rb") as file:
                name = "logo" + os.path.splitext(logo)[1].lower()
                url = f"{out}/brand/{fingerprinted(name, file.read())}"
            self.files[url] = logo
            self.context["BRAND_LOGO_URL"] = url
            self.context["BRAND_LOGO_SIZE"] = logo_size(logo)

    def generate_output(self, writer) -> None:
        for url, source in self.files.items():
            path = os.path.join(self.output_path, url)
            if os.path.exists(path):
                produced(path)  # the name is the content: an existing file is this file
                continue
            with open(source, "rb") as file:
                write_if_changed(path, file.read())


def get_generators(pelican):
    return BrandAssets


def register():
    # Checked at start-up: a colour that fails contrast stops the build before any page.
    signals.initialized.connect(apply_defaults)
    signals.get_generators.connect(get_generators)
