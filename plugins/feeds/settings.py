"""The FEEDS_* settings: defaults in one place, checked when the build starts."""

from __future__ import annotations

from urllib.parse import urlsplit

from sitekit.errors import SettingsError  # noqa: F401 (re-exported: where callers catch it)
from sitekit.settings import prepare as checked
from sitekit.urls import DEVELOPMENT_SITEURL

KINDS = ("rss", "atom", "json")

DEFAULTS = {
    # Absolute address the feeds and email editions use; "" means SITEURL when that is
    # absolute, else the development server (feeds must never hold relative links).
    "FEEDS_SITEURL": "",
    # Items in each feed, newest first.
    "FEEDS_MAX_ITEMS": 20,
    # WebSub hub announced in every feed and pinged by `invoke ping-hub`; "" for none.
    "FEEDS_HUB": "",
    # Where the site's own feeds are written, by kind; leave a kind out to skip it.
    "FEEDS_SITE_PATHS": {"rss": "feed.xml", "atom": "atom.xml", "json": "feed.json"},
    # Where each topic's feeds are written; {slug} is the topic's slug. {} for none.
    "FEEDS_TOPIC_PATHS": {
        "rss": "topics/{slug}/feed.xml",
        "atom": "topics/{slug}/atom.xml",
        "json": "topics/{slug}/feed.json",
    },
    # One email-ready page per published post, for pasting into a mailing service.
    "FEEDS_EMAIL_EDITIONS": True,
    # The unlisted folder they are written to, mirroring each post's address.
    "FEEDS_EMAIL_DIR": "email",
}


def prepare(settings: dict) -> dict:
    """Fill in the defaults, then check every setting; raise with every problem found."""
    return checked(settings, DEFAULTS, check)


def _is_http_url(value) -> bool:
    if not isinstance(value, str):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _check_paths(name: str, value, needs_slug: bool) -> list[str]:
    if not isinstance(value, dict):
        return [f"{name} must be a mapping of feed kind ({', '.join(KINDS)}) to a path"]
    problems = []
    for kind, path in value.items():
        if kind not in KINDS:
            problems.append(f"{name}: {kind!r} is not a feed kind ({', '.join(KINDS)})")
        elif not isinstance(path, str) or not path.strip() or path.startswith("/"):
            problems.append(f"{name}[{kind!r}] must be a path inside the output, like 'feed.xml'")
        elif needs_slug and "{slug}" not in path:
            problems.append(f"{name}[{kind!r}] must contain {{slug}}, or topics share one file")
    paths = [p for p in value.values() if isinstance(p, str)]
    if len(set(paths)) != len(paths):
        problems.append(f"{name}: two feed kinds are written to the same path")
    return problems


def check(settings: dict) -> list[str]:
    """Every problem with the FEEDS_* settings, as sentences; empty when all is well."""
    problems = []
    site_url = settings["FEEDS_SITEURL"]
    if site_url != "" and not _is_http_url(site_url):
        problems.append(f"FEEDS_SITEURL must be an http(s) address or empty, not {site_url!r}")
    limit = settings["FEEDS_MAX_ITEMS"]
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        problems.append(f"FEEDS_MAX_ITEMS must be a whole number of at least 1, not {limit!r}")
    hub = settings["FEEDS_HUB"]
    if hub != "" and not _is_http_url(hub):
        problems.append(f"FEEDS_HUB must be an http(s) address or empty, not {hub!r}")
    problems += _check_paths("FEEDS_SITE_PATHS", settings["FEEDS_SITE_PATHS"], needs_slug=False)
    problems += _check_paths("FEEDS_TOPIC_PATHS", settings["FEEDS_TOPIC_PATHS"], needs_slug=True)
    if not isinstance(settings["FEEDS_EMAIL_EDITIONS"], bool):
        problems.append("FEEDS_EMAIL_EDITIONS must be True or False")
    folder = settings["FEEDS_EMAIL_DIR"]
    if not isinstance(folder, str) or not folder.strip("/") or ".." in folder.split("/"):
        problems.append(f"FEEDS_EMAIL_DIR must be a folder inside the output, not {folder!r}")
    return problems


def feeds_site_url(settings: dict) -> str:
    """The absolute address feeds use, without a trailing slash."""
    candidates = ("FEEDS_SITEURL", "SITEURL", "SITEURL_DEVELOPMENT")
    for candidate in (settings.get(name) for name in candidates):
        if _is_http_url(candidate):
            return candidate.rstrip("/")
    return DEVELOPMENT_SITEURL
