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
import threading
import time
from datetime import datetime

from incremental import progress
from incremental.output_files import write_if_changed
from incremental.sweep import output_key
from pagefind_bin import get_executable
from pelican import signals
from pelican.generators import ArticlesGenerator
from sitekit.errors import PlainExit
from sitekit.settings import fill_defaults

logger = logging.getLogger(__name__)

# 500 posts a part: Pagefind takes about 1.5 s and 105 MB for one, against 2.6 s and
# 200 MB for 1,000 (measured on 2 cores); an edit waits for its part, and the part runs
# beside Pelican. A search fetches one more small file for each part.
DEFAULTS = {"SEARCH_INDEX": True, "SEARCH_LANGUAGE": "en", "SEARCH_SHARD_SIZE": 500}


class SearchIndexError(PlainExit):
    """Without an index the search page would be broken: stop, plainly."""


def apply_defaults(pelican) -> None:
    fill_defaults(pelican.settings, DEFAULTS)
    size = pelican.settings["SEARCH_SHARD_SIZE"]
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise SearchIndexError(
            f"settings: SEARCH_SHARD_SIZE must be a whole number of posts, 1 or more, not {size!r}"
        )


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
    remove_all_but(target, fresh)


def remove_all_but(folder: str, keep: set[str]) -> None:
    """Remove every file under ``folder`` whose relative path is not in ``keep``, then
    every folder left empty (``folder`` itself stays)."""
    for place, _, names in os.walk(folder, topdown=False):
        for name in names:
            path = os.path.join(place, name)
            if os.path.relpath(path, folder) not in keep:
                os.remove(path)
        if place != folder and not os.listdir(place):
            os.rmdir(place)


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
    remove_all_but(folder, wanted)


def bundle_folder(part: int) -> str:
    """Where a part of the index goes: the first where it always was, the rest beside it."""
    return "pagefind" if part == 0 else f"pagefind-{part}"


def published_in_order(articles) -> list:
    """Published posts, oldest first by first publication: a post stays in its part."""

    def first(article) -> float:
        recorded = getattr(article, "first_published", None)
        return (datetime.fromisoformat(recorded) if recorded else article.date).timestamp()

    published = [a for a in articles if a.status == "published" and a.save_as]
    return sorted(published, key=lambda article: (first(article), article.source_path))


def parts(articles, size: int) -> list[list[str]]:
    """The post pages of each part of the index, ``size`` posts a part, oldest first.

    Parts are blocks in order of first publication: a new post joins the last part, and
    an edit re-indexes only the part its post is in; Pagefind's memory is that of one
    part at a time. Only deleting a post shifts the posts after it into other parts.
    """
    pages = [os.path.normpath(article.save_as) for article in published_in_order(articles)]
    return [pages[start : start + size] for start in range(0, len(pages), size)]


def plan_bundles(generators) -> None:
    """Tell the search page every part of the index it must ask (before it is rendered)."""
    articles = next(g for g in generators if isinstance(g, ArticlesGenerator))
    settings = articles.settings
    if not settings["SEARCH_INDEX"]:
        return
    count = len(parts(articles.articles, settings["SEARCH_SHARD_SIZE"]))
    articles.context["search_bundles"] = [f"{bundle_folder(n)}/" for n in range(count)]
    # Pagefind starts as soon as the last post page is written (see post_page_written).
    pages = {
        os.path.abspath(os.path.join(articles.output_path, article.save_as))
        for article in published_in_order(articles.articles)
    }
    _unwritten[os.path.abspath(articles.output_path)] = (articles, pages)


# For each output folder, the post pages this build has yet to write.
_unwritten: dict[str, tuple[ArticlesGenerator, set[str]]] = {}


def post_page_written(path, context=None) -> None:
    """Once every post page is written, Pagefind can start, while the listings, topic
    pages, feeds and email editions are still being written."""
    path = os.path.abspath(path)
    for output_path, (generator, pages) in list(_unwritten.items()):
        if path in pages:
            pages.discard(path)
            if not pages:
                del _unwritten[output_path]
                start_index(generator)


def start_when_posts_are_written(generator, writer=None) -> None:
    """Every page of the posts generator is written: start now if not started already."""
    if _unwritten.pop(os.path.abspath(generator.output_path), None) is not None:
        start_index(generator)


def fingerprint_path(settings: dict, output_path: str, part: int) -> str:
    """The fingerprint of what a part of the index was last made from."""
    key = output_key(output_path)
    return os.path.join(settings["CACHE_PATH"], "search", f"{key}-{part}.txt")


def staging_path(settings: dict, output_path: str, part: int) -> str:
    """The folder of hard links to the post pages of a part, kept between builds."""
    key = output_key(output_path)
    return os.path.join(settings["CACHE_PATH"], "search", f"pages-{key}-{part}")


def index_is_current(output_path: str, part: int, recorded: str, fingerprint: str) -> bool:
    entry = os.path.join(output_path, bundle_folder(part), "pagefind-entry.json")
    if not os.path.isfile(entry):
        return False
    try:
        with open(recorded, encoding="utf-8") as file:
            return file.read() == fingerprint
    except OSError:
        return False


class Indexing:
    """Pagefind at work on the parts whose posts changed, one part at a time, in a thread
    of its own (Pagefind is a process: it runs on the other core while Pelican writes)."""

    def __init__(self, output_path: str, stale: list[tuple[int, list[str], str]], settings):
        self.output_path, self.settings, self.stale = output_path, settings, stale
        self.started = time.perf_counter()
        self.workdir = tempfile.TemporaryDirectory(prefix="pagefind-")
        self.failure: str | None = None
        self.process: subprocess.Popen | None = None
        self.stopped = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        language = self.settings["SEARCH_LANGUAGE"]
        for part, pages, _ in self.stale:
            site = staging_path(self.settings, self.output_path, part)
            stage(self.output_path, pages, site)
            bundle = os.path.join(self.workdir.name, bundle_folder(part))
            if self.stopped:
                return
            self.process = subprocess.Popen(
                pagefind_command(site, language, bundle),
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            said, _ = self.process.communicate()
            if self.process.returncode != 0:
                self.failure = said.strip() or f"exit status {self.process.returncode}"
                return

    def stop(self) -> None:
        self.stopped = True
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
        self.thread.join()
        self.workdir.cleanup()

    def finish(self, count: int) -> None:
        try:
            self.thread.join()
            if self.failure is not None:
                raise SearchIndexError(
                    f"search: Pagefind could not index {self.output_path}:\n{self.failure}"
                )
            for part, _, fingerprint in self.stale:
                folder = bundle_folder(part)
                sync_bundle(
                    os.path.join(self.workdir.name, folder), os.path.join(self.output_path, folder)
                )
                recorded = fingerprint_path(self.settings, self.output_path, part)
                os.makedirs(os.path.dirname(recorded), exist_ok=True)
                with open(recorded, "w", encoding="utf-8") as file:
                    file.write(fingerprint)
        finally:
            self.workdir.cleanup()
        logger.info(
            "Search index: %d of %d parts built in %.2f s",
            len(self.stale),
            count,
            time.perf_counter() - self.started,
        )


def remove_parts_beyond(output_path: str, count: int) -> None:
    """Parts of an index that had more posts than it has now (posts were deleted); the
    whole index when no post is published (Pagefind cannot index nothing)."""
    for name in os.listdir(output_path):
        number = "0" if name == "pagefind" else name.removeprefix("pagefind-")
        if name.startswith("pagefind") and number.isdigit() and int(number) >= count:
            shutil.rmtree(os.path.join(output_path, name))


# The index being built for each output folder, started once the posts are written.
_indexing: dict[str, tuple[Indexing | None, int]] = {}


def start_index(generator) -> None:
    """Start Pagefind on each part of the index whose posts changed."""
    settings = generator.settings
    if not settings["SEARCH_INDEX"]:
        return
    output_path = generator.output_path
    command = pagefind_command(output_path, settings["SEARCH_LANGUAGE"])
    every = parts(generator.articles, settings["SEARCH_SHARD_SIZE"])
    stale = []
    for part, pages in enumerate(every):
        fingerprint = pages_fingerprint(output_path, pages, command)
        recorded = fingerprint_path(settings, output_path, part)
        if not index_is_current(output_path, part, recorded, fingerprint):
            stale.append((part, pages, fingerprint))
    left, _ = _indexing.pop(os.path.abspath(output_path), (None, 0))
    if left is not None:  # from a build in this process that failed before its end
        left.stop()
    if stale and sum(len(pages) for _, pages, _ in stale) >= progress.BIG:
        progress.say(
            "Search index: indexing %d of %d parts (%s posts) beside the build",
            len(stale),
            len(every),
            f"{sum(len(pages) for _, pages, _ in stale):,}",
        )
    indexing = Indexing(output_path, stale, settings) if stale else None
    _indexing[os.path.abspath(output_path)] = (indexing, len(every))
    if not stale:
        logger.info("Search index: no post changed, the index is current")


def finish_index(pelican) -> None:
    if os.path.abspath(pelican.output_path) not in _indexing:
        return  # no index asked for (SEARCH_INDEX is off)
    indexing, count = _indexing.pop(os.path.abspath(pelican.output_path))
    if indexing is not None:
        indexing.finish(count)
    remove_parts_beyond(pelican.output_path, count)


def register():
    signals.initialized.connect(apply_defaults)
    # How many parts the index has is known once the posts are read, before the
    # search page (which asks every part) is rendered.
    signals.all_generators_finalized.connect(plan_bundles)
    # The last post page written: Pagefind indexes them while Pelican goes on with
    # listings, feeds and email editions (on another core).
    signals.content_written.connect(post_page_written)
    # Every page of the posts is written by now, whatever was counted above.
    signals.article_writer_finalized.connect(start_when_posts_are_written)
    # Every file is written by now: the index joins them.
    signals.finalized.connect(finish_index)
