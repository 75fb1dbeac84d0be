"""Text is text: the characters no field or body may hold, named in words, and safe echoes.

A vertical tab pasted from Word, a noncharacter or a bidirectional override passes any
YAML parser, then stops the feeds (XML forbids most controls) or makes a headline read
differently from what it says. The contract refuses them where they are typed; messages
echo text from a file only through ``printable``, so no control character reaches a
terminal (an ESC sequence in a title must not recolour or rewrite an editor's screen).
"""

from __future__ import annotations

import re
import unicodedata

# What each of the usual suspects is, for the person who pasted it.
NAMED = {
    0x00: "a null character (not text): delete it",
    0x09: "a tab: use a space",
    0x0A: "a line break",
    0x0D: "a carriage return",
    0x0B: "a line break pasted from Word: use a new line or a space",
    0x0C: "a page break pasted from Word: use a new line",
    0x1B: "an escape character (terminal control codes): delete it",
    0x7F: "a delete character (not text): delete it",
    0x85: "a next-line character: use a new line",
}
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# C0 but newline and carriage return (line ends), DEL and C1, bidi overrides and
# isolates, the noncharacters of the first plane and lone surrogates (YAML's "\ud800"
# makes one). The other planes' noncharacters are looked for apart: a class holding
# them makes every search fourteen times slower.
_FORBIDDEN = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + BIDI + "\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff"
_IN_FIELD = re.compile(f"[\t{_FORBIDDEN}]")
_IN_BODY = re.compile(f"[{_FORBIDDEN}]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
# What printable() escapes: the above, tab, line ends and the other invisible format marks.
_UNPRINTABLE = re.compile(f"[\t\n\r\u2028\u2029\u200e\u200f\u061c{_FORBIDDEN}]")


def _astral_nonchar(character: str) -> bool:
    """U+1FFFE, U+1FFFF … U+10FFFF: the last two code points of every other plane."""
    return ord(character) & 0xFFFE == 0xFFFE


def describe(character: str) -> str:
    """``U+000B, a line break pasted from Word: use a new line or a space``."""
    code = ord(character)
    if code in NAMED:
        reason = NAMED[code]
    elif character in BIDI:
        name = unicodedata.name(character).lower()
        reason = (
            f"a {name} mark, invisible, which can make text display in another order "
            "than it reads: delete it"
        )
    elif 0xD800 <= code <= 0xDFFF:
        reason = "half of a character (a lone surrogate): type the character again"
    elif 0x80 <= code < 0xA0:
        # Windows' curly quotes and dashes (0x91-0x97) land here when read as Latin-1.
        reason = "a control character, often a Word quote or dash in the wrong encoding: retype it"
    elif code < 0xA0:
        reason = "a control character (not text): delete it"
    else:
        reason = "a noncharacter (not text): delete it"
    return f"U+{code:04X}, {reason}"


def forbidden(text: str, *, allow_tab: bool = False) -> list[str]:
    """The distinct forbidden characters in ``text``, in the order they first appear."""
    found = (_IN_BODY if allow_tab else _IN_FIELD).findall(text)
    if _ASTRAL.search(text):
        found += [c for c in _ASTRAL.findall(text) if _astral_nonchar(c)]
        found.sort(key=text.index)
    return list(dict.fromkeys(found))


def has_forbidden(text: str, *, allow_tab: bool = False) -> bool:
    if (_IN_BODY if allow_tab else _IN_FIELD).search(text):
        return True
    return bool(_ASTRAL.search(text)) and any(map(_astral_nonchar, _ASTRAL.findall(text)))


def message(found: list[str], limit: int = 3) -> str:
    """What a field or line holds, in words: at most ``limit`` characters named."""
    named = "; ".join(describe(character) for character in found[:limit])
    more = f" (and {len(found) - limit} other kinds)" if len(found) > limit else ""
    return f"contains {named}{more}"


def printable(text: str) -> str:
    """``text`` with every control, format mark and lone surrogate written as an escape."""
    text = _UNPRINTABLE.sub(_escape, text)
    if _ASTRAL.search(text):
        text = _ASTRAL.sub(lambda m: _escape(m) if _astral_nonchar(m.group()) else m.group(), text)
    return text


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def shown(value: str, limit: int = 80) -> str:
    """A value from a file, as a message quotes it: printable and at most ``limit`` long."""
    value = printable(value)
    return value if len(value) <= limit else value[: limit - 1] + "…"
