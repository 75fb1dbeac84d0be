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


def changed_since(output_path: str, since_ns: int, skip: tuple[str, ...] = ()) -> set[str]:
    """Files (relative paths) modified at or after ``since_ns``: written by this build.

    Top-level folders whose names start with one of ``skip`` are not looked into.
    """
    found: set[str] = set()
    folders = [("", output_path)]
    while folders:
        relative_folder, folder = folders.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            relative = relative_folder + entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    if not (relative_folder == "" and entry.name.startswith(skip)):
                        folders.append((relative + os.sep, entry.path))
                elif entry.stat(follow_symlinks=False).st_mtime_ns >= since_ns:
                    found.add(relative)
            except OSError:
                continue
    return found


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
