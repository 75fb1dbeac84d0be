"""The brand settings: a colour whose contrast is checked, a logo in the header and on the
cards, and Inter served from the site itself with font-display set."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from brand import brand
from PIL import Image
from projects import project
from sites import empty_site, rebuttal

ROOT = Path(__file__).resolve().parent.parent
LOGO_COLOUR = (255, 0, 170)  # a magenta no card draws otherwise
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 160 40">'
    '<rect width="160" height="40" fill="#ff00aa"/></svg>'
)


def build_problem(tmp_path, **settings) -> str:
    site = empty_site(tmp_path)
    site.write("posts/a.md", rebuttal())
    with pytest.raises(SystemExit) as stopped:
        site.build(**settings)
    return str(stopped.value)


def test_the_contrast_is_measured_as_wcag_does():
    assert round(brand.contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(brand.contrast("#767676", "#ffffff"), 2) == 4.54  # the lightest grey that passes
    assert round(brand.contrast("#777777", "#ffffff"), 2) == 4.48


def test_the_checked_backgrounds_are_the_themes_own():
    tokens = (ROOT / "theme/css/00-tokens-and-base.css").read_text(encoding="utf-8")
    light, dark = tokens.split("prefers-color-scheme: dark")
    assert f"--colour-background: {brand.LIGHT_BACKGROUNDS['background']};" in light
    assert f"--colour-surface: {brand.LIGHT_BACKGROUNDS['surface']};" in light
    assert f"--colour-background: {brand.DARK_BACKGROUNDS['background']};" in dark
    assert f"--colour-surface: {brand.DARK_BACKGROUNDS['surface']};" in dark
    assert f"--colour-accent: {brand.DARK_ACCENT};" in dark


def test_a_light_brand_colour_leaves_dark_links_readable():
    css = brand.stylesheet("#8a1538", None, {})
    light, dark = css.split("prefers-color-scheme: dark")
    assert "--colour-accent: #8a1538;" in light
    assert "--colour-accent: #8ab4f8;" in dark
    assert "--colour-accent: #f4a8bd;" in brand.stylesheet("#8a1538", "#f4a8bd", {})


@pytest.mark.build
def test_a_colour_too_pale_for_text_stops_the_build_with_a_plain_message(tmp_path):
    said = build_problem(tmp_path, BRAND_COLOUR="#f2b705")
    assert said.startswith("settings: BRAND_COLOUR (site.toml [brand] colour) #f2b705")
    assert "contrast of 1.81:1" in said and "4.5:1 (WCAG AA)" in said and "darker" in said
    assert "Traceback" not in said
    assert not (tmp_path / "output" / "index.html").exists()


@pytest.mark.parametrize(
    ("settings", "words"),
    [
        ({"BRAND_COLOUR": "#777777"}, "contrast of 4.47:1 on the page's background"),  # 4.48
        ({"BRAND_COLOUR": "blue"}, "must be a colour written #rrggbb"),
        ({"BRAND_COLOUR_DARK": "#0b57d0"}, "BRAND_COLOUR_DARK (site.toml [brand] colour_dark)"),
        ({"BRAND_LOGO": "logo.gif"}, "must be an .svg or .png file"),
        ({"BRAND_LOGO": "/nowhere/logo.svg"}, "no file at /nowhere/logo.svg"),
    ],
)
def test_every_brand_setting_is_checked_before_the_build(settings, words):
    problems = brand.colour_problems(
        "BRAND_COLOUR", settings.get("BRAND_COLOUR"), brand.LIGHT_BACKGROUNDS, True
    )
    problems += brand.colour_problems(
        "BRAND_COLOUR_DARK", settings.get("BRAND_COLOUR_DARK"), brand.DARK_BACKGROUNDS, False
    )
    problems += brand.logo_problems(settings.get("BRAND_LOGO"))
    assert any(words in problem for problem in problems), problems


@pytest.fixture(scope="module")
def branded(tmp_path_factory):
    root = tmp_path_factory.mktemp("branded")
    logo = root / "logo.svg"
    logo.write_text(SVG, encoding="utf-8")
    card_logo = root / "logo.png"
    Image.new("RGBA", (320, 80), LOGO_COLOUR).save(card_logo)
    site = empty_site(root / "site")
    site.write("posts/a.md", rebuttal("A branded rebuttal", slug="branded"))
    site.build(
        "publishconf.py",
        SITEURL="https://brand.example.org",
        BRAND_COLOUR="#8a1538",
        BRAND_LOGO=str(logo),
        CARDS_LOGO=str(card_logo),
    )
    return site


@pytest.mark.build
def test_the_logo_is_in_every_pages_header_named_by_the_site(branded):
    for url in ("/", "/2026/11/branded/", "/search/", "/topics/"):
        img = branded.page(url).select_one(".site-header .site-name img.site-logo")
        assert img is not None, url
        assert img["alt"] == "Response Team"
        assert (img["width"], img["height"]) == ("160", "40")
        served = branded.output / img["src"].removeprefix("https://brand.example.org/")
        assert served.read_text(encoding="utf-8") == SVG


@pytest.mark.build
def test_the_logo_is_drawn_on_the_card(branded, tmp_path):
    card_url = branded.page("/2026/11/branded/").find("meta", property="og:image")["content"]
    card = branded.output / card_url.removeprefix("https://brand.example.org/")
    plain = empty_site(tmp_path)
    plain.write("posts/a.md", rebuttal("A branded rebuttal", slug="branded"))
    plain.build("publishconf.py", SITEURL="https://brand.example.org")
    plain_url = plain.page("/2026/11/branded/").find("meta", property="og:image")["content"]
    with Image.open(card) as image, Image.open(plain.output / plain_url.split("/", 3)[3]) as bare:

        def magenta(picture):
            data = picture.convert("RGB").tobytes()
            pixels = zip(data[0::3], data[1::3], data[2::3], strict=True)
            return sum(
                1
                for p in pixels
                if all(abs(a - b) < 24 for a, b in zip(p, LOGO_COLOUR, strict=True))
            )

        assert magenta(image) > 2_000  # the logo, scaled into the footer
        assert magenta(bare) == 0


@pytest.mark.build
def test_the_colour_and_the_typeface_come_with_the_stylesheet(branded):
    soup = branded.page("/")
    href = soup.find("link", rel="stylesheet")["href"].removeprefix("https://brand.example.org/")
    css = (branded.output / href).read_text(encoding="utf-8")
    assert "--colour-accent: #8a1538; --colour-accent-strong: #8a1538;" in css
    faces = re.findall(r"@font-face \{[^}]*\}", css)
    assert len(faces) == 2
    for face in faces:
        assert "font-display: swap" in face
        (url,) = re.findall(r'url\("([^"]+)"\)', face)
        assert url.startswith("../fonts/inter-") and url.endswith(".woff2")
        font = (branded.output / href).parent / url
        assert font.read_bytes()[:4] == b"wOF2"
    assert "--font-body: Inter," in css
    # Both faces are asked for at once with the stylesheet, not once it has come.
    preloads = [link["href"] for link in soup.find_all("link", rel="preload")]
    assert sorted(url.rsplit("/", 1)[1] for url in preloads) == sorted(
        url.rsplit("/", 1)[1] for face in faces for url in re.findall(r'url\("([^"]+)"\)', face)
    )
    assert all(link.has_attr("crossorigin") for link in soup.find_all("link", rel="preload"))
    # Nothing from another site: every address in the stylesheet is relative.
    assert not re.search(r"url\(\"?(https?:)?//", css)


@pytest.mark.build
def test_site_toml_brand_table_reaches_the_header_and_the_cards(tmp_path):
    copy = project(tmp_path)
    copy.write("posts/a.md", rebuttal("A branded rebuttal", slug="branded"))
    Image.new("RGBA", (320, 80), LOGO_COLOUR).save(copy.root / "logo.png")
    with open(copy.root / "site.toml", "a", encoding="utf-8") as file:
        file.write('\n[brand]\ncolour = "#f2b705"\nlogo = "logo.png"\n')
    refused = copy.invoke("build")
    assert refused.returncode != 0 and "Traceback" not in refused.stderr
    assert "BRAND_COLOUR (site.toml [brand] colour) #f2b705 has a contrast of 1.81:1" in (
        refused.stderr + refused.stdout
    )
    text = (copy.root / "site.toml").read_text(encoding="utf-8")
    (copy.root / "site.toml").write_text(text.replace("#f2b705", "#8a1538"), encoding="utf-8")
    built = copy.invoke("build")
    assert built.returncode == 0, built.stderr
    page = copy.page("/2026/11/branded/")
    assert page.select_one(".site-header img.site-logo")["alt"] == "Response Team"
    card = page.find("meta", property="og:image")["content"].split("/cards/")[1]
    with Image.open(copy.output / "cards" / card) as image:
        data = image.convert("RGB").tobytes()
    assert data.count(bytes(LOGO_COLOUR)) > 2_000  # the PNG logo, on the card too
