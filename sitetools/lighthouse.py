"""Lighthouse (mobile) on the example site: prints the four scores, fails under the target.

    python3 dev.py lighthouse        # or: .venv/bin/python sitetools/lighthouse.py

Builds the example site for production at a local address, serves it on
127.0.0.1 and runs the pinned Lighthouse from sitetools/npm/lighthouse/node_modules
(`npm ci --prefix sitetools/npm/lighthouse` installs it) in Debian's Chromium.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # its test helpers: the example site, Chromium

from browser import CHROMIUM, CHROMIUM_ARGS, StaticServer  # noqa: E402
from sites import example_site  # noqa: E402

LIGHTHOUSE = ROOT / "sitetools/npm/lighthouse/node_modules/.bin/lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
TARGET = 0.95
PAGES = {
    "home": "/",
    "rebuttal": "/2026/09/no-we-are-not-scrapping-free-bus-passes-for-pensioners/",
}


def run_lighthouse(url: str, report: Path) -> dict[str, float]:
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    subprocess.run(
        [
            str(LIGHTHOUSE), url,
            "--quiet", "--output=json", f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={flags}",
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        check=True,
    )  # fmt: skip
    data = json.loads(report.read_text())
    return {name: data["categories"][name]["score"] for name in CATEGORIES}


def main() -> int:
    if not LIGHTHOUSE.exists():
        print(
            "Lighthouse is not installed: npm ci --prefix sitetools/npm/lighthouse", file=sys.stderr
        )
        return 2
    server = StaticServer()
    with tempfile.TemporaryDirectory() as workdir:
        site = example_site(Path(workdir))
        site.build("publishconf.py", SITEURL=server.url)
        server.serve(site.output)
        failed = False
        print(f"{'page':<10}" + "".join(f"{name:>16}" for name in CATEGORIES))
        for name, path in PAGES.items():
            scores = run_lighthouse(server.url + path, Path(workdir) / f"{name}.json")
            print(f"{name:<10}" + "".join(f"{scores[c]:>16.2f}" for c in CATEGORIES))
            failed |= any(score is None or score < TARGET for score in scores.values())
        server.close()
    if failed:
        print(f"Below the target of {TARGET} in at least one category.", file=sys.stderr)
        return 1
    print(f"Every score is at or above {TARGET}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
