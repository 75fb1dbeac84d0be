"""Screenshots of the example site in headless Chromium, for docs/screens/.

    python3 dev.py screenshots

Builds a copy of the example content for production at a local address, serves it on
127.0.0.1 and photographs each page at a phone's width (390) and a laptop's (1366):
the home page, a rebuttal, a topic, search results for a typed query and the join and
subscribe pages. Each PNG is cut to a sensible height and stored as a palette image,
so the folder stays small enough to commit; run it again after any change to the look.
"""

from __future__ import annotations

import functools
import shutil
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screens"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip

REBUTTAL = "/2026/09/no-we-are-not-scrapping-free-bus-passes-for-pensioners/"
# name: (address, a query typed into the search box or None)
PAGES = {
    "home": ("/", None),
    "rebuttal": (REBUTTAL, None),
    "topic": ("/topics/cost-of-living/", None),
    "search": ("/search/", "bus passes"),
    "join": ("/join/", None),
    "subscribe": ("/subscribe/", None),
}
# name: (viewport width, viewport height, the most of a page kept, in CSS pixels)
WIDTHS = {"phone": (390, 844, 2600), "desktop": (1366, 900, 1800)}
COLOURS = 96  # a palette this size keeps text crisp and the files a few hundred KB


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def build(workdir: Path, site_url: str) -> Path:
    """The example content, copied and built as publish builds it, at ``site_url``."""
    from pelican import Pelican
    from pelican.settings import read_settings

    content, output = workdir / "content", workdir / "output"
    shutil.copytree(ROOT / "content", content)
    settings = read_settings(
        str(ROOT / "publishconf.py"),
        override={
            "PATH": str(content),
            "OUTPUT_PATH": str(output),
            "CACHE_PATH": str(workdir / "cache"),
            "SITEURL": site_url,
        },
    )
    Pelican(settings).run()
    return output


def small_png(data: bytes, keep: int, scale: int) -> bytes:
    """The screenshot cut to ``keep`` CSS pixels high, as an optimised palette PNG."""
    from PIL import Image

    image = Image.open(BytesIO(data)).convert("RGB")
    image = image.crop((0, 0, image.width, min(image.height, keep * scale)))
    palette = image.quantize(colors=COLOURS, method=Image.Quantize.MEDIANCUT, dither=0)
    out = BytesIO()
    palette.save(out, "PNG", optimize=True)
    return out.getvalue()


def photograph(browser, base: str, out: Path) -> list[Path]:
    written = []
    for width, height, keep in WIDTHS.values():
        context = browser.new_context(
            viewport={"width": width, "height": height},
            device_scale_factor=1,
            reduced_motion="reduce",
        )
        page = context.new_page()
        for name, (path, query) in PAGES.items():
            page.goto(base + path, wait_until="networkidle")
            if query:
                page.get_by_label("Search rebuttals and updates").fill(query)
                page.get_by_role("button", name="Search").click()
                page.locator(".search__result").first.wait_for()
                page.wait_for_load_state("networkidle")
            # Lazy images (the post's graphic) load only when scrolled to: load them all.
            page.evaluate("document.querySelectorAll('img').forEach(i => i.loading = 'eager')")
            page.wait_for_function("[...document.images].every(i => i.complete)")
            target = out / f"{name}-{width}.png"
            target.write_bytes(small_png(page.screenshot(full_page=True), keep, 1))
            written.append(target)
        context.close()
    return written


def main(out: Path = OUT) -> int:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        print(f"Chromium not found at {CHROMIUM}", file=sys.stderr)
        return 2
    out.mkdir(parents=True, exist_ok=True)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Quiet)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    with tempfile.TemporaryDirectory() as workdir:
        output = build(Path(workdir), base)
        server.RequestHandlerClass = functools.partial(_Quiet, directory=str(output))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                written = photograph(browser, base, out)
                browser.close()
        finally:
            server.shutdown()
            server.server_close()
    for path in written:
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1000} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
