"""Tools around the build: writing and releasing posts, publishing and deploying the site.

Each module is a small set of plain functions that `tasks.py` calls and the tests call
directly. The posts plugin is imported as `posts`, so `plugins/` must be on `sys.path`
(`tasks.py`, the tests and the benchmark put it there).
"""


class ToolError(Exception):
    """Something an editor can fix, said in plain words: tasks print it, never a traceback."""
