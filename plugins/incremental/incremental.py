"""Rebuilds that make only what changed, and rewrite only files whose bytes changed.

A page is rendered only when its key (pages.py: the templates, code, settings and the
parts of the context its templates read) differs from the one recorded for its file; a
file whose bytes are the same as last time is left alone, keeping its date: a rebuild
with no change renders and rewrites nothing, and rsync or a CDN upload sends nothing.
Files of content that is gone (a deleted post's page, card and email edition) are
removed, so a rebuild gives the same output as a build into an empty folder.
"""

from __future__ import annotations

import logging
import os

import jinja2
from pelican import signals

from . import memo, output_files, pages, pelican_internals, progress, sweep
from .writer import UnchangedWriter

logger = logging.getLogger(__name__)

# Written by Pagefind after the sweep (pagefind/, pagefind-1/...), kept by the search plugin.
NOT_SWEPT = ("pagefind",)


def start(pelican) -> None:
    progress.show(pelican)
    sweep.name_output(pelican.settings.get("INCREMENTAL_OUTPUT_KEY"))
    output_files.start()
    memo.start(pelican.settings.get("CACHE_PATH"))
    pages.open_record(pelican.settings, pelican.output_path, plugin_folders(pelican))


def plugin_folders(pelican) -> list[str]:
    """Where the code of every plugin this build loaded lives (a package's folder, or a
    module's file), wherever it was found: PLUGIN_PATHS or an installed package."""
    found = list(pelican.settings.get("PLUGIN_PATHS") or ())
    for plugin in getattr(pelican, "plugins", ()):
        path = getattr(plugin, "__file__", None)
        if path:
            package = os.path.basename(path) == "__init__.py"
            found.append(os.path.dirname(path) if package else path)
    return found


def record_static(generator) -> None:
    """Pelican's static files: copied only when their bytes changed (so an unchanged one
    keeps its date), and recorded as produced by this build, copied now or not."""
    pelican_internals.copy_static_when_changed(generator, output_files.same_files)
    for path in pelican_internals.static_outputs(generator):
        output_files.produced(path)


def get_writer(pelican):
    return UnchangedWriter


def sweep_removed(pelican) -> None:
    """Remove what the last build produced and this one did not; record this build's files.

    What a build produced is what its writers said they wrote or left in place, never
    guessed from file dates: a clock that steps, or a build that starts right after
    another, cannot keep a removed post's file alive.
    """
    output = pelican.output_path
    produced, counts = output_files.record()
    root = os.path.abspath(output) + os.sep
    relative = {
        path[len(root) :]
        for path in produced
        if path.startswith(root) and not path[len(root) :].startswith(NOT_SWEPT)
    }
    manifest = sweep.manifest_path(pelican.settings["CACHE_PATH"], output)
    removed = sweep.remove(output, sweep.stale(sweep.load(manifest), relative))
    sweep.save(manifest, relative)
    pages.close_record()
    memo.save()
    progress.say(
        "Output: %s files written, %s unchanged and left alone, %s kept without "
        "making them again, %s of removed content deleted",
        *(f"{number:,}" for number in (counts["written"], counts["unchanged"], counts["kept"])),
        f"{removed:,}",
    )


def count_read(generator, metadata=None) -> None:
    """One more post read (from its file or the cache)."""
    ticker = getattr(generator, "reading_ticker", None)
    if ticker is None:
        ticker = generator.reading_ticker = progress.Ticker("Posts read")
    ticker.tick()


def keep_compiled_templates(generator) -> None:
    """Compiled templates kept between builds (Jinja checks each against its source), so a
    rebuild does not compile the theme again for each of Pelican's generators."""
    env = getattr(generator, "env", None)
    if env is not None and env.bytecode_cache is None:
        folder = os.path.join(generator.settings["CACHE_PATH"], "jinja")
        os.makedirs(folder, exist_ok=True)
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(folder)


def register():
    # A fresh record of produced files for each build (one process may run several).
    signals.initialized.connect(start)
    # Each generator has its own Jinja environment: each gets the shared compiled templates.
    signals.generator_init.connect(keep_compiled_templates)
    # Reading thousands of posts from their files takes a while: say how far it is.
    signals.article_generator_context.connect(count_read)
    # Pelican copies static files itself: copied only when changed, and recorded.
    signals.static_generator_finalized.connect(record_static)
    # Pages are rendered only when what they show changed, written only when their bytes did.
    signals.get_writer.connect(get_writer)
    # Every file is written by now (Pagefind, after this, indexes only what is current).
    signals.finalized.connect(sweep_removed)
