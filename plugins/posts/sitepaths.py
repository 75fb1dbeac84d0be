"""Site paths (a post's aliases): one spelling for each, and the file each one names.

An alias becomes a redirect page in the output and a line of the host's ``_redirects``
file, and both reach the deploy. So an alias is held to the narrowest form that says
what an old address needs: a leading ``/``, URL path characters, no query, fragment,
dot segment or white space, before or after percent-decoding. It is kept percent-encoded
in one spelling (``/caf%C3%A9/`` for ``/café/`` and ``/caf%c3%a9/``), and its redirect page
is written at the decoded path, where a static host looks for it.
"""

from __future__ import annotations

import re
import string
import unicodedata
from urllib.parse import quote, unquote

from . import characters

# RFC 3986 path characters, less '*' and ':', which Netlify's and Cloudflare's _redirects
# read as a splat and a placeholder (an alias "/*" would redirect the whole site).
PATH_PUNCTUATION = "-._~!$&'()+,;=@"
ASCII_ALLOWED = set(string.ascii_letters + string.digits + PATH_PUNCTUATION + "/")
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
EXAMPLE = "such as /2026/11/old-slug/"


def normalise(value: str) -> tuple[str | None, str]:
    """``value`` in its one spelling, or None and why it is not a site path."""
    if not value.startswith("/"):
        return None, f"must be a path on this site starting with /, {EXAMPLE}"
    if value.startswith("//"):
        return None, f"is an address on another site; give a path on this one, {EXAMPLE}"
    why = _characters_problem(value, typed=True)
    if why:
        return None, why
    if _BAD_ESCAPE.search(value):
        return None, "has a % that is not followed by two hexadecimal digits"
    try:
        decoded = unquote(value, errors="strict")
    except UnicodeDecodeError:
        return None, "has %-escapes that are not UTF-8 text"
    why = _characters_problem(decoded, typed=False)
    if why:
        return None, why
    segments = decoded.split("/")[1:]
    for number, segment in enumerate(segments, start=1):
        if segment in (".", ".."):
            return None, f"has a '{segment}' segment; give the path itself, {EXAMPLE}"
        if segment.startswith("."):
            return None, "has a name starting with '.', which servers hide or treat as special"
        if not segment and number < len(segments):
            return None, "has an empty segment (//)"
    # Letters in one Unicode form too: "é" typed as e and an accent is the same address.
    decoded = unicodedata.normalize("NFC", decoded)
    # No allowed letter becomes punctuation in NFC; checked again all the same.
    why = _characters_problem(decoded, typed=False)
    if why:
        return None, why
    return "/" + quote(decoded[1:], safe="/" + PATH_PUNCTUATION), ""


def _characters_problem(text: str, typed: bool) -> str:
    """Why ``text`` holds a character no alias may, as typed or once percent-decoded."""
    how = "" if typed else " (once its %-escapes are decoded)"
    for character in text:
        if character in ASCII_ALLOWED or (character == "%" and typed):
            continue
        if characters.forbidden(character) or character in "\n\r":
            return (
                f"contains {characters.describe(character)}{how}; an alias is one path on one line"
            )
        if character.isspace():
            return f"contains a space{how}; an alias is one path: use - between words"
        if character in "?#":
            return f"has a query or fragment ('{character}'){how}; give the path alone"
        if character == "\\":
            return f"contains a backslash{how}; paths use /"
        if character in "*:":
            return (
                f"contains '{character}'{how}, which the host's _redirects file reads as a pattern"
            )
        if character == "%":
            return "is %-encoded twice (%25)"
        if ord(character) < 0x80 or unicodedata.category(character)[0] not in "LMN":
            return (
                f"contains '{characters.printable(character)}'{how}, which is not a URL path "
                "character; use letters, digits, - and _"
            )
    return ""


def file_of(path: str) -> str:
    """The output file answering a site path, as a static host maps it (no leading /)."""
    relative = unquote(path).lstrip("/")
    if not relative or relative.endswith("/"):
        return relative + "index.html"
    last = relative.rsplit("/", 1)[-1]
    return relative if "." in last else relative + "/index.html"
