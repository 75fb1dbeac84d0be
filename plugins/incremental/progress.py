"""Progress of a long build, so an editor sees it working: what it is doing, how far it is.

Pelican shows warnings and errors only, unless asked for more; these few lines are shown
as well (not with ``--quiet``). A step says what it starts only when it is a big one, and
how far it has got every few seconds while it lasts, so a quick rebuild prints nothing
but its summary.
"""

from __future__ import annotations

import logging
import time

logger = logging.getLogger(__name__)

# Seconds between two reports of the same step.
INTERVAL = 5.0
# A step of at least this many things says when it starts.
BIG = 200


def show(pelican) -> None:
    """Let progress through unless the build was asked to be quiet (-q: errors only)."""
    if logging.getLogger().getEffectiveLevel() <= logging.WARNING:
        logger.setLevel(logging.INFO)


def say(message: str, *args) -> None:
    logger.info(message, *args)


class Ticker:
    """Counts the things a step has done, and says how far it is every INTERVAL seconds."""

    def __init__(self, what: str, total: int | None = None, start: str | None = None):
        self.what, self.total, self.done = what, total, 0
        self.started = self.last = time.monotonic()
        if start and total is not None and total >= BIG:
            say(start)

    def tick(self, count: int = 1) -> None:
        now = time.monotonic()
        if self.done == 0:  # the step's clock starts with its first thing done
            self.started = self.last = now
        self.done += count
        if now - self.last >= INTERVAL:
            self.last = now
            of = f" of {self.total:,}" if self.total is not None else ""
            say("%s: %s%s (%.0f s)", self.what, f"{self.done:,}", of, now - self.started)
