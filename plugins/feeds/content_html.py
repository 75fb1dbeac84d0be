"""The full content of a feed item and an email edition: every fact, every link absolute."""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlsplit

import css_inline
import nh3
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .items import Image

TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates")

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


def _strftime(value, fmt: str) -> str:
    return value.strftime(fmt)


def environment() -> Environment:
    """Autoescaping on: every value from a post is text until a template says otherwise."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["strftime"] = _strftime
    return env


_ENV = environment()


def web_links(links) -> tuple[dict, ...]:
    """Share links that are web addresses: anything else never reaches an inbox."""
    return tuple(
        link
        for link in links or ()
        if urlsplit(str(link.get("url", ""))).scheme in ("http", "https")
    )


def item_content(post: PostView, date_format: str) -> str:
    """The HTML of ``content:encoded``, Atom ``content`` and JSON Feed ``content_html``.

    The whole of it goes through the sanitiser once more, so nothing that runs,
    frames or submits can reach a reader, and no link is left relative.
    """
    html = _ENV.get_template("feed_item.html").render(post=post, date_format=date_format)
    return absolute_links(html, post.url)


# Styles move onto the elements (email clients drop <style>); nothing is fetched.
_INLINER = css_inline.CSSInliner(load_remote_stylesheets=False, apply_width_attributes=True)


def email_edition(post: PostView, date_format: str) -> str:
    """A whole email-ready page, 600 pixels wide, its styles inlined."""
    html = _ENV.get_template("email_edition.html").render(post=post, date_format=date_format)
    return _INLINER.inline(html)
