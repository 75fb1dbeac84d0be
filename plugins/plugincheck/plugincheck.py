"""A plugin that fails to load stops the build instead of leaving the site without it.

Pelican logs "Cannot load plugin" (an import that failed) or "Cannot register plugin"
(a ``register()`` that raised) and builds on: a site without its contract checks, its
imprint or its redirects would be published with exit status 0. This plugin is first in
PLUGINS, so it is imported before the others are: it listens to Pelican's loader from
then on, and stops the build at ``initialized`` naming each plugin that did not load.
"""

from __future__ import annotations

import logging

from pelican import signals

# Where Pelican says so (pelican/plugins/_utils.py and pelican/__init__.py).
LOADER_LOGGERS = ("pelican.plugins._utils", "pelican")
FAILURES = ("Cannot load plugin", "Cannot register plugin")


class PluginFailed(SystemExit):
    """A plugin did not load: which, and what Pelican said. (Not sitekit's PlainExit:
    the guard must load when everything else fails to, so it imports nothing of ours.)"""


class FailedPlugins(logging.Filter):
    """Keeps what Pelican said about each plugin that failed; lets every record through."""

    def __init__(self):
        super().__init__()
        self.said: list[str] = []

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and record.msg.startswith(FAILURES):
            message = record.getMessage().replace("\n", ": ").strip()
            if record.exc_info and record.exc_info[1] is not None:
                message += f": {record.exc_info[1]!r}"
            self.said.append(message)
        return True


FAILED = FailedPlugins()
for _name in LOADER_LOGGERS:
    logging.getLogger(_name).addFilter(FAILED)


def problems(said: list[str]) -> str | None:
    """The message that stops the build, or None when every plugin loaded."""
    if not said:
        return None
    lines = "\n".join(f"  {line}" for line in said)
    return (
        f"settings: PLUGINS: {len(said)} plugin(s) did not load, and the site would be "
        f"built without them:\n{lines}"
    )


def check_loaded(pelican) -> None:
    said, FAILED.said = FAILED.said, []  # one build's failures (livereload builds again)
    message = problems(said)
    if message:
        raise PluginFailed(message)


def register() -> None:
    signals.initialized.connect(check_loaded)
