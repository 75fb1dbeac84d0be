"""Security and caching headers for static hosts, as pure text builders."""

from __future__ import annotations

# Scripts and styles only from this site; 'wasm-unsafe-eval' lets the search
# index (Pagefind, WebAssembly) run, and allows no eval of JavaScript.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'none'"],
    "script-src": ["'self'", "'wasm-unsafe-eval'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "manifest-src": ["'self'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
}

# Directives a <meta> policy cannot carry (browsers ignore them there).
HEADER_ONLY = {"frame-ancestors"}

YEAR = "public, max-age=31536000, immutable"


def csp(policy: dict[str, list[str]], for_meta: bool = False) -> str:
    return "; ".join(
        f"{name} {' '.join(values)}"
        for name, values in policy.items()
        if not (for_meta and name in HEADER_ONLY)
    )


def headers_file(
    policy: dict, immutable: list[str], feeds: list[str], rules: list[list[str]] = ()
) -> str:
    """A ``_headers`` file (Netlify, Cloudflare Pages): security on every path, caching by kind.

    Fingerprinted files (a content hash in the name) are cached for a year and
    feeds for five minutes. Pages get no Cache-Control here: both hosts join the
    values of every matching rule, and their default for HTML (revalidate on every
    request) is what a rebuttal and its corrections need. ``rules`` are other plugins'
    blocks (a path line, then indented header lines), written last.
    """
    lines = [
        "/*",
        f"  Content-Security-Policy: {csp(policy)}",
        "  Referrer-Policy: strict-origin-when-cross-origin",
        "  X-Content-Type-Options: nosniff",
        "  Permissions-Policy: interest-cohort=(), browsing-topics=()",
    ]
    for pattern in immutable:
        lines += ["", pattern, f"  Cache-Control: {YEAR}"]
    for pattern in feeds:
        lines += ["", pattern, "  Cache-Control: public, max-age=300"]
    for rule in rules:
        lines += ["", *rule]
    return "\n".join(lines) + "\n"
