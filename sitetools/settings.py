"""The site's settings as the tools see them: Pelican's own reading, this project's defaults."""

from __future__ import annotations

import os

from pelican.settings import read_settings


def load(settings_file: str, content: str | None = None, **override) -> dict:
    """Read a settings file the way a build would, with the posts plugin's defaults filled in."""
    from posts.posts import prepare_settings

    if content is not None:
        override["PATH"] = os.path.abspath(content)
    return prepare_settings(read_settings(settings_file, override=override or None))
