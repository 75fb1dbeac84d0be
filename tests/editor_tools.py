"""The web editor's pinned npm packages (sitetools/npm/editor/), for the tests that need them."""

from __future__ import annotations

import os
import shutil

import pytest
from sites import ROOT

TOOLS = ROOT / "sitetools" / "npm" / "editor"
BUNDLE = TOOLS / "node_modules"


def require_editor() -> None:
    """Skip without Node or the installed editor; in CI (which installs both) fail instead."""
    if shutil.which("node") and (BUNDLE / "decap-cms" / "dist" / "decap-cms.js").is_file():
        return
    message = (
        "the web editor is not installed: `npm ci --prefix sitetools/npm/editor` (`.ci/run` does)"
    )
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)
