"""`invoke edit`: the web editor on this machine: decap-server on the working tree, beside
the livereload site that serves /admin/.

decap-server (pinned in sitetools/npm/editor/, like the CMS) reads and writes the post files in
the project folder itself: a save in the browser is a saved file, which livereload
builds at once and `git` then commits like any other. It listens on 127.0.0.1 only.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time

from . import ToolError

TOOLS = "sitetools/npm/editor"
SERVER = "node_modules/decap-server/dist/index.js"
CMS = "node_modules/decap-cms/dist/decap-cms.js"


def install(root: str) -> None:
    """Install the pinned editor (npm ci) unless it is there; say plainly what is missing."""
    tools = os.path.join(root, TOOLS)
    if all(os.path.exists(os.path.join(tools, part)) for part in (SERVER, CMS)):
        return
    if not shutil.which("npm"):
        raise ToolError(
            "The web editor needs Node.js 20 and npm (e.g. `apt-get install nodejs npm`), "
            f"then `npm ci --prefix {TOOLS}`."
        )
    done = subprocess.run(
        ["npm", "ci", "--prefix", tools, "--no-audit", "--no-fund", "--ignore-scripts"],
        capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode:
        raise ToolError(f"`npm ci --prefix {TOOLS}` failed:\n{done.stderr.strip()[-2000:]}")


def backend_url(port: int) -> str:
    return f"http://127.0.0.1:{port}/api/v1"


def start_backend(
    root: str, port: int, repo: str | None = None, mode: str = "fs"
) -> subprocess.Popen:
    """decap-server on 127.0.0.1:``port`` for the files under ``repo`` (default: ``root``);
    returns once it answers. ``fs`` writes files straight into the working tree (git
    stays the editor's); ``git`` commits each entry on a branch of its own and merges it
    on publish, as the GitHub backend's editorial workflow does with pull requests."""
    node = shutil.which("node")
    if not node:
        raise ToolError("The web editor needs Node.js 20 (`apt-get install nodejs`).")
    env = {
        **os.environ,
        "PORT": str(port),
        "BIND_HOST": "127.0.0.1",
        "GIT_REPO_DIRECTORY": os.path.abspath(repo or root),
        "MODE": mode,
        "LOG_LEVEL": "warn",
    }
    process = subprocess.Popen([node, os.path.join(root, TOOLS, SERVER)], env=env)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ToolError(
                f"decap-server stopped at once (exit {process.returncode}); is port {port} free?"
            )
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise ToolError(f"decap-server did not answer on port {port} within 20 s")


def settings(port: int) -> dict:
    """The Pelican settings a build needs to serve an editor talking to this backend."""
    return {"EDITOR_ENABLED": True, "EDITOR_LOCAL_BACKEND": backend_url(port)}
