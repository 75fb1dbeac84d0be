"""Writing an output file only when its bytes change, and remembering what a build produced.

An unchanged file keeps its modification time and inode, so rsync, CDN uploads and
anything else that looks at dates sends nothing for it. A changed file is written to a
temporary file beside it and renamed into place, so a reader never sees half a page.

Every plugin that writes into the output calls ``write_if_changed`` (or ``produced`` for
a file it left alone on purpose): the build's record of what it produced is how files
of deleted posts are found and removed (see sweep.py).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable

from sitekit.files import write_atomically

from . import pages

_lock = threading.Lock()
_produced: set[str] = set()
_written: set[str] = set()
_counts = {"written": 0, "unchanged": 0, "kept": 0}


def same_bytes(path: str, data: bytes) -> bool:
    """Whether ``path`` holds exactly ``data`` (the size is compared first: it is free)."""
    try:
        if os.path.getsize(path) != len(data):
            return False
        with open(path, "rb") as file:
            return file.read() == data
    except OSError:
        return False


def same_files(one: str, two: str) -> bool:
    """Whether the files at ``one`` and ``two`` hold the same bytes."""
    try:
        if os.path.getsize(one) != os.path.getsize(two):
            return False
        with open(one, "rb") as file:
            return same_bytes(two, file.read())
    except OSError:
        return False


def write_if_changed(path: str, data: bytes) -> bool:
    """Write ``data`` at ``path`` unless it is already there; True when it was written."""
    produced(path)
    if same_bytes(path, data):
        count("unchanged")
        return False
    write_atomically(path, data, mode=0o666 & ~_umask())
    count("written")
    with _lock:
        _written.add(os.path.abspath(path))
    return True


def write_keyed(output_path: str, relative: str, key: str, make: Callable[[], bytes]) -> bool:
    """Write ``make()`` at ``relative`` unless the file there was made from ``key`` already.

    For a file that is costly to make (a feed, an email edition): its key is a digest
    of everything it is made from; when the record says the file there came from the
    same key and is as it was left, ``make`` is not called at all.
    """
    path = os.path.join(output_path, relative)
    record = pages.current()
    if record is not None and record.fresh(output_path, relative, key):
        produced(path)
        count("kept")
        return False
    written = write_if_changed(path, make())
    if record is not None:
        record.note(output_path, relative, key)
    return written


def produced(path: str) -> None:
    """Record that this build produced ``path`` (written or found already right)."""
    with _lock:
        _produced.add(os.path.abspath(path))


def start() -> None:
    """Forget the previous build's record (one process may run several builds)."""
    with _lock:
        _produced.clear()
        _written.clear()
        _counts.update(written=0, unchanged=0, kept=0)


def record() -> tuple[set[str], dict[str, int]]:
    with _lock:
        return set(_produced), dict(_counts)


def written_relative(output_path: str) -> set[str]:
    """The files the last build rewrote under ``output_path``, relative to it (livereload
    reloads only the pages among them)."""
    root = os.path.join(os.path.abspath(output_path), "")
    with _lock:
        return {path[len(root) :] for path in _written if path.startswith(root)}


def count(name: str) -> None:
    """Count a file written, found unchanged, or kept without rendering it at all."""
    with _lock:
        _counts[name] += 1


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
