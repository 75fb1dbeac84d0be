"""Bundle the theme's stylesheets into one file and name static files by content hash."""

from __future__ import annotations

import hashlib
import os


def digest(data: bytes, length: int = 10) -> str:
    return hashlib.sha256(data).hexdigest()[:length]


def fingerprinted(name: str, data: bytes) -> str:
    """``share.js`` → ``share.<hash>.js``: a new name whenever the content changes."""
    stem, extension = os.path.splitext(name)
    return f"{stem}.{digest(data)}{extension}"


def bundle_css(parts: list[tuple[str, str]]) -> str:
    """One stylesheet from (file name, text) pairs, in the order given."""
    return "".join(f"/* {name} */\n{text.rstrip()}\n\n" for name, text in parts).rstrip() + "\n"


def read_folder(folder: str, extension: str) -> list[tuple[str, str]]:
    """(name, text) of every file with ``extension`` in ``folder``, sorted by name."""
    if not os.path.isdir(folder):
        return []
    names = sorted(n for n in os.listdir(folder) if n.endswith(extension))
    result = []
    for name in names:
        with open(os.path.join(folder, name), encoding="utf-8") as file:
            result.append((name, file.read()))
    return result
