"""Programs from outside Python that some tests need (rsync, git, Chromium, Node).

On a newcomer's machine a missing one skips the tests that need it, saying what to
install; in CI (`CI` set, as GitHub Actions and `.ci/run` do) it is a failure, so a test
can never pass there by skipping. Mark a test `@pytest.mark.needs("rsync")`; the check is
made in conftest.py before it runs.
"""

from __future__ import annotations

import os
import shutil

import pytest

# How to get each program, said in the skip.
INSTALL = {
    "git": "apt-get install git",
    "rsync": "apt-get install rsync",
}


def in_ci() -> bool:
    """CI=true (GitHub Actions), or any other value but an empty or false one."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def missing(message: str) -> None:
    """Skip with ``message`` on a developer's machine; fail with it in CI."""
    if in_ci():
        pytest.fail(f"{message} (CI must run every test)", pytrace=False)
    pytest.skip(message)


def require(program: str) -> None:
    if shutil.which(program):
        return
    how = INSTALL.get(program, f"install {program}")
    missing(f"{program} is not installed: `{how}` (`bash .ci/run` does)")
