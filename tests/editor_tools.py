"""The web editor's pinned npm packages (tools/editor/), for the tests that need them."""

from __future__ import annotations

import shutil

from required import require
from sites import ROOT

TOOLS = ROOT / "tools" / "editor"
BUNDLE = TOOLS / "node_modules"


def require_editor() -> None:
    """Skip without Node or the installed editor; in CI (which installs both) fail instead."""
    found = shutil.which("node") and (BUNDLE / "decap-cms" / "dist" / "decap-cms.js").is_file()
    install = "`npm ci --prefix tools/editor` (`.ci/run` does)"
    require(bool(found), f"the web editor is not installed: {install}")
