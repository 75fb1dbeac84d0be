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
import tempfile
import threading

_lock = threading.Lock()
_produced: set[str] = set()
_counts = {"written": 0, "unchanged": 0}


def same_bytes(path: str, data: bytes) -> bool:
    """Whether ``path`` holds exactly ``data`` (the size is compared first: it is free)."""
    try:
        if os.path.getsize(path) != len(data):
            return False
        with open(path, "rb") as file:
            return file.read() == data
    except OSError:
        return False


def write_if_changed(path: str, data: bytes) -> bool:
    """Write ``data`` at ``path`` unless it is already there; True when it was written."""
    produced(path)
    if same_bytes(path, data):
        _count("unchanged")
        return False
    folder = os.path.dirname(path)
    os.makedirs(folder, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".part-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    _count("written")
    return True


def produced(path: str) -> None:
    """Record that this build produced ``path`` (written or found already right)."""
    with _lock:
        _produced.add(os.path.abspath(path))


def start() -> None:
    """Forget the previous build's record (one process may run several builds)."""
    with _lock:
        _produced.clear()
        _counts.update(written=0, unchanged=0)


def record() -> tuple[set[str], dict[str, int]]:
    with _lock:
        return set(_produced), dict(_counts)


def _count(name: str) -> None:
    with _lock:
        _counts[name] += 1


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
