"""Pages still marked ``TODO:``: the team's own pages, not yet written, must not go live.

`invoke init` leaves the example pages (about, how we check, corrections policy,
privacy) marked with ``TODO:`` lines for the team to replace, and `invoke new` marks
every gap in a new draft the same way. The two meet here by status:

- a draft (post or page) may hold ``TODO:``: it is never published, so `check`
  accepts it and `release` refuses it until it is filled in (sitetools/release.py);
- a public page (published or hidden) may not: `check` refuses it, and so does every
  production build (``POSTS_REFUSE_TODO_PAGES``, set in publishconf.py), naming each line;
  a development build only warns, so the team can look at the site while writing.

Public posts are left to `release`, the way a draft becomes a post; this check is
about the pages, which have no such step.
"""

from __future__ import annotations

from collections.abc import Iterable

from .problems import Problem
from .reader import display_path

# The mark of something still to write, in a draft from `invoke new` or a page from `init`.
MARK = "TODO:"


def marked_lines(text: str) -> list[int]:
    """The 1-based numbers of the lines holding the mark."""
    return [number for number, line in enumerate(text.splitlines(), 1) if MARK in line]


def unwritten_pages(paths: Iterable[str]) -> list[Problem]:
    """One problem per ``TODO:`` line in the given page files (the public ones: tree.py)."""
    problems = []
    for path in paths:
        with open(path, encoding="utf-8") as file:
            text = file.read()
        problems += [
            Problem(
                display_path(path),
                line,
                MARK.rstrip(":"),
                "this page is still to be written: replace each TODO: placeholder with "
                "your own words, then the page can go live",
            )
            for line in marked_lines(text)
        ]
    return problems
