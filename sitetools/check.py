"""`invoke check`: validate every post against the contract, rendering nothing."""

from __future__ import annotations

import os
import sys
import time

from pelican.settings import read_settings
from posts import tree
from posts.characters import printable
from posts.posts import prepare_settings


def run(settings_file: str, content: str | None = None, out=None, err=None) -> int:
    """Print every problem as ``path:line: field: message``; 1 if there are any."""
    out, err = out or sys.stdout, err or sys.stderr
    started = time.perf_counter()
    override = {"PATH": os.path.abspath(content)} if content else None
    settings = prepare_settings(read_settings(settings_file, override=override))
    files = tree.content_files(settings)
    problems, warnings = tree.check(settings, files)
    for warning in warnings:
        print(f"warning: {printable(warning)}", file=err)
    for problem in problems:
        print(problem, file=err)
    seconds = time.perf_counter() - started
    if problems:
        files = len({p.path for p in problems})
        print(
            f"{len(problems)} problem{'s' * (len(problems) != 1)} in {files} "
            f"file{'s' * (files != 1)}.",
            file=err,
        )
        return 1
    print(f"All {len(files)} files keep to the post contract ({seconds:.2f} s).", file=out)
    return 0
