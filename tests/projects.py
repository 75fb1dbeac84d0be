"""A copy of the project (code, settings, theme) in a temporary folder, to run tasks in.

The tasks work on the folders next to tasks.py; a copy lets tests run `invoke publish`
and `invoke deploy` for real without touching this checkout's content or output.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from sites import ROOT, Site

BIN = os.path.dirname(sys.executable)
CODE = [
    "tasks.py", "pelicanconf.py", "publishconf.py", "site.toml", "plugins", "theme", "sitetools"
]  # fmt: skip


@dataclass
class Project(Site):
    """A Site whose folder also holds the project's code, so tasks run in it."""

    def invoke(self, *args: str, **env: str) -> subprocess.CompletedProcess:
        """Run a task as an editor would; DEPLOY_* come only from ``env``."""
        environ = {k: v for k, v in os.environ.items() if not k.startswith("DEPLOY_")}
        environ["PATH"] = BIN + os.pathsep + environ.get("PATH", "")
        for name in ("GITHUB_SHA", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
            environ.pop(name, None)
        return subprocess.run(
            [os.path.join(BIN, "invoke"), *args],
            cwd=self.root, capture_output=True, text=True, timeout=300, env={**environ, **env},
            stdin=subprocess.DEVNULL,  # no terminal: a task that would ask must refuse instead
        )  # fmt: skip


def project(tmp_path: Path, content: Path | None = None) -> Project:
    """The project's code with ``content`` (default: none) as its content folder."""
    copy = Project(tmp_path / "project")
    copy.root.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "node_modules")
    for name in CODE:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy.root / name, ignore=ignore)
        else:
            shutil.copy2(source, copy.root / name)
    if content is not None:
        shutil.copytree(content, copy.content)
    else:
        copy.content.mkdir()
    return copy


def digest(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` by path, with a hash of its bytes: a tree to compare."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
