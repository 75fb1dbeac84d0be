"""The web editor's pinned npm packages (sitetools/npm/editor/), for the tests that need them."""

from __future__ import annotations

import shutil

from external import missing
from sites import ROOT

TOOLS = ROOT / "sitetools" / "npm" / "editor"
BUNDLE = TOOLS / "node_modules"


def require_editor() -> None:
    """Skip without Node or the installed editor; in CI (which installs both) fail instead."""
    if shutil.which("node") and (BUNDLE / "decap-cms" / "dist" / "decap-cms.js").is_file():
        return
    install = "`npm ci --prefix sitetools/npm/editor` (`.ci/run` does)"
    missing(f"the web editor is not installed: {install}")
