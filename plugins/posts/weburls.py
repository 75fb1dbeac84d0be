"""One spelling for a typed web address: a valid URL wherever it is written.

A source or claim address is pasted from a browser or a document and may hold what a
URL may not: a space, a double quote, ``<``, ``|``, a second ``#``, letters beyond
ASCII. Written as typed into an ``href``, a feed or JSON-LD, it is invalid (the Nu Html
Checker says so) and readers' software may cut it short. The contract encodes each
address once, here, as it reads the post, so every page, feed, card and share link
gets the same valid spelling. An address that is already valid is left byte for byte,
and an existing ``%XX`` escape is kept (never ``%2520``).
"""

from __future__ import annotations

import re
import string
from urllib.parse import quote

# What a URL's path, query and fragment may hold as typed (RFC 3986 unreserved and
# sub-delims, ':', '@', '/', '?'); anything else is percent-encoded as UTF-8.
ALLOWED = frozenset(string.ascii_letters + string.digits + "-._~!$&'()*+,;=:@/?")
_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")
_AUTHORITY = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://)([^/?#]*)(.*)$", re.DOTALL)


def encode_url(value: str) -> str:
    """``value`` with every character a URL may not hold percent-encoded, once.

    The host is written in its ASCII form (IDNA) when typed in other letters; the first
    ``#`` starts the fragment and any later one is encoded; a ``%`` that starts a valid
    escape is kept, any other ``%`` becomes ``%25``.
    """
    match = _AUTHORITY.match(value)
    if not match:
        return _encode_rest(value)
    scheme, authority, rest = match.groups()
    return scheme + _ascii_authority(authority) + _encode_rest(rest)


def _ascii_authority(authority: str) -> str:
    if authority.isascii():
        return authority
    userinfo, at, hostport = authority.rpartition("@")
    host, colon, port = hostport.partition(":")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:  # not a name IDNA can spell: encode its bytes instead
        host = quote(host, safe="")
    return userinfo + at + host + colon + port


def _encode_rest(rest: str) -> str:
    out, fragment, index = [], False, 0
    while index < len(rest):
        char = rest[index]
        if char == "%" and _ESCAPE.match(rest, index):
            out.append(rest[index : index + 3])
            index += 3
            continue
        if char in ALLOWED or (char == "#" and not fragment):
            fragment = fragment or char == "#"
            out.append(char)
        else:
            out.append(quote(char, safe=""))
        index += 1
    return "".join(out)
