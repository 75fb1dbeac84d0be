"""Benchmark: share cards per second, cold (empty cache) and cached (nothing changed).

    .venv/bin/python bench/cards.py [--posts 200] [--seed 1]

Writes N generated posts (long and short claims in English, Welsh and Polish, with
curly quotes, pound signs and emoji) into a temporary folder, builds the site twice
with the production settings, and prints the timings and the card sizes. Nothing
in the project is touched; the figures vary with the machine and its load.
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

import yaml  # noqa: E402
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    with tempfile.TemporaryDirectory() as workdir:
        folder = Path(workdir)
        write_posts(folder / "content", args.posts, args.seed)
        cold = build(folder)
        cards = sorted((folder / "output" / "cards").iterdir())
        cached = build(folder)
        count = len(cards)
        report = {
            "posts": args.posts,
            "cards": count,
            "cold build (s)": f"{cold:.2f}",
            "cold cards per second": f"{count / cold:.1f}",
            "cached build (s)": f"{cached:.2f}",
            "cached cards per second": f"{count / cached:.1f}",
            "cores": len(os.sched_getaffinity(0)),
        }
        for design in ("landscape", "square"):
            sizes = [p.stat().st_size for p in cards if f"-{design}." in p.name]
            kinds = sorted({p.suffix for p in cards if f"-{design}." in p.name})
            report[f"{design} KB (median / max)"] = (
                f"{statistics.median(sizes) / 1000:.0f} / {max(sizes) / 1000:.0f} "
                f"({', '.join(kinds)})"
            )
    width = max(map(len, report))
    for key, value in report.items():
        print(f"{key:<{width}}  {value}")  # the benchmark's output, not a diagnostic
    return 0


if __name__ == "__main__":
    sys.exit(main())
