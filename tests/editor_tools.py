"""The web editor's pinned npm packages (tools/editor/), for the tests that need them."""

from __future__ import annotations

import shutil

from external import missing
from sites import ROOT

TOOLS = ROOT / "tools" / "editor"
BUNDLE = TOOLS / "node_modules"


def require_editor() -> None:
    """Skip without Node or the installed editor; in CI (which installs both) fail instead."""
    if shutil.which("node") and (BUNDLE / "decap-cms" / "dist" / "decap-cms.js").is_file():
        return
    missing("the web editor is not installed: `npm ci --prefix tools/editor` (`.ci/run` does)")
