"""The site `invoke livereload` keeps in memory: Pelican run in this process, save after save.

A one-shot build starts Python, imports Pelican and the plugins, and loads every post's
reading from the cache on disk before it renders a page: more than a second at 1,000
posts, before the build proper. Here the process lives on between saves:

- Pelican's reading of each file stays in memory, keyed (as on disk) by a hash of the
  file's bytes, so a build re-reads only the saved files.
- The last build stays in memory too. When the save is one post, its page is rendered
  at once from that build (plugins/incremental/preview.py) and the browser showing it
  reloads; the full incremental build follows and makes everything else.
- Each build says which files it rewrote, so only the pages that changed reload.

A build that stops on a broken post leaves the output as it was; its problems go to the
terminal and to the open pages. Plugin code cannot be swapped in a running process:
livereload.py restarts the whole process when it changes.
"""

from __future__ import annotations

import copy
import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from pelican import Pelican, signals
from pelican.generators import ArticlesGenerator
from pelican.settings import read_settings
from pelican.urlwrappers import URLWrapper

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """What a build or a preview did: its problems, or the output files it rewrote."""

    problem: str | None = None
    # Output files rewritten, relative to the output folder (None: consider all changed).
    changed: tuple[str, ...] | None = None


class LiveSite:
    """Pelican builds of one site, run in this process and sharing what they read."""

    def __init__(
        self,
        settings_file: str,
        content: str,
        output: str,
        extra: Callable[[], dict] = dict,
    ):
        self.settings_file = settings_file
        self.content = os.path.abspath(content)
        self.output = os.path.abspath(output)
        self.extra = extra  # settings for each build (the cache folder follows the code)
        self.readings = KeptReadings()
        self._settings: dict = {}
        self._settings_key: tuple | None = None
        self._last: ArticlesGenerator | None = None

    def settings(self) -> dict:
        """A fresh copy of the settings, read again only when the file or extras changed.

        Reading the file again makes new functions of those in it (ARTICLE_ORDER_BY), and
        the topics in readings kept from before would hold the old ones: Pelican could no
        longer save its cache. So the readings are dropped along with the old settings.
        """
        override = {"PATH": self.content, "OUTPUT_PATH": self.output, **self.extra()}
        with open(self.settings_file, "rb") as file:
            key = (file.read(), repr(sorted(override.items())))
        if key != self._settings_key:
            self._settings = read_settings(self.settings_file, override=override)
            self._settings_key = key
            self.readings = KeptReadings()
        # Plugins complete the settings in place: each build starts from the file's.
        return copy.deepcopy(self._settings)

    def build(self) -> Outcome:
        """A full incremental build; problems are returned, never raised."""
        # Until a build passes again, no preview: the last good build may be far behind.
        self._last = None
        try:
            settings = self.settings()
        except Exception as error:  # a mistake in the settings file
            logger.exception("The settings do not load")
            return Outcome(problem=f"{self.settings_file}: {type(error).__name__}: {error}")
        finished: list = []

        def keep(generators):
            finished[:] = generators

        try:
            with self.readings.kept(), signals.all_generators_finalized.connected_to(keep):
                Pelican(settings).run()
        except SystemExit as stop:  # how this project's plugins stop a build, plainly
            return Outcome(problem=_said(stop))
        except Exception as error:  # a fault in a plugin or Pelican, not in a post
            logger.exception("The build failed")
            return Outcome(problem=f"The build failed: {type(error).__name__}: {error}")
        self._last = next((g for g in finished if isinstance(g, ArticlesGenerator)), None)
        from incremental import output_files  # noqa: PLC0415 (loaded with the plugins by now)

        return Outcome(changed=tuple(sorted(output_files.written_relative(self.output))))

    def preview(self, saved: list[str]) -> Outcome | None:
        """When ``saved`` is one post of the last build, its page written at once; else None.

        Files gone by now are left out: an editor that saves by writing a temporary file
        and renaming it over the post reports both.
        """
        saved = [path for path in saved if os.path.exists(path)]
        if self._last is None or len(saved) != 1:
            return None
        source = os.path.relpath(os.path.abspath(saved[0]), self.content)
        if source.startswith(os.pardir):
            return None
        from incremental import preview  # noqa: PLC0415 (loaded with the plugins)

        try:
            previewed = preview.preview(self._last, source.replace(os.sep, "/"))
        except preview.NotPreviewable as why:
            logger.debug("No preview: %s", why)
            return None
        except Exception:  # the build that follows reports whatever this was
            logger.debug("No preview", exc_info=True)
            return None
        return Outcome(changed=(previewed.output,))


def _said(stop: SystemExit) -> str:
    if isinstance(stop.code, str):
        return stop.code
    return f"The build stopped (exit code {stop.code}); the terminal says why."


class KeptReadings:
    """Pelican's reader cache, held in this process rather than loaded from disk each build.

    Pelican still saves it to disk after each build (so a later one-shot build is warm);
    it just never has to load it again. Each build gets its own copies of the topic,
    category and author objects in a reading: plugins rename topics in place (posts'
    ``unify_topic_names``), and a reading must start each build as its file says.
    """

    def __init__(self):
        self._caches: dict[str, dict] = {}

    @contextmanager
    def kept(self) -> Iterator[None]:
        from incremental import pelican_internals  # noqa: PLC0415 (the plugins' folder)

        with pelican_internals.shared_reader_caches(self._caches, _unshared):
            yield


def _unshared(value):
    """``value`` with every list, dict, tuple and URL wrapper in it copied (the rest is
    immutable: strings, dates, and the post model's frozen dataclasses)."""
    if isinstance(value, URLWrapper):
        return copy.copy(value)
    if isinstance(value, list):
        return [_unshared(item) for item in value]
    if isinstance(value, tuple) and not hasattr(value, "_fields"):
        return tuple(_unshared(item) for item in value)
    if isinstance(value, dict):
        return {key: _unshared(item) for key, item in value.items()}
    return value
