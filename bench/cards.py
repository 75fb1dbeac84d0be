"""Benchmark: share cards per second, and what drawing them adds to a cold build.

    .venv/bin/python bench/cards.py [--posts 200] [--seed 1] [--builds 1000 5000]

Cards per second: writes N generated posts (long and short claims in English, Welsh
and Polish, with curly quotes, pound signs and emoji) into a temporary folder, builds
the site in this process with the production settings, and times the drawing of the
cards (on every core, from the first post read to the last card done); prints it with
the card sizes. Builds: for each number
given to ``--builds``, the corpus of bench/bench.py is built as there, each build in
its own process: cold (no output, no caches), then with only the card cache kept
(CI's path), and the ratio of the two (issue 19's target: at most 2.0 at 1,000
posts). Nothing in the project is touched; the figures vary with the machine and
its load (printed with them).
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# This script is named cards.py, and Python puts its own folder first on the path:
# the plugins must come before it, or `cards` is this file.
sys.path.insert(0, str(ROOT / "plugins"))

import yaml  # noqa: E402
from cards import card_cache  # noqa: E402
from pelican import Pelican  # noqa: E402
from pelican.settings import read_settings  # noqa: E402

# Words to draw from, separated by spaces.
WORDS = (
    "the council tax bill for every family in Exampleton will rise by £1,200 next year "
    "under their “fully costed” plans while Tŷ Gwyn clinic in Aberdŵr closes its doors "
    "and Łódź żółć gęślą jaźń zażółć the minister’s promise 🚀 was broken again 👍🏽 "
    "waiting lists teachers buses energy bills parking charges deposit return scheme"
)
VERDICTS = ("false", "misleading", "missing-context", "exaggerated", "unsupported")


def sentence(chance: random.Random, length: int) -> str:
    text = ""
    while len(text) < length:
        text = f"{text} {chance.choice(WORDS.split())}".strip()
    return text[:length].rstrip() + "."


def write_posts(content: Path, count: int, seed: int) -> None:
    chance = random.Random(seed)
    posts = content / "posts"
    posts.mkdir(parents=True)
    for number in range(count):
        front = {
            "title": sentence(chance, chance.randint(20, 199)),
            "date": f"2025-{1 + number % 12:02d}-{1 + number % 28:02d} {number % 24:02d}:00",
            "slug": f"post-{number}",
        }
        if number % 4:
            front |= {
                "claim": sentence(chance, chance.choice((30, 80, 160, 299))),
                "claimant": sentence(chance, chance.randint(8, 60)).rstrip("."),
                "verdict": chance.choice(VERDICTS),
                "facts": [
                    {
                        "fact": sentence(chance, chance.randint(40, 250)),
                        "source": "https://example.org/",
                    }
                ],
            }
        text = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000)
        (posts / f"post-{number}.md").write_text(f"---\n{text}---\nBody.\n", encoding="utf-8")


def build(folder: Path) -> float:
    settings = read_settings(
        str(ROOT / "publishconf.py"),
        override={
            "PATH": str(folder / "content"),
            "OUTPUT_PATH": str(folder / "output"),
            "CACHE_PATH": str(folder / "cache" / "pelican"),
            "CARDS_CACHE_PATH": str(folder / "cache" / "cards"),
            "SITEURL": "https://bench.example.org",
        },
    )
    start = time.perf_counter()
    Pelican(settings).run()
    return time.perf_counter() - start


def timing_the_drawing() -> list[tuple[float, float]]:
    """Each drawing of cards from now on: its wall time, from its first card begun (as
    the first post is read) to its last one done, and the processor time of the
    processes that drew them, which a machine busy with other work changes less."""
    spent: list[tuple[float, float]] = []
    begun: dict[int, tuple[float, float]] = {}
    start, finish = card_cache.Drawing.start, card_cache.Drawing.finish

    def workers() -> float:
        used = resource.getrusage(resource.RUSAGE_CHILDREN)  # the pool ends in finish()
        return used.ru_utime + used.ru_stime

    def timed_start(self, *args, **kwargs):
        begun.setdefault(id(self), (time.perf_counter(), workers()))
        return start(self, *args, **kwargs)

    def timed_finish(self):
        try:
            return finish(self)
        finally:
            if id(self) in begun:
                wall, used = begun.pop(id(self))
                spent.append((time.perf_counter() - wall, workers() - used))

    card_cache.Drawing.start, card_cache.Drawing.finish = timed_start, timed_finish
    return spent


def cards_per_second(count: int, seed: int) -> dict:
    spent = timing_the_drawing()
    cores = len(os.sched_getaffinity(0))
    with tempfile.TemporaryDirectory() as workdir:
        folder = Path(workdir)
        write_posts(folder / "content", count, seed)
        cold = build(folder)
        cards = sorted((folder / "output" / "cards").iterdir())
        drawing, used = (sum(column) for column in zip(*spent, strict=True))
        report = {
            "posts": count,
            "cards drawn": len(cards),
            "cold build (s)": f"{cold:.2f}",
            "drawing the cards (s)": f"{drawing:.2f} (from the first post read)",
            "cold cards per second": f"{len(cards) / drawing:.1f}",
            "processor time a card (ms)": f"{1000 * used / len(cards):.1f} (drawing processes)",
            "cores": cores,
            "load average": f"{os.getloadavg()[0]:.1f}",
        }
        for design in ("landscape", "square"):
            sizes = [p.stat().st_size for p in cards if f"-{design}." in p.name]
            kinds = sorted({p.suffix for p in cards if f"-{design}." in p.name})
            report[f"{design} KB (median / max)"] = (
                f"{statistics.median(sizes) / 1000:.0f} / {max(sizes) / 1000:.0f} "
                f"({', '.join(kinds)})"
            )
    return report


def children_processor() -> float:
    """Processor seconds of the processes this one has waited for (and theirs)."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def cold_builds(count: int) -> dict:
    """bench/bench.py's corpus and build: cold, then with only the card cache kept.

    Each build's processor time is given beside its wall time: on a machine shared
    with other work the wall times swing with the load, the processor times much less.
    Drawing runs on every core while the rest of the build runs mostly on one, so on
    an idle machine of c cores the cold build would take about the kept one plus the
    extra processor time over c: the estimate printed.
    """
    import bench  # bench/bench.py, beside this file

    cores = len(os.sched_getaffinity(0))
    with tempfile.TemporaryDirectory() as workdir:
        project = bench.Project(Path(workdir) / "project", bench.corpus.make_posts(count))
        load = os.getloadavg()[0]
        project.forget(cards=True)
        used = children_processor()
        cold = project.build()
        cold_cpu = children_processor() - used
        project.forget(cards=False)
        used = children_processor()
        kept = project.build()
        kept_cpu = children_processor() - used
    idle = (kept_cpu + (cold_cpu - kept_cpu) / cores) / kept_cpu
    return {
        f"{count} posts: cold build (s)": f"{cold.seconds:.1f} wall, {cold_cpu:.1f} processor"
        f" ({cold.cards_drawn} cards drawn)",
        f"{count} posts: card cache kept (s)": f"{kept.seconds:.1f} wall, {kept_cpu:.1f} processor",
        f"{count} posts: cold / card cache kept": f"{cold.seconds / kept.seconds:.2f} wall, "
        f"{cold_cpu / kept_cpu:.2f} processor, {idle:.2f} estimated on {cores} idle cores",
        f"{count} posts: load average at start, end": f"{load:.1f}, {os.getloadavg()[0]:.1f}",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--builds", type=int, nargs="*", default=[], metavar="POSTS")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    report = cards_per_second(args.posts, args.seed)
    for count in args.builds:
        report |= cold_builds(count)
    width = max(map(len, report))
    for key, value in report.items():
        print(f"{key:<{width}}  {value}")  # the benchmark's output, not a diagnostic
    return 0


if __name__ == "__main__":
    sys.exit(main())
