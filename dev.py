#!/usr/bin/env python3
"""Set up the project in a virtual environment (.venv) and run an invoke task in it.

    python3 dev.py build     # install what is needed, build the example site
    python3 dev.py test      # install what is needed, run every test

Any task in tasks.py works the same way: python3 dev.py (or --list, or help) lists them
by what they are for; python3 dev.py help TASK, TASK --help or TASK -h explains one.
Only Python 3.11 and the package registries are needed; nothing is installed
outside this folder.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv

ROOT = os.path.dirname(os.path.abspath(__file__))
VENV = os.path.join(ROOT, ".venv")
BIN = os.path.join(VENV, "Scripts" if os.name == "nt" else "bin")
REQUIREMENTS = os.path.join(ROOT, "requirements.txt")
# Records which requirements.txt the environment was built from.
STAMP = os.path.join(VENV, "requirements.sha256")
# The project's import roots: sitetools/ (the tasks' code) at the top, the plugins (and
# their shared sitekit/) in plugins/. Named in the environment's site-packages, so every
# process run with its Python (pelican, invoke, bench/, the tests) imports them without
# patching sys.path.
IMPORT_ROOTS = (ROOT, os.path.join(ROOT, "plugins"))
PTH_NAME = "response_team.pth"


def ensure_environment() -> None:
    with open(REQUIREMENTS, "rb") as file:
        wanted = hashlib.sha256(file.read()).hexdigest()
    if os.path.exists(STAMP):
        with open(STAMP, encoding="utf-8") as file:
            if file.read().strip() == wanted:
                return
    if not os.path.exists(os.path.join(BIN, "python")) and not os.path.exists(
        os.path.join(BIN, "python.exe")
    ):
        print("Creating the virtual environment in .venv ...", flush=True)
        venv.create(VENV, with_pip=True)
    print("Installing the pinned requirements ...", flush=True)
    subprocess.run(
        [os.path.join(BIN, "python"), "-m", "pip", "install", "--quiet",
         "--disable-pip-version-check", "-r", REQUIREMENTS],
        check=True,
    )  # fmt: skip
    with open(STAMP, "w", encoding="utf-8") as file:
        file.write(wanted + "\n")


HELP_FLAGS = ("--help", "-h")


def task_arguments(argv: list[str]) -> list[str]:
    """What invoke is given for what a person typed: help the way people ask for it.

    invoke would list the tasks alphabetically, and hand `new --help` to the task as its
    title; the `help` task lists them by group and explains one (see tasks.py)."""
    if not argv or argv[0] in ("--list", "-l"):
        return ["help"]
    if argv[0] in ("help", *HELP_FLAGS):  # `--help new` is invoke's own way to ask
        return ["help", "--task", argv[1]] if len(argv) > 1 else ["help"]
    if not argv[0].startswith("-") and any(flag in argv[1:] for flag in HELP_FLAGS):
        return ["help", "--task", argv[0]]
    return argv


def ensure_import_roots() -> None:
    """Write the .pth file naming the project's import roots (again if the folder moved)."""
    wanted = "".join(f"{root}\n" for root in IMPORT_ROOTS)
    for site_packages in site_packages_folders():
        path = os.path.join(site_packages, PTH_NAME)
        if os.path.exists(path):
            with open(path, encoding="utf-8") as file:
                if file.read() == wanted:
                    continue
        with open(path, "w", encoding="utf-8") as file:
            file.write(wanted)


def site_packages_folders() -> list[str]:
    if os.name == "nt":
        return [os.path.join(VENV, "Lib", "site-packages")]
    lib = os.path.join(VENV, "lib")
    return [os.path.join(lib, name, "site-packages") for name in sorted(os.listdir(lib))]


def main(argv: list[str]) -> int:
    ensure_environment()
    ensure_import_roots()
    # Tasks run pelican, pytest and ruff by name: put the environment first on PATH.
    env = {**os.environ, "VIRTUAL_ENV": VENV, "PATH": BIN + os.pathsep + os.environ["PATH"]}
    invoke = os.path.join(BIN, "invoke")
    return subprocess.run([invoke, *task_arguments(argv)], cwd=ROOT, env=env).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
