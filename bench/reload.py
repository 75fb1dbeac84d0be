"""How long an editor waits under `invoke livereload`: from a save to the page reloaded.

    .venv/bin/python bench/reload.py CONTENT OUTPUT CACHE POST [--repeat 3]

Runs what `invoke livereload` runs (sitetools/livesite.py and livereload.py: the site
kept in this process, its server, the file watcher) on CONTENT, opens POST's page in
headless Chromium, and saves POST ``--repeat`` times, an added sentence each time. For
each save it times, from the moment the file is written:

- ``reload``: until Chromium has loaded the page again (the page's load event);
- ``rebuilt``: until the full build after it has finished (listings, feeds, cards and
  the search index rewritten).

Prints the figures as one JSON object. Without Chromium (a developer's machine), the
reload is timed to the moment the server announces the post's page rewritten instead,
and the JSON says so. bench.py runs this in its own process, as an editor would.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

sys.path.insert(0, str(ROOT / "tests"))

from browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402  (Chromium as the tests run it)

from sitetools import livereload, reader_cache  # noqa: E402
from sitetools.livesite import LiveSite  # noqa: E402


def page_of(content: Path, post: Path) -> str:
    """The post's address, from the ledger of addresses the build keeps in the content."""
    ledger = json.loads((content / "published.json").read_text(encoding="utf-8"))
    return "/" + ledger["posts"][post.resolve().relative_to(content.resolve()).as_posix()]["url"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("cache", type=Path)
    parser.add_argument("post", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(message)s")

    def extra() -> dict:
        # As tasks.py gives `invoke livereload` its settings, the cards cache the bench's.
        settings = reader_cache.settings(str(ROOT), str(args.cache / "pelican"), "livereload")
        return {**settings, "CARDS_CACHE_PATH": str(args.cache / "cards")}

    site = LiveSite(str(ROOT / "pelicanconf.py"), str(args.content), str(args.output), extra)
    started = time.perf_counter()
    state = livereload.State()
    state.built(site.build().problem)
    first_build = time.perf_counter() - started
    server = livereload.server(str(args.output), "127.0.0.1", 0, state)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    stop = threading.Event()
    watcher = threading.Thread(
        target=livereload.watch, args=([str(args.content)], site, state, stop), daemon=True
    )
    watcher.start()
    url = f"http://127.0.0.1:{server.server_address[1]}{page_of(args.content, args.post)}"

    builds_done: list[float] = []
    build = site.build

    def timed_build():
        outcome = build()
        builds_done.append(time.perf_counter())
        return outcome

    site.build = timed_build
    reloads, rebuilds = [], []
    with browser() as open_page:
        page = open_page(url) if open_page else None
        time.sleep(1)  # the watcher and the page's event stream start asynchronously
        for number in range(args.repeat):
            seen, builds = state.token, len(builds_done)
            text = args.post.read_text(encoding="utf-8") + f"\nSaved {number}.\n"
            saved = time.perf_counter()
            if page:
                with page.expect_event("load", timeout=60_000):
                    args.post.write_text(text, encoding="utf-8")
            else:
                args.post.write_text(text, encoding="utf-8")
                state.wait(seen, timeout=60)
            reloads.append(time.perf_counter() - saved)
            while len(builds_done) == builds:
                time.sleep(0.01)
            rebuilds.append(builds_done[-1] - saved)
            time.sleep(0.5)
    stop.set()
    server.shutdown()
    print(json.dumps({
        "first_build": round(first_build, 2),
        "reload": round(statistics.median(reloads), 3),
        "reloads": [round(r, 3) for r in reloads],
        "rebuilt": round(statistics.median(rebuilds), 2),
        "timed_to": "page load in Chromium" if page else "page rewritten and announced",
    }))  # fmt: skip
    return 0


class browser:  # noqa: N801 (a context manager, named for what it gives)
    """Headless Chromium's page opener, or None when there is no Chromium here."""

    def __enter__(self):
        if not (shutil.which(CHROMIUM) or os.path.exists(CHROMIUM)):
            self.playwright = None
            return None
        from playwright.sync_api import sync_playwright

        self.playwright = sync_playwright().start()
        self.chromium = self.playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )

        def open_page(url: str):
            page = self.chromium.new_page()
            page.goto(url)
            return page

        return open_page

    def __exit__(self, *exc):
        if self.playwright:
            self.chromium.close()
            self.playwright.stop()


if __name__ == "__main__":
    sys.exit(main())
