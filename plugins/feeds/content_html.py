"""The full content of a feed item and an email edition: every fact, every link absolute."""

from __future__ import annotations

import html as html_text
import os
import re
from collections.abc import Callable
from dataclasses import dataclass

import css_inline
import nh3
from jinja2 import BaseLoader, ChoiceLoader, Environment, FileSystemLoader, StrictUndefined

from .items import EMAIL_WIDTH, Image

# The kit's own theme: its feed_item.html and email_edition.html stand in when a site's
# theme has none (a theme overrides them by holding templates of the same names).
TEMPLATES = os.path.join(
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
    "theme",
    "templates",
)

# What may reach a reader's inbox: the body's own allow-list, without ids (they
# would clash in a reader's page) and without anything that runs or submits.
_TAGS = nh3.ALLOWED_TAGS | {"figure", "figcaption", "mark", "s"}
_ATTRIBUTES = {
    **nh3.ALLOWED_ATTRIBUTES,
    "a": {"href", "hreflang", "title"},
    "img": {"src", "alt", "width", "height", "title"},
    "td": {"align"},
    "th": {"align"},
}
_URL_SCHEMES = {"http", "https", "mailto", "tel"}


@dataclass(frozen=True)
class PostView:
    """What the content templates show of a post: the posts plugin's model, plain."""

    title: str
    url: str  # absolute
    body_html: str  # sanitised, every link absolute (see absolute_links)
    summary: str = ""
    verdict: object = None  # posts.verdicts.Verdict: key, label, colour, description
    claim: object = None  # posts.model.Claim
    facts: tuple = ()
    corrections: tuple = ()
    share_links: tuple = ()  # dicts {network, label, url}
    image: Image | None = None
    imprint: str = ""
    site_name: str = ""


def absolute_links(html: str, base_url: str) -> str:
    """Sanitise ``html`` again and resolve every relative href and src against ``base_url``.

    Email services and feed readers show a feed item away from the site, where a
    relative link is broken.
    """
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        url_relative=("rewrite_with_base", base_url),
        link_rel=None,
    )


# nh3 writes every attribute as name="value", so its output can be read this simply.
_IMG = re.compile(r"<img\b([^>]*)>")
_SRC = re.compile(r'\ssrc="([^"]*)"')
_SIZE = re.compile(r"\s(?:width|height)=")


def sized_images(html: str, size_of: Callable[[str], tuple[int, int] | None]) -> str:
    """Give each image with no width and height the size of its file, at most 600 wide.

    Email clients (Outlook above all) lay out an image by its attributes, not its file.
    ``html`` must come from ``absolute_links``; ``size_of`` maps an address to the
    (width, height) of the file, or None when it is not one of the site's files.
    """

    def add_size(match: re.Match) -> str:
        attributes = match.group(1)
        src = _SRC.search(attributes)
        size = size_of(html_text.unescape(src.group(1))) if src else None
        if _SIZE.search(attributes) or not size or min(size) <= 0:
            return match.group(0)
        width, height = size
        shown = min(width, EMAIL_WIDTH)
        return f'<img{attributes} width="{shown}" height="{round(height * shown / width)}">'

    return _IMG.sub(add_size, html)


def _strftime(value, fmt: str) -> str:
    return value.strftime(fmt)


def environment(theme_loader: BaseLoader | None = None) -> Environment:
    """The theme's templates (``theme_loader``, the site's generators' loader), then the
    kit's own. Autoescaping on and StrictUndefined whatever the site's Jinja settings:
    every value from a post is text until a template says otherwise, and what reaches an
    inbox never has a silently empty field."""
    loaders = [theme_loader] if theme_loader is not None else []
    env = Environment(
        loader=ChoiceLoader([*loaders, FileSystemLoader(TEMPLATES)]),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["strftime"] = _strftime
    return env


_ENV = environment()


# What urlsplit would call an http(s) scheme, without splitting every link of every post.
_WEB = re.compile(r"[\x00-\x20]*https?:", re.IGNORECASE)


def web_links(links) -> tuple[dict, ...]:
    """Share links that are web addresses: anything else never reaches an inbox."""
    return tuple(link for link in links or () if _WEB.match(str(link.get("url", ""))))


def item_content(post: PostView, date_format: str, env: Environment | None = None) -> str:
    """The HTML of ``content:encoded``, Atom ``content`` and JSON Feed ``content_html``.

    The whole of it goes through the sanitiser once more, so nothing that runs,
    frames or submits can reach a reader, and no link is left relative.
    """
    template = (env or _ENV).get_template("feed_item.html")
    html = template.render(post=post, date_format=date_format)
    return absolute_links(html, post.url)


# Styles move onto the elements (email clients drop <style>); nothing is fetched.
_INLINER = css_inline.CSSInliner(load_remote_stylesheets=False, apply_width_attributes=True)


def email_edition(post: PostView, date_format: str, env: Environment | None = None) -> str:
    """A whole email-ready page, 600 pixels wide, its styles inlined."""
    template = (env or _ENV).get_template("email_edition.html")
    html = template.render(post=post, date_format=date_format)
    return _INLINER.inline(html)
