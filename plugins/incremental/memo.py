"""Results of pure functions kept between builds, looked up by a digest of their inputs.

A plugin that turns a post into something costly (share links, a feed item's HTML, a
card's layout) asks ``memo.cached(name, inputs, make)``: the result of an earlier build
for the same inputs, or ``make()``. Keys are digests of the inputs' ``repr`` together
with the calling plugin's own code, so a change to the code is a change to every key;
inputs whose ``repr`` is not stable between runs (it shows a memory address) are never
cached. The store is one pickle a name in the cache folder; a build keeps only what it
used, so it never grows past the site, and a file that fails to load is a cold start.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import threading
from collections.abc import Callable
from typing import TypeVar

from sitekit.files import write_atomically

logger = logging.getLogger(__name__)

T = TypeVar("T")
VERSION = 1

_lock = threading.Lock()
_folder: str | None = None
_stores: dict[str, _Store] = {}


class _Store:
    def __init__(self, path: str):
        self.path = path
        self.stored = _load(path)
        self.used: dict[str, object] = {}
        self.hits = self.misses = 0


def _load(path: str) -> dict:
    try:
        with open(path, "rb") as file:
            data = pickle.load(file)
        return data["entries"] if data.get("version") == VERSION else {}
    except Exception:  # noqa: BLE001 - any unreadable store is a cold start, never an error
        return {}


def start(cache_path: str | None) -> None:
    """A new build, keeping its results in ``cache_path`` (None: nothing is kept).

    A process that builds again into the same cache (livereload) keeps the stores it
    saved last time in memory rather than loading them again; they hold exactly what
    it wrote to disk.
    """
    global _folder
    folder = os.path.join(cache_path, "memo") if cache_path else None
    with _lock:
        if folder != _folder:
            _stores.clear()
        for store in _stores.values():
            store.used, store.hits, store.misses = {}, 0, 0
        _folder = folder


def code_version(module_file: str) -> str:
    """A digest of the Python files of the package ``module_file`` is in: the code whose
    results are kept (call it with ``__file__``)."""
    folder = os.path.dirname(os.path.abspath(module_file))
    digest = hashlib.sha256()
    for name in sorted(os.listdir(folder)):
        if name.endswith(".py"):
            with open(os.path.join(folder, name), "rb") as file:
                digest.update(file.read())
    return digest.hexdigest()[:16]


def key_of(version: str, inputs: object) -> str | None:
    text = repr(inputs)
    if " at 0x" in text:  # an object without a stable repr: not cacheable
        return None
    return hashlib.sha256(f"{version}\0{text}".encode("utf-8", "surrogatepass")).hexdigest()


def cached(name: str, version: str, inputs: object, make: Callable[[], T]) -> T:
    """``make()``, or what it returned in an earlier build for the same inputs and code."""
    key = key_of(version, inputs)
    if key is None or _folder is None:
        return make()
    with _lock:
        store = _stores.get(name)
        if store is None:
            store = _stores[name] = _Store(os.path.join(_folder, f"{name}.pickle"))
        if key in store.used:
            return store.used[key]
        if key in store.stored:
            store.hits += 1
            store.used[key] = store.stored[key]
            return store.used[key]
    value = make()
    with _lock:
        store.misses += 1
        store.used[key] = value
    return value


def save() -> None:
    """Keep what this build used, and nothing else; each store written whole, atomically."""
    with _lock:
        stores = list(_stores.values())
    for store in stores:
        if store.used.keys() != store.stored.keys():  # else the file is already right
            kept = pickle.dumps({"version": VERSION, "entries": store.used}, protocol=5)
            write_atomically(store.path, kept, prefix=".memo-")
        logger.debug(
            "Memo %s: %d kept, %d made", os.path.basename(store.path), store.hits, store.misses
        )
        with _lock:
            store.stored, store.used = store.used, {}
