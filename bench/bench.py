"""Speed at campaign scale: this project against stock Pelican and Hugo, on the same corpus.

    .venv/bin/python bench/bench.py [--posts 1000 5000] [--repeat 3] [--json FILE]
                                    [--no-hugo] [--no-stock] [--keep DIR]

For each number of posts, a seeded corpus (bench/corpus.py: 600 words, 2 to 5 facts with
1 to 3 sources each, 1 to 4 topics) is written three ways into a temporary folder and
built there, each build in its own process, as an editor or CI would run it:

- this project, production settings (every plugin: cards, feeds, search index...), with
  the content cache `invoke publish` uses: cold (no output, no caches), cold with the card
  cache kept (CI's path), no change, one post edited, one new post; `invoke check`;
  and `invoke livereload`: a post saved, to its page reloaded in headless Chromium
  (bench/reload.py);
- stock Pelican 4 (no plugins, its default theme), cold and with its own cache after one
  post is edited;
- Hugo (Debian's package, installed with apt-get when missing and run as root), from an
  empty folder and warm, with a minimal layout: post, list, tag and RSS pages.

Every figure is wall time (the median of ``--repeat`` runs for the quick ones), with the
files each build wrote or rewrote (a file counts when its modification time or inode
changed), the cards it drew and its peak memory (the physical memory of the whole
process tree, each process's PSS so pages shared between the build and the card
workers it forks count once, sampled every 0.1 s).
Prints one table per size, with ratios and the issue's targets, and writes them all as
JSON. Timings depend on the machine and its load; the load average is printed with them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

import corpus  # noqa: E402

PYTHON = sys.executable
SITEURL = "https://bench.example.org"
# The figures for pelican-social-cards (one title-only card a post), not measured here.
SOCIAL_CARDS_COLD = {1000: 18.0, 5000: 85.0}

STOCK_SETTINGS = """\
AUTHOR = "Bench"
SITENAME = "Bench"
SITEURL = "{siteurl}"
PATH = "content"
ARTICLE_PATHS = ["posts"]
TIMEZONE = "Europe/London"
DEFAULT_LANG = "en"
DEFAULT_PAGINATION = 10
PLUGINS = []
FEED_ALL_RSS = "feeds/all.rss.xml"
TAG_FEED_RSS = "feeds/{{slug}}.rss.xml"
FEED_MAX_ITEMS = 20
"""

HUGO_CONFIG = """\
baseURL: {siteurl}/
title: Bench
languageCode: en-gb
paginate: 10
taxonomies:
  tag: tags
disableKinds: [sitemap, robotsTXT]
services:
  rss:
    limit: 20
"""
HUGO_LAYOUTS = {
    "_default/baseof.html": """<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title>
{{ with .OutputFormats.Get "rss" }}
<link rel="alternate" type="application/rss+xml" href="{{ .Permalink }}">{{ end }}
</head><body><header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a>
<a href="{{ "tags/" | relURL }}">Topics</a></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
""",
    "_default/single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>
{{ .Content }}
<p>{{ range .GetTerms "tags" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">Newer</a>{{ end }}
{{ with .NextInSection }}<a href="{{ .RelPermalink }}">Older</a>{{ end }}
</article>{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ $paged := .Paginate .Pages }}{{ range $paged.Pages }}<article>
<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p>{{ .Summary | plainify | truncate 200 }}</p>
</article>{{ end }}{{ template "_internal/pagination.html" . }}{{ end }}
""",
}


@dataclass
class Run:
    seconds: float
    peak_mb: float
    written: int = 0
    removed: int = 0
    cards_drawn: int = 0


@dataclass
class Row:
    key: str
    label: str
    runs: list[Run] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return statistics.median(run.seconds for run in self.runs)

    def summary(self) -> dict:
        middle = sorted(self.runs, key=lambda run: run.seconds)[(len(self.runs) - 1) // 2]
        return {
            "label": self.label,
            "seconds": round(self.seconds, 3),
            "all_seconds": [round(run.seconds, 3) for run in self.runs],
            "files_written": middle.written,
            "files_removed": middle.removed,
            "cards_drawn": middle.cards_drawn,
            "peak_mb": round(max(run.peak_mb for run in self.runs), 1),
        }


# --- Measuring one process ---------------------------------------------------------


def _memory(pid: int, page_size: int) -> int:
    """A process's share of physical memory: its PSS (a page shared by n processes counts
    1/n in each, so card workers forked from the build are not counted twice), or its
    resident size where the kernel does not give PSS."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as file:
            for line in file:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        with open(f"/proc/{pid}/statm", "rb") as file:
            return int(file.read().split()[1]) * page_size
    except (OSError, IndexError, ValueError):
        return 0


def _tree_memory(root: int) -> int:
    """Physical memory of ``root`` and all its descendants (see _memory), from /proc."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as file:
                fields = file.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
    family, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in family} - family
        family |= more
        grew = bool(more)
    page_size = os.sysconf("SC_PAGE_SIZE")
    return sum(_memory(pid, page_size) for pid in family)


def measure(command: list[str], cwd: Path, log: Path, env: dict | None = None) -> Run:
    """Run ``command`` to completion; its wall time and peak memory. Exits on failure."""
    environ = {**os.environ, **(env or {})}
    with open(log, "ab") as out:
        out.write(f"\n$ {' '.join(command)}\n".encode())
        out.flush()
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=out, env=environ)
        peak = 0
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.wait(0.1):
                peak = max(peak, _tree_memory(process.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        done.set()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        tail = "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-30:])
        sys.exit(f"failed ({process.returncode}): {' '.join(command)}\n{tail}")
    return Run(seconds=seconds, peak_mb=max(peak, usage.ru_maxrss * 1024) / 1e6)


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    found = {}
    if folder.is_dir():
        for path in folder.rglob("*"):
            if path.is_file():
                stat = path.stat()
                found[str(path.relative_to(folder))] = (stat.st_mtime_ns, stat.st_ino)
    return found


def changes(before: dict, after: dict) -> tuple[int, int]:
    written = sum(1 for path, stamp in after.items() if before.get(path) != stamp)
    return written, len(set(before) - set(after))


def count_files(folder: Path) -> int:
    return sum(1 for _ in folder.iterdir()) if folder.is_dir() else 0


# --- The three generators ----------------------------------------------------------


class Project:
    """This project's production build, with the content cache the tasks use."""

    def __init__(self, folder: Path, posts: list[corpus.Post]):
        from sitetools import reader_cache

        self.folder = folder
        self.content = corpus.write("project", posts, folder / "content")
        self.output = folder / "output"
        self.cards = folder / ".cache" / "cards"
        self.extra = reader_cache.settings(str(ROOT), str(folder / ".cache" / "pelican"), "bench")
        self.extra["CARDS_CACHE_PATH"] = str(self.cards)
        self.log = folder / "build.log"

    def build(self) -> Run:
        settings = [f"{key}={json.dumps(value)}" for key, value in self.extra.items()]
        command = [PYTHON, "-m", "pelican", str(self.content), "-o", str(self.output),
                   "-s", str(ROOT / "publishconf.py"), "-e", *settings]  # fmt: skip
        before, cards = snapshot(self.output), count_files(self.cards)
        run = measure(command, self.folder, self.log, {"SITEURL": SITEURL})
        run.written, run.removed = changes(before, snapshot(self.output))
        run.cards_drawn = count_files(self.cards) - cards
        return run

    def forget(self, cards: bool) -> None:
        shutil.rmtree(self.output, ignore_errors=True)
        shutil.rmtree(self.folder / ".cache" / "pelican", ignore_errors=True)
        if cards:
            shutil.rmtree(self.cards, ignore_errors=True)

    def check(self) -> Run:
        invoke = str(Path(PYTHON).parent / "invoke")
        return measure([invoke, "check", "--content", str(self.content)], ROOT, self.log)


class StockPelican:
    def __init__(self, folder: Path, posts: list[corpus.Post]):
        self.folder = folder
        corpus.write("pelican", posts, folder / "content")
        (folder / "pelicanconf.py").write_text(STOCK_SETTINGS.format(siteurl=SITEURL))
        self.log = folder / "build.log"

    def build(self, cached: bool) -> Run:
        extra = ["-e", "CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true"] if cached else []
        command = [PYTHON, "-m", "pelican", "content", "-o", "output", "-s", "pelicanconf.py"]
        before = snapshot(self.folder / "output")
        run = measure(command + extra, self.folder, self.log)
        run.written, run.removed = changes(before, snapshot(self.folder / "output"))
        return run

    def forget(self) -> None:
        for name in ("output", "cache"):
            shutil.rmtree(self.folder / name, ignore_errors=True)


class Hugo:
    def __init__(self, folder: Path, posts: list[corpus.Post]):
        self.folder = folder
        corpus.write("hugo", posts, folder / "content")
        (folder / "config.yaml").write_text(HUGO_CONFIG.format(siteurl=SITEURL))
        for name, text in HUGO_LAYOUTS.items():
            path = folder / "layouts" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        self.log = folder / "build.log"

    def build(self) -> Run:
        before = snapshot(self.folder / "public")
        run = measure(["hugo", "--quiet"], self.folder, self.log)
        run.written, run.removed = changes(before, snapshot(self.folder / "public"))
        return run

    def forget(self) -> None:
        for name in ("public", "resources", ".hugo_build.lock"):
            shutil.rmtree(self.folder / name, ignore_errors=True)

    @staticmethod
    def ensure() -> str | None:
        """Hugo's version, installing Debian's package when it is missing; None if impossible."""
        if not shutil.which("hugo") and shutil.which("apt-get") and os.geteuid() == 0:
            quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
            subprocess.run(["apt-get", "update", "-qq"], check=False, **quiet)
            subprocess.run(
                ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "hugo"],
                check=False,
                env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
                **quiet,
            )
        if not shutil.which("hugo"):
            return None
        said = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout
        return said.split()[1] if said else "unknown"


# --- One size ----------------------------------------------------------------------


def edit(path: Path, number: int) -> None:
    """A one-sentence correction at the end of a post's body, as an editor makes it."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text + f"\nUpdated: a sentence added by edit {number}.\n", encoding="utf-8")


def new_post(posts: list[corpus.Post], number: int) -> corpus.Post:
    fresh = corpus.make_posts(1, seed=1000 + number)[0]
    fresh.number = len(posts) + number
    fresh.title = f"Breaking: {fresh.title} ({number})"
    fresh.date = posts[-1].date + timedelta(minutes=30 + number)
    return fresh


def reload_times(project: Project, post: corpus.Post, repeat: int) -> dict:
    """`invoke livereload` on the project's content: save to page reloaded (bench/reload.py)."""
    saved = corpus.path_of("project", post, project.content)
    command = [PYTHON, str(HERE / "reload.py"), str(project.content),
               str(project.folder / "livereload-output"), str(project.folder / ".cache"),
               str(saved), "--repeat", str(repeat)]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    with open(project.log, "a", encoding="utf-8") as log:
        log.write(done.stderr)
    if done.returncode != 0:
        raise SystemExit(f"bench/reload.py failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def bench_size(count: int, workdir: Path, repeat: int, stock: bool, hugo: bool) -> dict:
    posts = corpus.make_posts(count)
    rows: dict[str, Row] = {}

    def row(key: str, label: str) -> Row:
        return rows.setdefault(key, Row(key, label))

    print(f"\n{count} posts: building (load average {os.getloadavg()[0]:.1f}) ...", flush=True)
    project = Project(workdir / "project", posts)
    project.forget(cards=True)
    row("cold", "this project: cold, no caches").runs.append(project.build())
    project.forget(cards=False)
    row("cold_cards_kept", "this project: cold, card cache kept").runs.append(project.build())
    middle = posts[len(posts) // 2]
    for attempt in range(repeat):
        row("no_change", "this project: no-change rebuild").runs.append(project.build())
        edit(corpus.path_of("project", middle, project.content), attempt)
        row("edit", "this project: one post edited").runs.append(project.build())
        fresh = new_post(posts, attempt)
        path = corpus.path_of("project", fresh, project.content)
        path.write_text(corpus.project_text(fresh), encoding="utf-8")
        row("new_post", "this project: one new post").runs.append(project.build())
        row("check", "this project: invoke check").runs.append(project.check())

    rows_extra = {"livereload": reload_times(project, middle, repeat)}

    if stock:
        site = StockPelican(workdir / "pelican", posts)
        for _ in range(repeat):
            site.forget()
            row("stock_cold", "stock Pelican: cold").runs.append(site.build(cached=False))
        site.forget()
        site.build(cached=True)
        for attempt in range(repeat):
            edit(corpus.path_of("pelican", middle, site.folder / "content"), attempt)
            row("stock_edit", "stock Pelican: warm cache, one post edited").runs.append(
                site.build(cached=True)
            )
    if hugo:
        site = Hugo(workdir / "hugo", posts)
        for _ in range(repeat):
            site.forget()
            row("hugo_empty", "Hugo: full build from empty").runs.append(site.build())
            row("hugo_warm", "Hugo: full build, warm").runs.append(site.build())

    result = {key: r.summary() for key, r in rows.items()} | rows_extra
    cards = result["cold"]["cards_drawn"]
    drawing = result["cold"]["seconds"] - result["cold_cards_kept"]["seconds"]
    result["cards_per_second"] = round(cards / drawing, 1) if drawing > 0 else None
    return {"posts": count, "rows": result, "targets": targets(count, result)}


def targets(count: int, rows: dict) -> list[dict]:
    """The issue's targets that this size can be held to: what, the figure, met or not."""

    def target(what: str, figure, met: bool | None) -> dict:
        return {"target": what, "figure": figure, "met": met}

    found = []
    edit_seconds = rows["edit"]["seconds"]
    if count in (1000, 5000):
        limit = 1.0 if count == 1000 else 3.0
        found.append(target(f"one post edited ≤ {limit} s", edit_seconds, edit_seconds <= limit))
    if count >= 5000 and "hugo_empty" in rows:
        hugo = rows["hugo_empty"]["seconds"]
        found.append(
            target("one post edited < Hugo's full build", edit_seconds, edit_seconds < hugo)
        )
    quiet = rows["no_change"]
    found.append(
        target(
            "no change: 0 cards drawn, 0 files rewritten",
            f"{quiet['cards_drawn']} cards, {quiet['files_written']} files",
            quiet["cards_drawn"] == 0 and quiet["files_written"] == 0,
        )
    )
    if count in SOCIAL_CARDS_COLD:
        cold = rows["cold"]["seconds"]
        found.append(
            target(
                f"cold ≤ pelican-social-cards cold ({SOCIAL_CARDS_COLD[count]} s, issue's figure)",
                cold,
                cold <= SOCIAL_CARDS_COLD[count],
            )
        )
    if "stock_cold" in rows:
        ratio = rows["cold_cards_kept"]["seconds"] / rows["stock_cold"]["seconds"]
        found.append(
            target("card cache kept ≤ 1.3 × stock Pelican cold", round(ratio, 2), ratio <= 1.3)
        )
    if count == 1000:
        reload = rows["livereload"]["reload"]
        found.append(target("livereload: save to page reloaded ≤ 0.5 s", reload, reload <= 0.5))
        check = rows["check"]["seconds"]
        found.append(target("invoke check ≤ 1.0 s", check, check <= 1.0))
    if count >= 5000:
        ours = ("cold", "cold_cards_kept", "no_change", "edit", "new_post")
        peak = max(rows[key]["peak_mb"] for key in ours)
        found.append(target("peak memory ≤ 500 MB", peak, peak <= 500))
    return found


# --- Reporting ---------------------------------------------------------------------


def table(size: dict) -> str:
    rows = size["rows"]
    stock = rows.get("stock_cold", {}).get("seconds")
    hugo = rows.get("hugo_empty", {}).get("seconds")
    lines = [
        f"### {size['posts']} posts",
        "",
        "| build | seconds | × stock Pelican cold | × Hugo from empty | files written "
        "| cards drawn | peak MB |",
        "|---|--:|--:|--:|--:|--:|--:|",
    ]
    for data in rows.values():
        if not isinstance(data, dict) or "label" not in data:
            continue  # not a build: cards per second, livereload's own figures
        ratio_stock = f"{data['seconds'] / stock:.2f}" if stock else "–"
        ratio_hugo = f"{data['seconds'] / hugo:.2f}" if hugo else "–"
        lines.append(
            f"| {data['label']} | {data['seconds']:.2f} | {ratio_stock} | {ratio_hugo} | "
            f"{data['files_written']} | {data['cards_drawn']} | {data['peak_mb']:.0f} |"
        )
    live = rows["livereload"]
    lines += [
        "",
        f"Cards drawn per second (cold): {rows['cards_per_second']}",
        "",
        f"livereload: save to page reloaded {live['reload']:.2f} s ({live['timed_to']}; "
        f"runs {', '.join(f'{r:.2f}' for r in live['reloads'])}); full build after the save "
        f"{live['rebuilt']:.2f} s; first build on start {live['first_build']:.1f} s",
        "",
    ]
    if size["targets"]:
        lines += ["| target | figure | met |", "|---|--:|:-:|"]
        for item in size["targets"]:
            met = {True: "yes", False: "**no**", None: "–"}[item["met"]]
            lines.append(f"| {item['target']} | {item['figure']} | {met} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each quick build")
    parser.add_argument("--json", type=Path, default=None, help="where to write the results")
    parser.add_argument("--no-hugo", action="store_true")
    parser.add_argument("--no-stock", action="store_true")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    args = parser.parse_args()

    hugo = None if args.no_hugo else Hugo.ensure()
    if not args.no_hugo and hugo is None:
        print("Hugo is not installed and could not be: its columns are left out.")
    report = {
        "machine": {
            "cores": len(os.sched_getaffinity(0)),
            "load_average_at_start": os.getloadavg()[0],
            "python": platform.python_version(),
            "hugo": hugo,
            "pelican": _version("pelican"),
        },
        "repeat": args.repeat,
        "sizes": [],
    }
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        for count in args.posts:
            workdir = folder / str(count)
            shutil.rmtree(workdir, ignore_errors=True)
            size = bench_size(count, workdir, args.repeat, not args.no_stock, hugo is not None)
            report["sizes"].append(size)
            print(table(size), flush=True)  # the benchmark's output, not a diagnostic
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    report["machine"]["load_average_at_end"] = os.getloadavg()[0]
    print(f"\nLoad average: {report['machine']['load_average_at_start']:.1f} at the start, "
          f"{report['machine']['load_average_at_end']:.1f} at the end, on "
          f"{report['machine']['cores']} cores.")  # fmt: skip
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
        print(f"Written to {args.json}")
    return 0


def _version(package: str) -> str:
    from importlib.metadata import version

    return version(package)


if __name__ == "__main__":
    sys.exit(main())
