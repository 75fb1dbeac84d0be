"""`invoke publish`: the production build, made atomically.

The site is built into a fresh folder next to ``output/``, checked there (see
postbuild.py), and only then renamed into place. A failed build or a failed check
leaves the previous ``output/`` exactly as it was, so whatever is live, or about to be
deployed, is always a complete site that passed every check.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from . import (
    ToolError,
    content,
    nothing_lost,  # noqa: F401  (registers the nothing-lost check)
    postbuild,
)
from . import settings as site_settings

# The development addresses of drafts, put back for `invoke preview` (production removes them).
PREVIEW_DRAFTS = {
    "DRAFT_SAVE_AS": "drafts/{slug}/index.html",
    "DRAFT_PAGE_SAVE_AS": "drafts/pages/{slug}/index.html",
}


@dataclass(frozen=True)
class Published:
    output: str
    seconds: float
    pages: int


def pelican(
    settings_file: str, content_dir: str, output: str, extra: dict | None = None
) -> subprocess.CompletedProcess:
    """Run a Pelican build in its own process: its command line reports problems plainly."""
    command = [
        sys.executable, "-m", "pelican", content_dir, "-o", output, "-s", settings_file,
    ]  # fmt: skip
    if extra:
        # Pelican reads each extra setting as JSON.
        command += ["-e", *(f"{key}={json.dumps(value)}" for key, value in extra.items())]
    return subprocess.run(command, check=False)


def staging_folder(output: str) -> str:
    """A fresh, empty folder beside ``output``: same file system, so the swap is a rename."""
    parent = os.path.dirname(os.path.abspath(output))
    os.makedirs(parent, exist_ok=True)
    folder = tempfile.mkdtemp(prefix=f".{os.path.basename(output)}-new-", dir=parent)
    # mkdtemp makes the folder private (0700); a web server reading output/ must get in.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(folder, 0o777 & ~umask)
    return folder


def swap_in(new: str, output: str) -> None:
    """Put ``new`` where ``output`` was, by renames; the old build is restored on failure."""
    if not os.path.exists(output):
        os.rename(new, output)
        return
    parent = os.path.dirname(os.path.abspath(output))
    old = os.path.join(parent, f".{os.path.basename(output)}-old-{uuid.uuid4().hex[:12]}")
    os.rename(output, old)
    try:
        os.rename(new, output)
    except OSError:
        os.rename(old, output)
        raise
    shutil.rmtree(old, ignore_errors=True)


def publish(
    settings_file: str,
    content_dir: str,
    output: str,
    extra: dict | None = None,
    checks: list[str] | None = None,
) -> Published:
    """Build, check and swap in the site; raise ToolError (output untouched) on any failure.

    The build records new addresses in the ledger (published.json); when the build or a
    check fails, nothing was published, so the ledger is put back as it was too.
    """
    started = time.perf_counter()
    settings = site_settings.load(settings_file, content_dir, **(extra or {}))
    ledger = Snapshot(os.path.join(settings["PATH"], settings["PUBLISHED_LEDGER"]))
    build_started = datetime.now(UTC)
    staging = staging_folder(output)
    try:
        if pelican(settings_file, content_dir, staging, extra).returncode != 0:
            raise ToolError(
                "publish: the build failed (the problems are listed above). "
                f"{display(output)} was not changed."
            )
        build_finished = datetime.now(UTC)
        loaded = content.load(settings)  # every post parsed once, placed at two moments
        built = postbuild.Built(
            output=staging,
            siteurl="" if settings.get("RELATIVE_URLS") else settings["SITEURL"],
            items=content.at(loaded, settings, now=build_started)[0],
            unpublished=[
                i for i in content.at(loaded, settings, now=build_finished)[0] if not i.public
            ],
            settings=settings,
        )
        problems = postbuild.run(built, checks)
        if problems:
            count = len(problems)
            raise ToolError(
                "\n".join(problems) + f"\npublish: the new build has {count} "
                f"problem{'s' * (count != 1)}, listed above. {display(output)} was not changed."
            )
        pages = sum(1 for _ in built.files(".html"))
        swap_in(staging, output)
    except BaseException:
        ledger.restore()
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Published(output, time.perf_counter() - started, pages)


class Snapshot:
    """A file's bytes (or its absence) now, to be put back later."""

    def __init__(self, path: str):
        self.path = path
        self.data = None
        if os.path.exists(path):
            with open(path, "rb") as file:
                self.data = file.read()

    def restore(self) -> None:
        if self.data is None:
            if os.path.exists(self.path):
                os.remove(self.path)
            return
        with open(self.path, "wb") as file:
            file.write(self.data)


def preview(settings_file: str, content_dir: str, output: str, siteurl: str) -> None:
    """The production build with drafts at their preview addresses, into its own folder."""
    extra = {"SITEURL": siteurl, **PREVIEW_DRAFTS}
    shutil.rmtree(output, ignore_errors=True)
    if pelican(settings_file, content_dir, output, extra).returncode != 0:
        raise ToolError("preview: the build failed (the problems are listed above).")


def display(path: str) -> str:
    relative = os.path.relpath(path)
    shown = path if relative.startswith("..") else relative
    return shown.rstrip("/") + "/"
