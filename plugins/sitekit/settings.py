"""Filling in a plugin's setting defaults, checking them, and following renamed settings."""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable

from .errors import SettingsError

logger = logging.getLogger(__name__)

# Old name -> new name: each setting named for the plugin that owns it. A site that
# still sets an old name keeps working, with a warning naming both.
RENAMED = {
    "VERDICTS": "POSTS_VERDICTS",
    "PUBLISHED_LEDGER": "POSTS_PUBLISHED_LEDGER",
    "REFUSE_TODO_PAGES": "POSTS_REFUSE_TODO_PAGES",
    "DEV_SITEURL": "SITEURL_DEVELOPMENT",
}


def follow_renames(settings: dict) -> dict:
    """Move each old setting name to its new one, warning; the new name wins if both are set."""
    for old, new in RENAMED.items():
        if old not in settings:
            continue
        value = settings.pop(old)
        if new in settings:
            logger.warning("Setting %s is deprecated and ignored, as %s is set", old, new)
        else:
            logger.warning("Setting %s is deprecated: rename it %s", old, new)
            settings[new] = value
    return settings


def fill_defaults(settings: dict, defaults: dict) -> dict:
    """Every default the site did not set (a copy, so no build changes another's)."""
    follow_renames(settings)
    for name, value in defaults.items():
        settings.setdefault(name, copy.deepcopy(value))
    return settings


def prepare(settings: dict, defaults: dict, check: Callable[[dict], list[str]]) -> dict:
    """Fill in the defaults, then check; stop with every problem found."""
    fill_defaults(settings, defaults)
    problems = check(settings)
    if problems:
        raise SettingsError(problems)
    return settings
