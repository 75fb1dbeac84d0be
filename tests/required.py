"""Tools from outside Python that some tests need: skipped, saying why, on a developer's
machine without them; a failure in CI (`CI=true`), where `.ci/run` installs them all."""

from __future__ import annotations

import os
import shutil

import pytest


def require(found: bool, message: str) -> None:
    if found:
        return
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def require_program(name: str, install: str) -> None:
    """``name`` on PATH, or skip (fail in CI) saying how to install it."""
    require(bool(shutil.which(name)), f"{name} not found: {install} (`bash .ci/run` does)")
