"""plugins/buildlock: one build at a time into a folder, held by the process, never stale."""

from __future__ import annotations

import os
import subprocess
import sys

from buildlock import buildlock
from sites import ROOT

TRY = """
import sys
from buildlock import buildlock
try:
    buildlock.acquire(buildlock.output_lock({output!r}), "output/")
except buildlock.BuildBusy as busy:
    print(busy)
    sys.exit(3)
print("held")
"""


def other_process(output) -> subprocess.CompletedProcess:
    code = TRY.format(output=str(output))  # plugins/ is in .venv's import path (dev.py)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)


def test_the_lock_is_beside_the_output_never_in_it(tmp_path):
    assert buildlock.output_lock(str(tmp_path / "output")) == str(tmp_path / ".output.lock")
    assert buildlock.output_lock(str(tmp_path / "output") + "/") == str(tmp_path / ".output.lock")


def test_a_process_holds_its_lock_once_and_another_is_refused_until_it_lets_go(tmp_path):
    output = tmp_path / "output"
    lock = buildlock.output_lock(str(output))
    buildlock.acquire(lock, "output/")
    try:
        buildlock.acquire(lock, "output/")  # a second build in this process: no self-wait
        refused = other_process(output)
        assert refused.returncode == 3
        assert refused.stdout.startswith(
            f"build: another build (process {os.getpid()}) is writing into output/"
        )
    finally:
        buildlock.release(lock)
    assert other_process(output).stdout.strip() == "held"
    # ...and that process has ended: the kernel let go of its lock.
    assert other_process(output).stdout.strip() == "held"


def test_setting_pelican_up_to_serve_takes_no_lock(tmp_path):
    from pelican import Pelican
    from pelican.settings import read_settings

    (tmp_path / "content").mkdir()
    output = tmp_path / "output"
    override = {"PATH": str(tmp_path / "content"), "OUTPUT_PATH": str(output),
                "CACHE_PATH": str(tmp_path / "cache")}  # fmt: skip
    Pelican(read_settings(str(ROOT / "pelicanconf.py"), override=override))  # as --listen does
    assert other_process(output).stdout.strip() == "held"
