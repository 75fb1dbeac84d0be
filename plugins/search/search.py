"""Search that works on any static host: a Pagefind index of every published post.

Pages opt in with ``data-pagefind-body`` (the theme puts it on published posts
only, so drafts, listings and helper pages are never indexed). Pagefind is given
the published posts' pages alone, as soon as Pelican has written them, and works
on another core while Pelican writes the rest; the build waits for it at the end.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
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


def pages_fingerprint(output_path: str, pages: list[str], command: list[str]) -> str:
    """What the index is made from: each indexed page's path, size and date, and the command.

    Pages are written only when their bytes change (the incremental plugin), so the
    same fingerprint means the same pages, and the index already there is current.
    """
    digest = hashlib.sha256("\0".join(command[1:]).encode())
    digest.update(str(os.path.getsize(command[0])).encode())
    for page in sorted(pages):
        stat = os.stat(os.path.join(output_path, page))
        digest.update(f"{page}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def stage(output_path: str, pages: list[str], folder: str) -> None:
    """Make ``folder`` hold the pages to index alone, at their own paths, as hard links.

    Pagefind reads every HTML file under the folder it is given; given only the posts,
    it does not open the listings, topic pages and email editions beside them. The
    folder is kept between builds: a page rewritten since (a new file, so a new inode)
    is linked again, a page gone is unlinked, the rest cost one ``stat`` each.
    """
    wanted = set(pages)
    for page in pages:
        source, target = os.path.join(output_path, page), os.path.join(folder, page)
        try:
            if os.stat(source).st_ino == os.stat(target).st_ino:
                continue
            os.remove(target)
        except FileNotFoundError:
            os.makedirs(os.path.dirname(target), exist_ok=True)
        try:
            os.link(source, target)
        except OSError:  # another file system, or one without hard links
            shutil.copyfile(source, target)
    for place, _, names in os.walk(folder, topdown=False):
        for name in names:
            path = os.path.join(place, name)
            if os.path.relpath(path, folder) not in wanted:
                os.remove(path)
        if place != folder and not os.listdir(place):
            os.rmdir(place)


def _key(output_path: str) -> str:
    return hashlib.sha256(os.path.abspath(output_path).encode()).hexdigest()[:16]


def fingerprint_path(settings: dict, output_path: str) -> str:
    return os.path.join(settings["CACHE_PATH"], "search", f"{_key(output_path)}.txt")


def index_is_current(output_path: str, recorded: str, fingerprint: str) -> bool:
    if not os.path.isfile(os.path.join(output_path, "pagefind", "pagefind-entry.json")):
        return False
    try:
        with open(recorded, encoding="utf-8") as file:
            return file.read() == fingerprint
    except OSError:
        return False


class Indexing:
    """Pagefind at work on one build's posts, while Pelican writes everything else."""

    def __init__(self, output_path: str, pages: list[str], settings: dict, fingerprint: str):
        self.output_path, self.fingerprint = output_path, fingerprint
        self.recorded = fingerprint_path(settings, output_path)
        self.started = time.perf_counter()
        self.workdir = tempfile.TemporaryDirectory(prefix="pagefind-")
        site = os.path.join(os.path.dirname(self.recorded), "pages-" + _key(output_path))
        stage(output_path, pages, site)
        self.bundle = os.path.join(self.workdir.name, "pagefind")
        command = pagefind_command(site, settings["SEARCH_LANGUAGE"], self.bundle)
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )

    def finish(self) -> None:
        try:
            said, _ = self.process.communicate()
            if self.process.returncode != 0:
                raise SearchIndexError(
                    f"search: Pagefind could not index {self.output_path}:\n{said.strip()}"
                )
            sync_bundle(self.bundle, os.path.join(self.output_path, "pagefind"))
        finally:
            self.workdir.cleanup()
        os.makedirs(os.path.dirname(self.recorded), exist_ok=True)
        with open(self.recorded, "w", encoding="utf-8") as file:
            file.write(self.fingerprint)
        logger.info("Search index built in %.2f s", time.perf_counter() - self.started)


# The index being built for each output folder, started once the posts are written.
_indexing: dict[str, Indexing] = {}


def start_index(generator, writer) -> None:
    """Start Pagefind on the published posts, unless the index is already theirs."""
    settings = generator.settings
    if not settings["SEARCH_INDEX"]:
        return
    output_path = generator.output_path
    pages = sorted(
        {
            os.path.normpath(article.save_as)
            for article in generator.articles
            if article.status == "published" and article.save_as
        }
    )
    command = pagefind_command(output_path, settings["SEARCH_LANGUAGE"])
    fingerprint = pages_fingerprint(output_path, pages, command)
    if index_is_current(output_path, fingerprint_path(settings, output_path), fingerprint):
        logger.info("Search index: no post changed, the index is current")
        return
    left = _indexing.pop(os.path.abspath(output_path), None)
    if left is not None:  # from a build in this process that failed before its end
        left.process.kill()
        left.workdir.cleanup()
    _indexing[os.path.abspath(output_path)] = Indexing(output_path, pages, settings, fingerprint)


def finish_index(pelican) -> None:
    indexing = _indexing.pop(os.path.abspath(pelican.output_path), None)
    if indexing is not None:
        indexing.finish()


def register():
    signals.initialized.connect(apply_defaults)
    # Every post page is written by now: Pagefind indexes them while Pelican goes on
    # with listings, feeds and email editions (on another core).
    signals.article_writer_finalized.connect(start_index)
    # Every file is written by now: the index joins them.
    signals.finalized.connect(finish_index)
