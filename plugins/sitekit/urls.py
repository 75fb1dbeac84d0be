"""The site's absolute addresses: what shared links, feeds, sitemaps and JSON-LD need."""

from __future__ import annotations

from urllib.parse import urljoin

# Where a development build points its absolute links when SITEURL_DEVELOPMENT is unset.
DEVELOPMENT_SITEURL = "http://127.0.0.1:8000"


def site_url(settings: dict) -> str:
    """SITEURL, or the development server's address (development builds have no SITEURL);
    without a trailing slash."""
    base = settings.get("SITEURL") or settings.get("SITEURL_DEVELOPMENT") or DEVELOPMENT_SITEURL
    return base.rstrip("/")


def absolute(base: str, path: str) -> str:
    """``path`` (site-relative, or already absolute) as an absolute address under ``base``."""
    return urljoin(base.rstrip("/") + "/", path)


def public_url(settings: dict, path: str) -> str:
    """A site-relative ``path`` as an absolute address on this site."""
    return f"{site_url(settings)}/{path}"
