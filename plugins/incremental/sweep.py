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
import re

from sitekit.errors import SettingsError

# INCREMENTAL_OUTPUT_KEY of the build under way (set when Pelican starts): a name for its
# output that does not change with the folder. `invoke publish` builds into a new staging
# folder each time, seeded from the last one; under one name, the records follow it.
_named: str | None = None


def name_output(key: str | None) -> None:
    """Name the output of the build under way (None: each folder by its path)."""
    global _named
    if key is not None and not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,40}", str(key)):
        raise SettingsError(
            f"INCREMENTAL_OUTPUT_KEY: {key!r} is not a short name of a-z, 0-9 and '-'"
        )
    _named = key


def output_key(output_path: str) -> str:
    """A short name for an output folder: what is kept about it in the cache is under it."""
    if _named is not None:
        return _named
    return hashlib.sha256(os.path.abspath(output_path).encode()).hexdigest()[:16]


def manifest_path(cache_path: str, output_path: str) -> str:
    return named_manifest_path(cache_path, output_key(output_path))


def named_manifest_path(cache_path: str, key: str) -> str:
    return os.path.join(cache_path, "incremental", f"{key}.json")


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
