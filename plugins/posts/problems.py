"""Problems found in content, each pointing at a file, a line and a field."""

from __future__ import annotations

from dataclasses import dataclass

from sitekit.errors import PlainExit

from .characters import printable, shown


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, printed as ``path:line: field: message``."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        # Every part may echo a file (its name, an unknown key, a value): never print a
        # control character to an editor's terminal, nor a 200,000-character key.
        return f"{printable(self.path)}:{self.line}: {shown(self.field)}: {printable(self.message)}"


class ContentError(PlainExit):
    """The content breaks the post contract; the build stops before writing.

    A ``SystemExit`` rather than an ordinary exception because Pelican's
    command line logs ordinary exceptions with a traceback, and an editor who
    mistyped a field must see the list of problems and nothing else.
    """

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        count = len(self.problems)
        files = len({p.path for p in self.problems})
        lines = [str(p) for p in self.problems]
        lines.append(
            f"The build stopped: {count} problem{'s' if count != 1 else ''} in "
            f"{files} file{'s' if files != 1 else ''}. Nothing was published."
        )
        super().__init__("\n".join(lines))
