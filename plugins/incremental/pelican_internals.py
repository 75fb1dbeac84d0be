"""Every use of Pelican's private internals, in one place, for the one Pelican it was written for.

Pelican has no public hook for these, so this module reaches inside it: where a page is
opened for writing (``Writer._open_w``), how an article's page is written and where a
theme's static files go (both copied from ``generators.py``), when a static file is
copied (``StaticGenerator._file_update_required``), how its reader cache is
loaded and what it holds (``FileDataCacher``), and the wording of one of its log messages. Each is
checked against Pelican 4.12.0 (the version requirements.txt pins); on any other
version the build stops here with one plain sentence, rather than writing a site
with stale or missing pages because something inside Pelican moved.
"""

from __future__ import annotations

import fnmatch
import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress

import pelican
from pelican import signals
from pelican.cache import FileDataCacher, FileStampDataCacher
from pelican.writers import FileOverwriteFailedError, Writer
from sitekit.errors import PlainExit

WRITTEN_FOR = "4.12.0"

logger = logging.getLogger(__name__)


class PelicanVersionError(PlainExit):
    """This code reaches inside one Pelican version; said plainly, without a traceback."""


def check_version(version: str = pelican.__version__) -> None:
    if version != WRITTEN_FOR:
        raise PelicanVersionError(
            f"plugins/incremental/pelican_internals.py: Pelican {version} is installed, but "
            f"this code uses internals of Pelican {WRITTEN_FOR} (see requirements.txt): "
            f"install pelican=={WRITTEN_FOR}, or check each use in that file against "
            f"Pelican {version} and update WRITTEN_FOR."
        )


check_version()


class OpeningWriter(Writer):
    """Pelican's Writer, which hands the opening of each output file to ``open_output``.

    Pelican's rules for writing a file twice (``override_output``) are kept as they are
    in ``Writer._open_w``; only its final ``open()`` is replaced. ``open_output`` gets
    None for a file Pelican skips (written once already with ``override_output``).
    """

    def open_output(self, filename: str | None, encoding: str):
        raise NotImplementedError

    def _open_w(self, filename, encoding, override=False):
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" a second time (was previously overwritten)'
                )
            logger.info('Skipping "%s", not overwriting', filename)
            return self.open_output(None, encoding)
        if filename in self._written_files and not override:
            raise FileOverwriteFailedError(
                f'Failed to overwrite "{filename}" as Pelican has already '
                "written to it previously (set `override=True` if intended)"
            )
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        os.makedirs(os.path.dirname(filename), exist_ok=True)
        return self.open_output(filename, encoding)


def write_article(generator, post, writer_class=Writer) -> None:
    """One post's page, as ``ArticlesGenerator.generate_articles`` writes it (and
    ``generate_drafts``, which adds ``all_articles``), without the signal that says a
    build wrote it (the search index must not react to a page written on its own)."""
    template = generator.get_template(post.template)
    writer = writer_class(generator.output_path, settings=generator.settings)
    extra = {"all_articles": generator.articles} if post.status == "draft" else {}
    with signals.content_written.muted():
        writer.write_file(
            post.save_as,
            template,
            generator.context,
            relative_urls=generator.settings["RELATIVE_URLS"],
            article=post,
            category=getattr(post, "category", None),
            override_output=hasattr(post, "override_save_as"),
            url=post.url,
            blog=True,
            **extra,
        )


def static_outputs(generator) -> Iterator[str]:
    """Every file ``StaticGenerator.generate_output`` puts in the output, whether it copies
    it this time or finds it up to date (Pelican copies only a source newer than its copy)."""
    settings, output = generator.settings, generator.output_path
    for static in generator.context.get("staticfiles", []):
        yield os.path.join(output, static.save_as)
    # generator._copy_paths(THEME_STATIC_PATHS, theme, THEME_STATIC_DIR, output, os.curdir)
    ignores = settings.get("IGNORE_FILES") or []
    for path in settings.get("THEME_STATIC_PATHS") or []:
        source = os.path.join(generator.theme, path)
        target = os.path.join(output, settings["THEME_STATIC_DIR"])
        if any(fnmatch.fnmatch(os.path.basename(source), pattern) for pattern in ignores):
            continue
        if os.path.isfile(source):
            yield os.path.join(target, os.path.basename(path))
            continue
        for folder, folders, names in os.walk(source, followlinks=True):
            folders[:] = [f for f in folders if not any(fnmatch.fnmatch(f, i) for i in ignores)]
            for name in names:
                if not any(fnmatch.fnmatch(name, pattern) for pattern in ignores):
                    relative = os.path.relpath(os.path.join(folder, name), source)
                    yield os.path.join(target, relative)


def copy_static_when_changed(generator, same: Callable[[str, str], bool]) -> None:
    """Pelican copies every static file on every build (or, with STATIC_CHECK_IF_MODIFIED,
    trusts file dates): ``generator`` (a StaticGenerator) copies only a file whose bytes
    differ from the copy already there, ``same(source, copy)`` says which."""
    required = generator._file_update_required

    def update_required(static) -> bool:
        if generator.settings["STATIC_CREATE_LINKS"]:  # a link is never out of date
            return required(static)
        source = os.path.join(generator.path, static.source_path)
        copy = os.path.join(generator.output_path, static.save_as)
        if same(source, copy):
            return False
        # Pelican copies into the file that is there: removed first, the copy is a new
        # file, and a hard link to it (publish's seed, see sitetools/publish.py) keeps
        # the old bytes.
        with suppress(FileNotFoundError):
            os.remove(copy)
        return True

    generator._file_update_required = update_required


@contextmanager
def shared_reader_caches(caches: dict[str, dict], unshared: Callable) -> Iterator[None]:
    """Pelican's reader caches taken from ``caches`` (by file) instead of loaded from disk,
    and each reading handed out through ``unshared`` (a copy a build may change).

    Pelican still saves each cache to disk; a cache folder not seen before (the
    settings or code changed) is loaded from disk once, and the others are dropped.
    """
    load, get = FileDataCacher.__init__, FileStampDataCacher.get_cached_data

    def init(cacher, settings, cache_name, caching_policy, load_policy):
        path = os.path.join(settings["CACHE_PATH"], cache_name)
        load(cacher, settings, cache_name, caching_policy, load_policy and path not in caches)
        if path in caches:
            cacher._cache = caches[path]
        elif caching_policy:
            for other in [p for p in caches if os.path.dirname(p) != os.path.dirname(path)]:
                del caches[other]
            caches[path] = cacher._cache

    def get_unshared(cacher, filename, default=None):
        return unshared(get(cacher, filename, default))

    FileDataCacher.__init__ = init
    FileStampDataCacher.get_cached_data = get_unshared
    try:
        yield
    finally:
        FileDataCacher.__init__, FileStampDataCacher.get_cached_data = load, get


def reader_cache_holds(readers) -> set[str]:
    """The files (absolute paths) Pelican's reader cache holds a reading of, whether or
    not they changed since: a look at the keys, without hashing or copying a reading."""
    return set(readers._cache)


class _WithoutMessage(logging.Filter):
    def __init__(self, message: str):
        super().__init__()
        self.message = message

    def filter(self, record: logging.LogRecord) -> bool:
        return record.msg != self.message


def drop_unprocessable_message() -> None:
    """Pelican's bare "Could not process <file>" left out, for a plugin that reports why,
    with the line (``generators.py`` logs it, with that wording, when a reader fails)."""
    generators_logger = logging.getLogger("pelican.generators")
    if not any(isinstance(f, _WithoutMessage) for f in generators_logger.filters):
        generators_logger.addFilter(_WithoutMessage("Could not process %s"))
