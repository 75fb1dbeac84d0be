"""The golden site: a small fixture built with production settings and kept as expected output.

Regenerate with `python3 dev.py golden` and review the change as a diff.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sites import ROOT, Site

FIXTURE = ROOT / "tests/fixtures/golden_site"
EXPECTED = ROOT / "tests/golden/expected"
SITEURL = "https://golden.example.org"
# Fixed here like SITEURL, so a FEEDS_HUB in the environment cannot change the output.
FEEDS_HUB = "https://hub.golden.example.org/"


def build_golden(workdir: Path) -> Site:
    """Build a copy of the fixture with production settings and a fixed address."""
    site = Site(workdir)
    shutil.copytree(FIXTURE, site.content)
    # The search index is tested in the browser; its binary files stay out of the goldens.
    site.build("publishconf.py", SITEURL=SITEURL, FEEDS_HUB=FEEDS_HUB, SEARCH_INDEX=False)
    return site


def snapshot(output: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(output)): path.read_bytes()
        for path in sorted(output.rglob("*"))
        if path.is_file()
    }


def regenerate(workdir: Path) -> None:
    site = build_golden(workdir)
    shutil.rmtree(EXPECTED, ignore_errors=True)
    shutil.copytree(site.output, EXPECTED)
    # The fixture's ledger is part of the fixture: keep the one the build recorded.
    shutil.copy(site.content / "published.json", FIXTURE / "published.json")
