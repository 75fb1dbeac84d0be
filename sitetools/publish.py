"""`invoke publish`: the production build, made atomically.

The site is built into a fresh folder next to ``output/``, checked there (see
postbuild.py), and only then renamed into place. A failed build or a failed check
leaves the previous ``output/`` exactly as it was, so whatever is live, or about to be
deployed, is always a complete site that passed every check. So does a publish stopped
by SIGTERM (a cancelled CI job), SIGINT (Ctrl-C) or SIGHUP: the ledger is put back and
the staging folder removed; what a harder kill leaves behind, the next publish removes.
One publish at a time: it holds the output's build lock (plugins/buildlock) throughout.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from buildlock import buildlock

from . import (
    ToolError,
    content,
    nothing_lost,  # noqa: F401  (registers the nothing-lost check)
    postbuild,
    warm,
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
    process = subprocess.Popen(command)
    try:
        return subprocess.CompletedProcess(command, process.wait())
    except BaseException:
        # Stopped (a signal, Ctrl-C): Pelican may still be writing the ledger; it must
        # be gone before the ledger is put back.
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        raise


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


def leftovers(output: str) -> list[str]:
    """Staging folders of ``output`` left by a publish that was killed outright."""
    parent, name = os.path.split(os.path.abspath(output).rstrip(os.sep))
    prefixes = (f".{name}-new-", f".{name}-old-")
    return sorted(
        os.path.join(parent, entry)
        for entry in os.listdir(parent)
        if entry.startswith(prefixes) and os.path.isdir(os.path.join(parent, entry))
    )


def clear_leftovers(output: str) -> None:
    """Remove what a killed publish left beside ``output``, and say so.

    A kill between the two renames of ``swap_in`` leaves no ``output`` but the previous
    build in its ``-old-`` folder: that is put back first.
    """
    found = leftovers(output)
    old = [path for path in found if "-old-" in os.path.basename(path)]
    if not os.path.exists(output) and len(old) == 1:
        os.rename(old[0], output)
        found.remove(old[0])
        print(f"publish: put back {display(output)}, moved aside by a publish that was killed.")
    for path in found:
        shutil.rmtree(path, ignore_errors=True)
    if found:
        names = ", ".join(os.path.basename(path) for path in found)
        print(f"publish: removed {len(found)} staging folder(s) left by a publish that was "
              f"killed: {names}")  # fmt: skip


class Stopped(BaseException):
    """A signal asked the publish to stop; unwinds like Ctrl-C, so everything is put back."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)


STOPPING = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


@contextlib.contextmanager
def stopped_by_signals():
    """Turn SIGTERM, SIGINT and SIGHUP into ``Stopped`` while the block runs.

    After the first, the others are ignored: putting things back must not be cut short.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread can set handlers (and receives signals)
        return

    def stop(signum, frame):
        for number in STOPPING:
            signal.signal(number, signal.SIG_IGN)
        raise Stopped(signum)

    previous = {number: signal.signal(number, stop) for number in STOPPING}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


@contextlib.contextmanager
def signals_held():
    """No signal is handled inside the block (the swap's two renames): only after it."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, STOPPING)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPPING)


def swap_in(new: str, output: str, keep_old: bool = False) -> str | None:
    """Put ``new`` where ``output`` was, by renames; the old build is restored on failure.

    The old build is removed, or with ``keep_old`` left beside and its folder returned.
    """
    if not os.path.exists(output):
        os.rename(new, output)
        return None
    parent = os.path.dirname(os.path.abspath(output))
    old = os.path.join(parent, f".{os.path.basename(output)}-old-{uuid.uuid4().hex[:12]}")
    os.rename(output, old)
    try:
        os.rename(new, output)
    except OSError:
        os.rename(old, output)
        raise
    if keep_old:
        return old
    shutil.rmtree(old, ignore_errors=True)
    return None


def publish(
    settings_file: str,
    content_dir: str,
    output: str,
    extra: dict | None = None,
    checks: list[str] | None = None,
    keep: str | None = None,
    readings: str | None = None,
) -> Published:
    """Build, check and swap in the site; raise ToolError (output untouched) on any failure.

    The build records new addresses in the ledger (published.json); when the build or a
    check fails, nothing was published, so the ledger is put back as it was too.
    ``keep``: a folder in the cache where the published site is kept, so the next
    publish starts from it and renders only what changed (see warm.py). ``readings``:
    the CACHE_PATH of `invoke check`, whose cache of each post's reading the site-wide
    checks share (by default the build's own CACHE_PATH).
    """
    started = time.perf_counter()
    lock = buildlock.output_lock(output)
    try:
        buildlock.acquire(lock, display(output), "publish")
    except buildlock.BuildBusy as busy:
        raise ToolError(str(busy)) from None
    try:
        with stopped_by_signals():
            return _publish(
                settings_file, content_dir, output, extra, checks, started, keep, readings
            )
    finally:
        buildlock.release(lock)


def _publish(
    settings_file, content_dir, output, extra, checks, started, keep, readings
) -> Published:
    ledger = staging = records = seeded = None
    swapped = False
    try:
        clear_leftovers(output)
        settings = site_settings.load(settings_file, content_dir, **(extra or {}))
        ledger = Snapshot(os.path.join(settings["PATH"], settings["POSTS_PUBLISHED_LEDGER"]))
        build_started = datetime.now(UTC)
        staging = staging_folder(output)
        # This process holds the output's lock: Pelican, building into staging, skips it.
        extra = {**(extra or {}), "BUILD_LOCK_OUTPUT": False}
        memo_path = f"{keep}.memo" if keep else None
        if keep:
            records = warm.Records(settings["CACHE_PATH"])
            seeded = warm.seed(keep, staging, settings["CACHE_PATH"])
            extra["INCREMENTAL_OUTPUT_KEY"] = warm.KEY
        if pelican(settings_file, content_dir, staging, extra).returncode != 0:
            raise ToolError(
                "publish: the build failed (the problems are listed above). "
                f"{display(output)} was not changed."
            )
        build_finished = datetime.now(UTC)
        # Every post read once (only those changed since `check` or the last publish are
        # parsed), placed at two moments.
        loaded = content.load({**settings, "CACHE_PATH": readings or settings["CACHE_PATH"]})
        built = postbuild.Built(
            output=staging,
            siteurl="" if settings.get("RELATIVE_URLS") else settings["SITEURL"],
            items=content.at(loaded, settings, now=build_started)[0],
            unpublished=[
                i for i in content.at(loaded, settings, now=build_finished)[0] if not i.public
            ],
            settings=settings,
            changed=None if seeded is None else warm.changed(staging, seeded),
            memo=postbuild.Memo(warm.load_memo(memo_path) if keep else {}, settings["SITEURL"]),
        )
        problems = postbuild.run(built, checks)
        if problems:
            count = len(problems)
            raise ToolError(
                "\n".join(problems) + f"\npublish: the new build has {count} "
                f"problem{'s' * (count != 1)}, listed above. {display(output)} was not changed."
            )
        pages = sum(1 for _ in built.files(".html"))
        with signals_held():
            old = swap_in(staging, output, keep_old=bool(keep))
            swapped = True
        staging = None
        if keep:
            # The site it replaced, brought up to date, is the one kept (warm.py).
            try:
                warm.keep(output, keep, old)
            except OSError:
                warm.forget(keep)  # the next publish starts from nothing: slower, as sound
            finally:
                if old:
                    shutil.rmtree(old, ignore_errors=True)
            warm.save_memo(memo_path, built.memo.to_keep())
    except Stopped as stop:
        if swapped:
            raise ToolError(f"publish: stopped by {stop}, after the new build was put in "
                            f"place as {display(output)}.") from None  # fmt: skip
        if ledger:
            ledger.restore()
        if records:
            records.restore()
        kept = os.path.basename(ledger.path) if ledger else "the ledger"
        raise ToolError(
            f"publish: stopped by {stop}. {display(output)} and {kept} were left as they were."
        ) from None
    except BaseException:
        if ledger and not swapped:
            ledger.restore()
        if records and not swapped:
            records.restore()
        raise
    finally:
        if staging and seeded is not None and not swapped and os.path.isdir(output):
            # Not published: the kept site was moved into staging; it is kept again, as
            # output/ holds it, unless a build (`invoke build`) has rewritten output/
            # since: then nothing is kept, and the next publish starts from nothing.
            with contextlib.suppress(OSError):
                if warm.inodes_of(output) == seeded:
                    warm.keep(output, keep, staging)
        if staging:
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
