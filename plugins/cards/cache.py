"""Cards kept by content: a card's hash names everything it shows, and it is drawn once.

The cache is one folder of finished card files, each named ``<hash>-<design>.<ext>``
like the file in the output, so CI can keep it between runs and a look at it shows
what is there. A card is drawn again only when its hash changes: its text, the
settings that style it, the font files, the drawing code or Pillow itself.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict

import PIL
from incremental import progress
from PIL import features

from . import draw, fonts
from .draw import CardSpec

EXTENSIONS = ("png", "jpg")
HASH_LENGTH = 12


def card_hash(spec: CardSpec, quality: int, budget: int) -> str:
    """A short hash of everything that decides the card's bytes."""
    facts = asdict(spec)
    # Files count by their content, not by where they are.
    facts["fonts"] = {role: fonts.file_hash(path) for role, path in sorted(spec.fonts.items())}
    facts["logo"] = fonts.file_hash(spec.logo) if spec.logo else None
    facts["encoding"] = {"jpeg_quality": quality, "max_bytes": budget}
    facts["drawing"] = {
        "version": draw.DRAWING_VERSION,
        "pillow": PIL.__version__,
        "freetype": features.version("freetype2"),
        "raqm": features.version("raqm"),
    }
    text = json.dumps(facts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def find(folder: str, stem: str) -> str | None:
    """The cached file for ``stem``, if it has been drawn."""
    for extension in EXTENSIONS:
        path = os.path.join(folder, f"{stem}.{extension}")
        if os.path.isfile(path):
            return path
    return None


def draw_all(jobs: list[tuple[str, CardSpec]], folder: str, quality: int, budget: int) -> None:
    """Draw each ``(stem, spec)`` into the cache, on every core when there are several.

    Each card is drawn on its own from its own spec, so the files are the same
    whichever process draws them and in whatever order.
    """
    if not jobs:
        return
    os.makedirs(folder, exist_ok=True)
    tasks = [(stem, spec, folder, quality, budget) for stem, spec in jobs]
    workers = min(len(tasks), _cores())
    ticker = progress.Ticker(
        "Share cards drawn", len(tasks), f"Share cards: drawing {len(tasks):,} on {workers} cores"
    )
    if workers < 2:
        for task in tasks:
            draw_one(task)
            ticker.tick()
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        # Results are only waited for: each task writes its own file.
        chunk = max(1, min(20, len(tasks) // (workers * 4)))
        for _ in pool.map(draw_one, tasks, chunksize=chunk):
            ticker.tick()


def draw_one(task: tuple[str, CardSpec, str, int, int]) -> str:
    """Draw one card and store it; returns the cached file's path."""
    stem, spec, folder, quality, budget = task
    data, extension = draw.encode(draw.render(spec).image, quality, budget)
    path = os.path.join(folder, f"{stem}.{extension}")
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


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1
