"""The /admin/ page, its Content-Security-Policy and what the preview needs, as pure builders."""

from __future__ import annotations

from html import escape
from urllib.parse import urlsplit

from hosting import policy as site_policy


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def policy(settings: dict) -> dict[str, list[str]]:
    """The editor's own policy: the site itself and the git host's API, nothing else.

    Decap CMS is a React application: its styles are injected at run time (emotion),
    so 'unsafe-inline' styles; it compiles its configuration schema (ajv), so
    'unsafe-eval'. Both are confined to /admin/, which no reader visits; the public
    pages keep the site's strict policy.
    """
    connect = ["'self'", *settings["EDITOR_API_ORIGINS"]]
    if settings["EDITOR_LOCAL_BACKEND"]:
        connect.append(origin(settings["EDITOR_LOCAL_BACKEND"]))
    return {
        "default-src": ["'none'"],
        "script-src": ["'self'", "'unsafe-eval'", "'wasm-unsafe-eval'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *settings["EDITOR_IMAGE_ORIGINS"]],
        "font-src": ["'self'", "data:"],
        "connect-src": connect,
        "frame-src": ["'self'", "blob:"],
        "child-src": ["'self'", "blob:"],
        "manifest-src": ["'self'"],
        "form-action": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
    }


def headers_rule(pattern: str, editor_policy: dict) -> list[str]:
    """The _headers block for /admin/: the site's policy detached, the editor's own in its
    place (Cloudflare Pages joins the values of every matching rule, and two policies
    would both be enforced), and no indexing."""
    return [
        pattern,
        "  ! Content-Security-Policy",
        f"  Content-Security-Policy: {site_policy.csp(editor_policy)}",
        "  X-Robots-Tag: noindex",
        "  Cache-Control: no-cache",
    ]


def html(sitename: str, editor_policy: dict) -> str:
    meta = escape(site_policy.csp(editor_policy, for_meta=True))
    title = escape(f"Editor · {sitename}" if sitename else "Editor")
    return f"""<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta http-equiv="Content-Security-Policy" content="{meta}">
<title>{title}</title>
<script src="init.js"></script>
<script src="decap-cms.js"></script>
<script type="module" src="editor.js"></script>
</head>
<body>
<noscript>The editor needs JavaScript.</noscript>
</body>
</html>
"""


def preview_data(settings: dict, context: dict) -> dict:
    """What the preview pane needs: the site's stylesheet (relative to /admin/) and the
    verdicts' labels."""
    depth = settings["EDITOR_URL"].strip("/").count("/") + 1
    stylesheet = context.get("STYLESHEET_URL")
    return {
        "stylesheet": "../" * depth + stylesheet if stylesheet else None,
        "verdicts": {
            key: value.get("label", key) for key, value in settings["POSTS_VERDICTS"].items()
        },
        "date_format": "D MMMM YYYY",
    }
