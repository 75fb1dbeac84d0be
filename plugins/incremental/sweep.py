"""Files of removed content: what the last build produced and this one did not.

Pelican writes over the previous output (DELETE_OUTPUT_DIRECTORY is off, so unchanged
files keep their dates), which leaves behind the page, card and email edition of a post
that was deleted or moved. Each build records what it produced in a manifest (in the
cache, keyed by the output folder); the next build removes what is in that manifest but
was not produced again. Only files a build of this site recorded are ever removed:
anything else in the output folder (put there by hand, or by a tool that does not say
what it writes) is left alone.
"""

from __future__ import annotations

import hashlib
import json
import os


def output_key(output_path: str) -> str:
    """A short name for an output folder: what is kept about it in the cache is under it."""
    return hashlib.sha256(os.path.abspath(output_path).encode()).hexdigest()[:16]


def manifest_path(cache_path: str, output_path: str) -> str:
    return os.path.join(cache_path, "incremental", f"{output_key(output_path)}.json")


def load(path: str) -> set[str]:
    try:
        with open(path, encoding="utf-8") as file:
            return set(json.load(file))
    except (OSError, ValueError):
        return set()


def save(path: str, relative_paths: set[str]) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as file:
        json.dump(sorted(relative_paths), file, indent=0)


def stale(previous: set[str], produced: set[str]) -> list[str]:
    """What the last build produced and this one did not, in a stable order."""
    return sorted(previous - produced)


def remove(output_path: str, relative_paths: list[str]) -> int:
    """Remove the files, then any folder left empty by it; the number removed."""
    removed = 0
    root = os.path.abspath(output_path)
    for relative in relative_paths:
        path = os.path.abspath(os.path.join(root, relative))
        if not path.startswith(root + os.sep) or not os.path.isfile(path):
            continue
        os.remove(path)
        removed += 1
        folder = os.path.dirname(path)
        while folder != root and not os.listdir(folder):
            os.rmdir(folder)
            folder = os.path.dirname(folder)
    return removed
