"""Stopping a build with a plain message: what an editor reads, never a traceback."""

from __future__ import annotations


class PlainExit(SystemExit):
    """Stop with ``message`` alone.

    A ``SystemExit`` rather than an ordinary exception because Pelican prints an
    ordinary exception with its traceback (and, for a plugin's signal, carries on);
    a ``SystemExit`` ends the run and its message is all that is printed.
    """


class SettingsError(PlainExit):
    """One or more settings are malformed; each problem on its own line."""

    def __init__(self, problems: list[str] | str):
        if isinstance(problems, str):
            problems = [problems]
        super().__init__("\n".join(f"settings: {problem}" for problem in problems))
