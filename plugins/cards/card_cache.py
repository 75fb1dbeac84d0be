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
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict

import PIL
from incremental import memo, progress
from PIL import features
from sitekit import cores
from sitekit.files import write_atomically
from zlib_ng import zlib_ng

from . import draw, typefaces
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
    facts["fonts"] = {role: typefaces.file_hash(path) for role, path in sorted(spec.fonts.items())}
    facts["logo"] = typefaces.file_hash(spec.logo) if spec.logo else None
    facts["encoding"] = {"jpeg_quality": quality, "max_bytes": budget}
    facts["drawing"] = {"code": CODE, **libraries()}
    text = json.dumps(facts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def libraries() -> dict[str, str | None]:
    """The versions of Pillow and of the libraries it draws and compresses a card with."""
    found = {name: features.version(name) for name in LIBRARIES}
    return {"pillow": PIL.__version__, "zlib-ng": zlib_ng.ZLIBNG_VERSION, **found}


def output_name(path: str) -> str:
    """The name a cached card has in the output: ``<hash>-<design>.<ext>``."""
    stem, _, extension = os.path.basename(path).split(".")
    return f"{stem}.{extension}"


def intact(folder: str, stems) -> dict[str, str]:
    """The cached file of each of ``stems`` whose bytes still match their digest.

    A file that does not (cut short by a full disk or an interrupted copy of the cache,
    changed by hand) is removed with a warning, and its card is drawn again. A file is
    read again only when its size or date changed since it was last found whole
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


class Drawing:
    """Cards drawn on every core while the build goes on: a post's cards can start as
    soon as it is read, on the core the reading leaves idle. The processes start with
    the first cards and draw batch after batch until ``finish``.

    Each card is drawn on its own from its own spec, so the files are the same
    whichever process draws them and in whatever order.
    """

    # Cards handed to a process at a time: the build's process, busy reading posts,
    # need only feed the pool every few dozen milliseconds.
    BATCH = 8

    def __init__(self, folder: str, quality: int, budget: int):
        self.folder, self.quality, self.budget = folder, quality, budget
        os.makedirs(folder, exist_ok=True)
        self.kept = {name.split(".", 1)[0] for name in os.listdir(folder)}
        self.cores = cores.count()
        self.pool: ProcessPoolExecutor | None = None
        self.started: set[str] = set()
        self.waiting: list[tuple] = []  # the next batch
        self.batches: list[Future] = []
        self.done: dict[str, str] = {}

    def start(self, stem: str, spec: CardSpec, early: bool = False) -> None:
        """Draw the card unless it is under way (or, ``early``, kept in the cache: whether
        that file is whole is checked when the build asks for it)."""
        if stem in self.started or (early and stem in self.kept):
            return
        self.started.add(stem)
        self.waiting.append((stem, spec, self.folder, self.quality, self.budget))
        if len(self.waiting) >= self.BATCH:
            self._send()

    def _send(self) -> None:
        batch, self.waiting = self.waiting, []
        if not batch:
            return
        if self.cores < 2:
            self.done |= draw_batch(batch)
            return
        if self.pool is None:
            # Each process is a fork of the build, holding every post: frozen, those
            # objects are left out of its garbage collections (which would walk them
            # all, and copy every page they touch).
            self.pool = ProcessPoolExecutor(max_workers=self.cores, initializer=gc.freeze)
        self.batches.append(self.pool.submit(draw_batch, batch))

    def finish(self) -> dict[str, str]:
        """Wait for every card started; the file of each. The processes end."""
        self._send()
        count = len(self.started) - len(self.done)
        ticker = progress.Ticker(
            "Share cards drawn", count, f"Share cards: drawing {count:,} on {self.cores} cores"
        )
        try:
            for batch in self.batches:
                drawn = batch.result()
                self.done |= drawn
                ticker.tick(len(drawn))
        finally:
            self.close()
        for path in self.done.values():  # just written from the bytes its name was made from
            _matches(path, path.split(".")[-2], lambda: True)
        return self.done

    def close(self) -> None:
        """End the processes, dropping cards not yet begun (a build that stopped)."""
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None


def draw_batch(tasks: list[tuple]) -> dict[str, str]:
    return {task[0]: draw_one(task) for task in tasks}


def draw_one(task: tuple[str, CardSpec, str, int, int]) -> str:
    """Draw one card and store it under its digest; returns the cached file's path."""
    stem, spec, folder, quality, budget = task
    data, extension = draw.encode(draw.render(spec).image, quality, budget, bool(spec.logo))
    digest = hashlib.sha256(data).hexdigest()[:DIGEST_LENGTH]
    path = os.path.join(folder, f"{stem}.{digest}.{extension}")
    write_atomically(path, data)  # an interrupted build leaves no half card behind
    return path


def _matches(path: str, digest: str, check: Callable[[], bool]) -> bool:
    """``check()``, or its answer for the same file unchanged since: by its size and its
    date to the nanosecond (any write or truncation changes one). Not by its inode: a
    cache restored on a fresh CI runner keeps the dates but not the inodes, and reading
    every card again there cost 0.4 s at 1,000 posts."""
    try:
        stat = os.stat(path)
    except OSError:
        return False
    found = (os.path.basename(path), digest, stat.st_size, stat.st_mtime_ns)
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
