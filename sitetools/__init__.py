"""Tools around the build: writing and releasing posts, publishing and deploying the site.

Each module is a small set of plain functions that `tasks.py` calls and the tests call
directly; the command-line tools (`check`, `alert`, `lighthouse`) live here, never in a
plugin, and the pinned npm packages in `npm/` (the web editor, Lighthouse). The plugins are
imported by name (`posts`), so `plugins/` must be on the import path: dev.py names it in
.venv (a .pth file), pytest in pyproject.toml, and tasks.py puts it first for its process.
"""


class ToolError(Exception):
    """Something an editor can fix, said in plain words: tasks print it, never a traceback."""
