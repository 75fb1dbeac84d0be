"""One function per network, each turning a Shareable into that network's share address.

Adding a network is adding one decorated function here and naming it in SHARE_NETWORKS.
Values are percent-encoded here, where they land in a URL; the template escapes the
whole address again for the HTML attribute.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from .text import compose, fit


@dataclass(frozen=True)
class Shareable:
    """What a post offers to be shared: plain text, never HTML."""

    title: str
    text: str  # the title, or the post's share_text
    url: str  # absolute
    hashtags: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()
    site_url: str = ""


@dataclass(frozen=True)
class Network:
    key: str
    label: str
    link: Callable[[Shareable], str]


NETWORKS: dict[str, Network] = {}


def network(key: str, label: str):
    """Register a share-address function for a network."""

    def register(function: Callable[[Shareable], str]) -> Callable[[Shareable], str]:
        NETWORKS[key] = Network(key, label, function)
        return function

    return register


def _query(base: str, **params: str) -> str:
    return base + "?" + urlencode(params, quote_via=quote)


# X counts every link as 23 characters, whatever its length.
X_LINK_WEIGHT = 23


@network("x", "X")
def x(item: Shareable) -> str:
    text = fit(item.text, item.hashtags, limit=280 - X_LINK_WEIGHT - 1)
    return _query("https://x.com/intent/tweet", text=text, url=item.url)


@network("facebook", "Facebook")
def facebook(item: Shareable) -> str:
    return _query("https://www.facebook.com/sharer/sharer.php", u=item.url)


@network("whatsapp", "WhatsApp")
def whatsapp(item: Shareable) -> str:
    return _query("https://wa.me/", text=compose(item.text, item.hashtags, item.url, 4096))


@network("telegram", "Telegram")
def telegram(item: Shareable) -> str:
    text = fit(item.text, item.hashtags, limit=4096 - len(item.url) - 1)
    return _query("https://t.me/share/url", url=item.url, text=text)


@network("bluesky", "Bluesky")
def bluesky(item: Shareable) -> str:
    return _query(
        "https://bsky.app/intent/compose", text=compose(item.text, item.hashtags, item.url, 300)
    )


@network("threads", "Threads")
def threads(item: Shareable) -> str:
    return _query(
        "https://www.threads.net/intent/post", text=compose(item.text, item.hashtags, item.url, 500)
    )


@network("linkedin", "LinkedIn")
def linkedin(item: Shareable) -> str:
    return _query("https://www.linkedin.com/sharing/share-offsite/", url=item.url)


@network("reddit", "Reddit")
def reddit(item: Shareable) -> str:
    return _query("https://www.reddit.com/submit", url=item.url, title=fit(item.title, (), 300))


@network("email", "Email")
def email(item: Shareable) -> str:
    lines = [item.title, ""]
    lines += [f"• {fact}" for fact in item.facts[:3]]
    lines += ["", item.url]
    # mailto wants %20 for spaces and CRLF line ends (RFC 6068).
    return "mailto:?" + urlencode(
        {"subject": item.title, "body": "\r\n".join(lines)}, quote_via=quote
    )


@network("mastodon", "Mastodon")
def mastodon(item: Shareable) -> str:
    # Mastodon has no central share page: this site's own page asks the reader
    # for their server once, remembers it in the browser and sends them there.
    text = compose(item.text, item.hashtags, item.url, 500)
    return _query(f"{item.site_url}/share/mastodon/", text=text)
