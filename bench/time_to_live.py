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

    .venv/bin/python bench/time_to_live.py --clone 1000 5000 [--json FILE] [--smoke]

The whole path from a push to live, as CI runs it (docs/path-to-live.md): a project
with N generated posts (bench/corpus.py) in a git repository, deployed once to a local
bare repository standing for GitHub; then one new post is pushed, and in a fresh clone
`invoke check` and `invoke deploy --to gh-pages` (until it says the push is done: the
WebSub ping after it is shown apart, as ``with_ping_s``) are timed, first with `.cache/`
restored (copied back with its dates, as GitHub's cache restores it), then, after
another new post, with no `.cache/` (an evicted cache: the deploy starts from the live
branch). Beside it: `invoke publish` after one new post in a warm checkout, and Hugo's
full build of the same posts, in the same run. ``--smoke``: 30 posts, once (CI).
"""

from __future__ import annotations

import argparse
import json
import os
import re
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
SITEURL = "https://bench.example.org"

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


# --- The whole path: fresh clone, check, deploy ------------------------------------------


def git(cwd: Path, *args: str) -> str:
    who = {"NAME": "Bench", "EMAIL": "bench@example.org"}
    environ = {**os.environ, **{f"GIT_{role}_{k}": v for role in ("AUTHOR", "COMMITTER")
                                for k, v in who.items()}}  # fmt: skip
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=environ)
    if done.returncode != 0:
        sys.exit(f"git {' '.join(args)} failed: {done.stderr}")
    return done.stdout


# What a deploy says once the push is done: the site is live from then on.
PUSHED = ("Deployed to ", "already has this build")


def invoke(project: Path, *task: str, **env: str) -> tuple[float, str]:
    """Run a task in ``project``; (seconds, what it said). For a deploy, the seconds are
    until it said the push was done (the WebSub ping that follows is timed apart)."""
    environ = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", **env}
    environ.pop("GITHUB_SHA", None)
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(BIN / "invoke"), *task], cwd=project, env=environ, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    lines, pushed = [], None
    for line in process.stdout:
        lines.append(line)
        if pushed is None and line.startswith(PUSHED):
            pushed = time.perf_counter() - started
    process.wait()
    seconds = time.perf_counter() - started
    said = "".join(lines)
    if process.returncode != 0:
        sys.exit(f"invoke {' '.join(task)} failed:\n" + "\n".join(said.splitlines()[-20:]))
    if pushed is not None:
        said += f"\n(bench: the push was done at {pushed:.2f} s of {seconds:.2f} s)"
        return pushed, said
    return seconds, said


def parts(said: str) -> dict:
    """Where a deploy's time went, from what it said: Pelican's build, the whole publish
    (build, checks, swap), and the pages rendered and files written."""
    flat = " ".join(said.split())
    found = {}
    if match := re.search(r"pages and \d+ draft pages in ([\d.]+) seconds", flat):
        found["pelican_s"] = float(match.group(1))
    if match := re.search(r"Published \d+ pages into output/ in ([\d.]+) s", flat):
        found["publish_s"] = float(match.group(1))
    if match := re.search(r"Output: ([\d,]+) files written", flat):
        found["written"] = int(match.group(1).replace(",", ""))
    if match := re.search(r"\((\d+) cards taken\)", flat):
        found["cards_taken"] = int(match.group(1))
    if match := re.search(r"the push was done at [\d.]+ s of ([\d.]+) s", flat):
        found["with_ping_s"] = float(match.group(1))
    return found


def load() -> str:
    return " ".join(f"{n:.2f}" for n in os.getloadavg())


def push_post(origin: Path, n: int) -> None:
    new_post(origin, n)
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", f"A new rebuttal, number {n}")


def fresh_clone(origin: Path, checkout: Path) -> None:
    """A fresh clone, always at the same path (as on GitHub's runners: caches hold paths)."""
    shutil.rmtree(checkout, ignore_errors=True)
    git(origin.parent, "clone", "-q", str(origin), str(checkout))


def whole_path(count: int, workdir: Path, hugo: bool) -> dict:
    sys.path.insert(0, str(ROOT / "bench"))
    import corpus

    origin, checkout, bare = workdir / "origin", workdir / "checkout", workdir / "live.git"
    origin.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in CODE[:-1]:  # the code, settings and theme; the content is generated
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, origin / name, ignore=ignore)
        else:
            shutil.copy2(source, origin / name)
    (origin / ".gitignore").write_text(".cache/\noutput/\n/.output-*/\n/.output.lock\n")
    posts = corpus.make_posts(count)
    corpus.write("project", posts, origin / "content")
    git(origin, "init", "-q", "-b", "main")
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "The site")
    git(workdir, "init", "-q", "--bare", str(bare))
    # No WebSub hub: the bench machine has no network, and the ping is not the path.
    remote = {"DEPLOY_GH_PAGES_REMOTE": str(bare), "SITEURL": SITEURL, "FEEDS_HUB": ""}
    row = {"posts": count}

    # The first deploy (everything drawn); CI commits the ledger back, as the workflow does.
    fresh_clone(origin, checkout)
    row["first_deploy_s"], _ = invoke(checkout, "deploy", "--to", "gh-pages", **remote)
    shutil.copy2(checkout / "content/published.json", origin / "content/published.json")
    git(origin, "add", "-A")
    if git(origin, "status", "--porcelain").strip():
        git(origin, "commit", "-q", "-m", "Record published addresses")
    kept = workdir / "kept-cache"
    shutil.copytree(checkout / ".cache", kept, symlinks=True)  # copy2: dates kept

    # One new post pushed; a fresh clone with .cache/ restored: check, then deploy.
    push_post(origin, 1)
    fresh_clone(origin, checkout)
    shutil.copytree(kept, checkout / ".cache", symlinks=True)
    row["load_warm"] = load()
    row["warm_check_s"], _ = invoke(checkout, "check")
    row["warm_deploy_s"], said = invoke(checkout, "deploy", "--to", "gh-pages", **remote)
    row["warm_path_s"] = row["warm_check_s"] + row["warm_deploy_s"]
    row["warm_parts"] = parts(said)

    # The editor's publish after one new post, in that warm checkout.
    new_post(checkout, 2)
    row["load_publish"] = load()
    row["publish_one_post_s"], said = invoke(checkout, "publish", **remote)
    row["publish_parts"] = parts(said)

    # Another post pushed; a fresh clone with no .cache/: the deploy starts from live.
    push_post(origin, 3)
    fresh_clone(origin, checkout)
    row["load_cold"] = load()
    row["cold_check_s"], _ = invoke(checkout, "check")
    row["cold_deploy_s"], said = invoke(checkout, "deploy", "--to", "gh-pages", **remote)
    row["cold_path_s"] = row["cold_check_s"] + row["cold_deploy_s"]
    row["cold_parts"] = parts(said)

    if hugo and shutil.which("hugo"):
        from bench import Hugo

        site = Hugo(workdir / "hugo", posts)
        runs = []
        for _ in range(3):
            site.forget()
            runs.append(site.build().seconds)
        row["hugo_full_s"] = statistics.median(runs)
        row["load_hugo"] = load()
        row["publish_to_hugo"] = row["publish_one_post_s"] / row["hugo_full_s"]
    return row


def print_path(row: dict) -> None:
    count = row["posts"]
    print(f"\n{count:,} posts (load average at each step: {row['load_warm']} / "
          f"{row['load_cold']})")  # fmt: skip
    lines = [
        ("first deploy, nothing cached", row["first_deploy_s"]),
        ("fresh clone, .cache/ restored: check", row["warm_check_s"]),
        ("  deploy --to gh-pages, until pushed", row["warm_deploy_s"]),
        ("  whole path (target 10 s at 1,000)", row["warm_path_s"]),
        ("warm checkout: publish after one post", row["publish_one_post_s"]),
        ("fresh clone, no .cache/: check", row["cold_check_s"]),
        ("  deploy (from live), until pushed", row["cold_deploy_s"]),
        ("  whole path (target 30 s at 1,000)", row["cold_path_s"]),
    ]
    if "hugo_full_s" in row:
        lines.append(("Hugo, full build of the same posts", row["hugo_full_s"]))
    for label, seconds in lines:
        print(f"{label:<44} {seconds:7.2f} s")
    if "publish_to_hugo" in row:
        print(f"{'publish / Hugo (target 1.3 at 1,000)':<44} {row['publish_to_hugo']:7.2f}")
    for name in ("warm_parts", "publish_parts", "cold_parts"):
        print(f"{name}: {row[name]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--posts", type=int, default=0, help="extra archive posts")
    parser.add_argument(
        "--clone", type=int, nargs="+", metavar="POSTS", help="time the path from a push"
    )
    parser.add_argument("--smoke", action="store_true", help="the whole path at 30 posts")
    parser.add_argument("--no-hugo", action="store_true")
    parser.add_argument("--json", help="write the figures of --clone here")
    args = parser.parse_args()
    if args.smoke or args.clone:
        rows = []
        for count in [30] if args.smoke else args.clone:
            with tempfile.TemporaryDirectory() as folder:
                rows.append(whole_path(count, Path(folder), not args.no_hugo))
            print_path(rows[-1])
        if args.json:
            Path(args.json).parent.mkdir(parents=True, exist_ok=True)
            Path(args.json).write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
        return
    editor_and_ci(args)


def editor_and_ci(args) -> None:
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
