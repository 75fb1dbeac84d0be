"""The files that tell search engines and browsers about the site, as pure text builders."""

from __future__ import annotations

import json
from xml.sax.saxutils import escape


def sitemap(entries: list[tuple[str, str]]) -> str:
    """A sitemap of (absolute URL, lastmod as ISO 8601), in the order given."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for url, lastmod in entries:
        lines.append(f"  <url><loc>{escape(url)}</loc><lastmod>{escape(lastmod)}</lastmod></url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots(sitemap_url: str, disallow: list[str]) -> str:
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in disallow), "Allow: /"]
    return "\n".join(lines) + f"\n\nSitemap: {sitemap_url}\n"


def manifest(name: str, description: str, start_url: str, colour: str) -> str:
    """A web-app manifest: the site's name and icons when saved to a phone's home screen."""
    data = {
        "name": name,
        "short_name": name[:12],
        "description": description,
        "start_url": start_url,
        "display": "browser",
        "background_color": "#ffffff",
        "theme_color": colour,
        "icons": [
            {"src": "icon-192.png", "sizes": "192x192", "type": "image/png"},
            {"src": "icon-512.png", "sizes": "512x512", "type": "image/png"},
            {"src": "favicon.svg", "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
