"""Cards kept by content: a card's hash names everything it shows, and it is drawn once.

The cache is one folder of finished card files, each named
``<hash>-<design>.<digest>.<ext>``: the output's name with the digest of the file's
own bytes inside it, so CI can keep the folder between runs and a card that was cut
short or damaged there is noticed, and drawn again, rather than published. A card is
drawn again only when its hash changes: its text, the settings that style it, the
font and logo files, the code that lays it out and draws it, or Pillow and the
libraries it draws and encodes with.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import logging
import os
import tempfile
import zlib
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict

import PIL
from incremental import memo, progress
from PIL import features

from . import draw, fonts
from .draw import CardSpec

logger = logging.getLogger(__name__)

EXTENSIONS = ("png", "jpg")
HASH_LENGTH = 12
DIGEST_LENGTH = 32
# Every Python file of this plugin: the layout data, the fitting, the drawing and the
# encoding all decide a card's bytes, and no one has to remember to bump a version.
CODE = memo.code_version(__file__)
# The libraries under Pillow that shape, draw and compress a card.
LIBRARIES = ("freetype2", "raqm", "fribidi", "harfbuzz", "jpg")


def card_hash(spec: CardSpec, quality: int, budget: int) -> str:
    """A short hash of everything that decides the card's bytes."""
    facts = asdict(spec)
    # Files count by their content, not by where they are.
    facts["fonts"] = {role: fonts.file_hash(path) for role, path in sorted(spec.fonts.items())}
    facts["logo"] = fonts.file_hash(spec.logo) if spec.logo else None
    facts["encoding"] = {"jpeg_quality": quality, "max_bytes": budget}
    facts["drawing"] = {"code": CODE, **libraries()}
    text = json.dumps(facts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def libraries() -> dict[str, str | None]:
    """The versions of Pillow and of the libraries it draws and compresses a card with."""
    found = {name: features.version(name) for name in LIBRARIES}
    return {"pillow": PIL.__version__, "zlib": zlib.ZLIB_RUNTIME_VERSION, **found}


def output_name(path: str) -> str:
    """The name a cached card has in the output: ``<hash>-<design>.<ext>``."""
    stem, _, extension = os.path.basename(path).split(".")
    return f"{stem}.{extension}"


def intact(folder: str, stems) -> dict[str, str]:
    """The cached file of each of ``stems`` whose bytes still match their digest.

    A file that does not (cut short by a full disk or an interrupted copy of the cache,
    changed by hand) is removed with a warning, and its card is drawn again. A file is
    read again only when its size, date or inode changed since it was last found whole
    (kept in the memo), so a rebuild does not read every card.
    """
    try:
        names = sorted(os.listdir(folder))
    except FileNotFoundError:
        return {}
    wanted, found = set(stems), {}
    for name in names:
        parts = name.split(".")
        if len(parts) != 3 or parts[0] not in wanted or parts[2] not in EXTENSIONS:
            continue
        stem, digest, _ = parts
        path = os.path.join(folder, name)
        if stem in found:
            _remove(path)  # a second copy, left by a build that stopped half way
        elif _matches(path, digest, lambda path=path, digest=digest: _digest_of(path) == digest):
            found[stem] = path
        else:
            logger.warning("%s: a cached card does not match its digest: drawn again", path)
            _remove(path)
    return found


def draw_all(
    jobs: list[tuple[str, CardSpec]], folder: str, quality: int, budget: int
) -> dict[str, str]:
    """Draw each ``(stem, spec)`` into the cache, on every core when there are several;
    returns the file of each stem.

    Each card is drawn on its own from its own spec, so the files are the same
    whichever process draws them and in whatever order.
    """
    if not jobs:
        return {}
    os.makedirs(folder, exist_ok=True)
    tasks = [(stem, spec, folder, quality, budget) for stem, spec in jobs]
    workers = min(len(tasks), _cores())
    ticker = progress.Ticker(
        "Share cards drawn", len(tasks), f"Share cards: drawing {len(tasks):,} on {workers} cores"
    )
    paths = {}
    if workers < 2:
        for task in tasks:
            paths[task[0]] = draw_one(task)
            ticker.tick()
    else:
        # One pool for the build: its processes start once and draw card after card.
        # Each is a fork of the build, holding every post: frozen, those objects are
        # left out of the worker's garbage collections (which would walk them all,
        # and copy every page they touch).
        with ProcessPoolExecutor(max_workers=workers, initializer=gc.freeze) as pool:
            chunk = max(1, min(20, len(tasks) // (workers * 4)))
            done = pool.map(draw_one, tasks, chunksize=chunk)
            for task, path in zip(tasks, done, strict=True):
                paths[task[0]] = path
                ticker.tick()
    for path in paths.values():  # just written from the bytes its name was made from
        _matches(path, path.split(".")[-2], lambda: True)
    return paths


def draw_one(task: tuple[str, CardSpec, str, int, int]) -> str:
    """Draw one card and store it under its digest; returns the cached file's path."""
    stem, spec, folder, quality, budget = task
    data, extension = draw.encode(draw.render(spec).image, quality, budget, bool(spec.logo))
    digest = hashlib.sha256(data).hexdigest()[:DIGEST_LENGTH]
    path = os.path.join(folder, f"{stem}.{digest}.{extension}")
    write_atomically(path, data)
    return path


def write_atomically(path: str, data: bytes) -> None:
    """Write the whole file or nothing: an interrupted build leaves no half card behind."""
    handle, temporary = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".part-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def _matches(path: str, digest: str, check: Callable[[], bool]) -> bool:
    """``check()``, or its answer for the same file unchanged since: by its size, its
    date to the nanosecond and its inode (any write, truncation or copy changes one)."""
    try:
        stat = os.stat(path)
    except OSError:
        return False
    found = (os.path.basename(path), digest, stat.st_size, stat.st_mtime_ns, stat.st_ino)
    return memo.cached("cards-intact", CODE, found, check)


def _digest_of(path: str) -> str | None:
    try:
        with open(path, "rb") as file:
            return hashlib.file_digest(file, "sha256").hexdigest()[:DIGEST_LENGTH]
    except OSError:
        return None


def _remove(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):  # another build may have removed it
        os.unlink(path)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1
