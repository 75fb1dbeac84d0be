"""Search that works on any static host: a Pagefind index of every published post.

Pages opt in with ``data-pagefind-body`` (the theme puts it on published posts
only, so drafts, listings and helper pages are never indexed); the index is
built over the finished output, after Pelican has written every page.
"""

from __future__ import annotations

import hashlib
import logging
import os
import subprocess
import tempfile
import time

from incremental.files import write_if_changed
from pagefind_bin import get_executable
from pelican import signals

logger = logging.getLogger(__name__)

DEFAULTS = {"SEARCH_INDEX": True, "SEARCH_LANGUAGE": "en"}


class SearchIndexError(SystemExit):
    """Without an index the search page would be broken: stop, plainly."""


def apply_defaults(pelican) -> None:
    for name, value in DEFAULTS.items():
        pelican.settings.setdefault(name, value)


def pagefind_command(output_path: str, language: str, bundle: str | None = None) -> list[str]:
    return [
        str(get_executable()),
        "--site", output_path,
        "--force-language", language,
        "--silent",
        *(["--output-path", bundle] if bundle else []),
    ]  # fmt: skip


def sync_bundle(bundle: str, target: str) -> None:
    """Make ``target`` the same as the fresh ``bundle``, rewriting only what changed.

    Pagefind writes over its folder without removing files of an older index; building
    it aside and syncing leaves no stale file, and an unchanged fragment keeps its date.
    """
    fresh = set()
    for folder, _, names in os.walk(bundle):
        for name in names:
            relative = os.path.relpath(os.path.join(folder, name), bundle)
            fresh.add(relative)
            with open(os.path.join(bundle, relative), "rb") as file:
                write_if_changed(os.path.join(target, relative), file.read())
    for folder, _, names in os.walk(target, topdown=False):
        for name in names:
            path = os.path.join(folder, name)
            if os.path.relpath(path, target) not in fresh:
                os.remove(path)
        if folder != target and not os.listdir(folder):
            os.rmdir(folder)


def pages_fingerprint(output_path: str, command: list[str]) -> str:
    """What the index is made from: every page's path, size and date, and the command.

    Pages are written only when their bytes change (the incremental plugin), so the
    same fingerprint means the same pages, and the index already there is current.
    """
    digest = hashlib.sha256("\0".join(command[1:]).encode())
    digest.update(str(os.path.getsize(command[0])).encode())
    for folder, folders, names in os.walk(output_path):
        folders.sort()
        if os.path.relpath(folder, output_path) == "pagefind":
            folders[:] = []
            continue
        for name in sorted(names):
            if name.endswith(".html"):
                stat = os.stat(os.path.join(folder, name))
                where = os.path.relpath(os.path.join(folder, name), output_path)
                digest.update(f"{where}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def fingerprint_path(settings: dict, output_path: str) -> str:
    key = hashlib.sha256(os.path.abspath(output_path).encode()).hexdigest()[:16]
    return os.path.join(settings["CACHE_PATH"], "search", f"{key}.txt")


def index_is_current(output_path: str, recorded: str, fingerprint: str) -> bool:
    if not os.path.isfile(os.path.join(output_path, "pagefind", "pagefind-entry.json")):
        return False
    try:
        with open(recorded, encoding="utf-8") as file:
            return file.read() == fingerprint
    except OSError:
        return False


def build_index(pelican) -> None:
    settings = pelican.settings
    if not settings["SEARCH_INDEX"]:
        return
    started = time.perf_counter()
    fingerprint = pages_fingerprint(
        pelican.output_path, pagefind_command(pelican.output_path, settings["SEARCH_LANGUAGE"])
    )
    recorded = fingerprint_path(settings, pelican.output_path)
    if index_is_current(pelican.output_path, recorded, fingerprint):
        logger.info("Search index: no page changed, the index is current")
        return
    with tempfile.TemporaryDirectory(prefix="pagefind-") as workdir:
        bundle = os.path.join(workdir, "pagefind")
        command = pagefind_command(pelican.output_path, settings["SEARCH_LANGUAGE"], bundle)
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise SearchIndexError(
                f"search: Pagefind could not index {pelican.output_path}:\n"
                f"{(result.stderr or result.stdout).strip()}"
            )
        sync_bundle(bundle, os.path.join(pelican.output_path, "pagefind"))
    os.makedirs(os.path.dirname(recorded), exist_ok=True)
    with open(recorded, "w", encoding="utf-8") as file:
        file.write(fingerprint)
    logger.info("Search index built in %.2f s", time.perf_counter() - started)


def register():
    signals.initialized.connect(apply_defaults)
    # Every page is written by now; the index reads the finished HTML.
    signals.finalized.connect(build_index)
