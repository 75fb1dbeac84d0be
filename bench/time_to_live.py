"""Time to live: from a new post file to a deployable output/, as an editor and as CI.

    .venv/bin/python bench/time_to_live.py [--runs 3] [--posts 0]

Works on copies in a temporary folder; this checkout is never touched. For each run, a
new published rebuttal is written, then `invoke publish` (build, post-build checks,
swap) is timed:

- warm: in a checkout that has published before, caches kept (the editor's path);
- cold: in a fresh copy with no output/ and no .cache/ (CI's path on a new runner).

The deploy to a local bare git repository is timed as well (publish + push, warm).
``--posts N`` adds N generated rebuttals to the example content, to see how time grows
with the archive. Prints the median and the fastest of the runs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CODE = ["tasks.py", "pelicanconf.py", "publishconf.py", "site.toml", "requirements.txt", "plugins",
        "theme", "sitetools", "content"]  # fmt: skip
BIN = Path(sys.executable).parent

NEW_POST = """---
title: Breaking rebuttal number {n}
date: {date}
claim: A claim made minutes ago, number {n}.
claimant: The Blue Party
verdict: false
facts:
  - fact: The figure they quoted is from a report that says the opposite.
    source: https://www.example.org/report-{n}
---
What is true, in two short paragraphs. Number {n}.
"""


def copy_project(destination: Path, extra_posts: int) -> Path:
    destination.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in CODE:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=ignore)
        else:
            shutil.copy2(source, destination / name)
    for n in range(extra_posts):
        date = datetime(2026, 1, 1, 9, 0) + timedelta(hours=n)
        text = NEW_POST.format(n=f"archive-{n}", date=f"{date:%Y-%m-%d %H:%M}")
        (destination / f"content/posts/archive-{n:05d}.md").write_text(text, encoding="utf-8")
    return destination


def new_post(project: Path, n: int) -> None:
    date = datetime.now(UTC) - timedelta(minutes=1)
    text = NEW_POST.format(n=n, date=date.isoformat(timespec="minutes"))
    (project / f"content/posts/breaking-{n}.md").write_text(text, encoding="utf-8")


def timed(project: Path, *task: str, **env: str) -> float:
    environ = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", **env}
    started = time.perf_counter()
    result = subprocess.run(
        [str(BIN / "invoke"), *task], cwd=project, capture_output=True, text=True, env=environ
    )
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        said = "\n".join((result.stdout + result.stderr).splitlines()[-20:])
        sys.exit(f"invoke {' '.join(task)} failed:\n{said}")
    return seconds


def report(label: str, seconds: list[float]) -> None:
    print(f"{label:<44} median {statistics.median(seconds):6.2f} s   fastest {min(seconds):6.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--posts", type=int, default=0, help="extra archive posts")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        warm = copy_project(folder / "warm", args.posts)
        subprocess.run(["git", "init", "--quiet", "--bare", str(folder / "live.git")], check=True)
        remote = {"DEPLOY_GH_PAGES_REMOTE": str(folder / "live.git")}
        timed(warm, "deploy", "--to", "gh-pages", **remote)  # warms output/, caches, the repo
        posts = len(list((warm / "content/posts").glob("*.md")))
        print(f"{posts} posts in the content; {args.runs} runs each.\n")

        check, warm_publish, warm_deploy, cold_publish = [], [], [], []
        for run in range(args.runs):
            new_post(warm, 2 * run)
            check.append(timed(warm, "check"))
            warm_publish.append(timed(warm, "publish"))
            new_post(warm, 2 * run + 1)
            warm_deploy.append(timed(warm, "deploy", "--to", "gh-pages", **remote))

            cold = copy_project(folder / f"cold-{run}", args.posts)
            new_post(cold, 1000 + run)
            cold_publish.append(timed(cold, "publish"))

        report("check (the editor's pre-commit)", check)
        report("new post -> output/, warm cache (editor)", warm_publish)
        report("new post -> pushed, warm cache (deploy)", warm_deploy)
        report("new post -> output/, cold checkout (CI)", cold_publish)


if __name__ == "__main__":
    main()
