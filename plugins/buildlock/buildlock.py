"""One build at a time into an output folder, and into a cache: a second one is refused.

Two Pelican runs into one output/ (or one CACHE_PATH) interleave their writes, and the
sweep of one removes the other's files: one of them crashed, 2 runs in 7. Each build
holds an exclusive ``flock`` on a lock file beside its output folder and inside its
cache, taken when the run starts (the first generator made, before anything is read or
written; not when Pelican is set up, which ``pelican --listen`` also does only to serve);
a second build is refused at once with a clear message. The lock belongs to the
process: the kernel drops it when the process ends, however it ends, so a killed build
never leaves a stale lock behind.

``invoke publish`` takes the output's lock itself (its Pelican run writes into a staging
folder, then the folder is swapped in), and tells its Pelican run so with
``BUILD_LOCK_OUTPUT = False``.
"""

from __future__ import annotations

import fcntl
import os

from sitekit.errors import PlainExit

# Lock files this process holds, by path: a process building again (livereload, the
# tests) holds each lock once, and never waits for itself.
_held: dict[str, int] = {}


class BuildBusy(PlainExit):
    """Another build holds the lock; said plainly, without a traceback."""


def output_lock(folder: str) -> str:
    """The lock of an output folder: beside it, so it is neither published nor swept."""
    folder = os.path.abspath(folder).rstrip(os.sep)
    return os.path.join(os.path.dirname(folder), f".{os.path.basename(folder)}.lock")


def cache_lock(folder: str) -> str:
    return os.path.join(os.path.abspath(folder), ".build.lock")


def acquire(lock: str, folder: str, who: str = "build") -> None:
    """Hold ``lock`` for this process, or raise BuildBusy naming the process that does."""
    if lock in _held:
        return
    os.makedirs(os.path.dirname(lock), exist_ok=True)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
        os.close(fd)
        raise BuildBusy(
            f"{who}: another build (process {holder}) is writing into {folder}; "
            "nothing was changed. Build again when it has finished."
        ) from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    _held[lock] = fd


def release(lock: str) -> None:
    fd = _held.pop(lock, None)
    if fd is not None:
        os.close(fd)  # closing the file drops the flock


def shown(folder: str) -> str:
    relative = os.path.relpath(folder)
    return (folder if relative.startswith("..") else relative).rstrip(os.sep) + os.sep


def _locks(settings: dict) -> list[tuple[str, str]]:
    locks = []
    if settings.get("BUILD_LOCK_OUTPUT", True):
        output = settings["OUTPUT_PATH"]
        locks.append((output_lock(output), shown(output)))
    if settings.get("CACHE_PATH"):  # the incremental plugin's records live there too
        locks.append((cache_lock(settings["CACHE_PATH"]), shown(settings["CACHE_PATH"])))
    return locks


def lock_build(generator) -> None:
    # Always output first, then cache: two builds never wait for each other crosswise.
    for lock, folder in _locks(generator.settings):
        acquire(lock, folder)


def unlock_build(pelican) -> None:
    for lock, _ in _locks(pelican.settings):
        release(lock)


def register():
    # Imported here: publish and deploy take the lock without starting Pelican in-process.
    from pelican import signals

    signals.generator_init.connect(lock_build)
    signals.finalized.connect(unlock_build)
