"""Render a post's Markdown body to safe HTML and derive its default summary."""

from __future__ import annotations

from html.parser import HTMLParser

import markdown
import nh3
from sitekit.text import shorten  # also what reader.py calls as body.shorten

from .weburls import encode_url

# Markdown lets an author type raw HTML; a quoted opponent's text must never
# become script, so the rendered body goes through an allow-list sanitiser.
_ALLOWED_TAGS = nh3.ALLOWED_TAGS | {"figure", "figcaption", "mark", "s"}
_ALLOWED_ATTRIBUTES = {
    **nh3.ALLOWED_ATTRIBUTES,
    "a": {"href", "hreflang", "title", "id"},
    "img": {"src", "alt", "width", "height", "title", "loading"},
    **{f"h{level}": {"id"} for level in range(2, 7)},
    "li": {"id"},
    "sup": {"id"},
    "td": {"align"},
    "th": {"align"},
}
_URL_SCHEMES = {"http", "https", "mailto", "tel"}

SUMMARY_LENGTH = 300


def render(text: str, markdown_settings: dict) -> str:
    """Markdown to sanitised HTML, with the site's MARKDOWN extensions."""
    return sanitise(_converter(markdown_settings).reset().convert(text))


# One converter for each MARKDOWN setting, reset before each post: making one (loading
# its extensions) cost as much as converting a post. Reading is single-threaded.
_converters: dict[str, markdown.Markdown] = {}


def _converter(markdown_settings: dict) -> markdown.Markdown:
    key = repr(sorted(markdown_settings.items()))
    if key not in _converters:
        configs = markdown_settings.get("extension_configs", {})
        _converters[key] = markdown.Markdown(
            extensions=list(configs),
            extension_configs=configs,
            output_format=markdown_settings.get("output_format", "html5"),
        )
    return _converters[key]


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener",
        attribute_filter=_web_address,
    )


def _web_address(tag: str, attribute: str, value: str) -> str:
    """A link or image typed in the body with another site's address, in the same one
    valid spelling as the front matter's addresses (weburls). Site links are left as
    they are: ``{filename}`` links are resolved by Pelican after this."""
    if attribute in ("href", "src") and value.startswith(("https://", "http://")):
        return encode_url(value)
    return value


class _FirstParagraph(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.done = False
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "p" and not self.done:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag == "p" and self.depth:
            self.depth -= 1
            self.done = self.done or (self.depth == 0 and bool("".join(self.parts).strip()))

    def handle_data(self, data):
        if self.depth and not self.done:
            self.parts.append(data)


def first_paragraph(html: str, limit: int = SUMMARY_LENGTH) -> str:
    """The first paragraph's text, cut at a word boundary to ``limit`` characters."""
    parser = _FirstParagraph()
    parser.feed(html)
    return shorten(" ".join("".join(parser.parts).split()), limit)
