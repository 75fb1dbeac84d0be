"""Search that works on any static host: a Pagefind index of every published post.

Pages opt in with ``data-pagefind-body`` (the theme puts it on published posts
only, so drafts, listings and helper pages are never indexed); the index is
built over the finished output, after Pelican has written every page.
"""

from __future__ import annotations

import logging
import subprocess
import time

from pagefind_bin import get_executable
from pelican import signals

logger = logging.getLogger(__name__)

DEFAULTS = {"SEARCH_INDEX": True, "SEARCH_LANGUAGE": "en"}


class SearchIndexError(SystemExit):
    """Without an index the search page would be broken: stop, plainly."""


def apply_defaults(pelican) -> None:
    for name, value in DEFAULTS.items():
        pelican.settings.setdefault(name, value)


def pagefind_command(output_path: str, language: str) -> list[str]:
    return [
        str(get_executable()),
        "--site", output_path,
        "--force-language", language,
        "--silent",
    ]  # fmt: skip


def build_index(pelican) -> None:
    settings = pelican.settings
    if not settings["SEARCH_INDEX"]:
        return
    started = time.perf_counter()
    command = pagefind_command(pelican.output_path, settings["SEARCH_LANGUAGE"])
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SearchIndexError(
            f"search: Pagefind could not index {pelican.output_path}:\n"
            f"{(result.stderr or result.stdout).strip()}"
        )
    logger.info("Search index built in %.2f s", time.perf_counter() - started)


def register():
    signals.initialized.connect(apply_defaults)
    # Every page is written by now; the index reads the finished HTML.
    signals.finalized.connect(build_index)
