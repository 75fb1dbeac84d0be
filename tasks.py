"""Tasks for editors and developers: `invoke --list` (or `python3 dev.py --list`)."""

import os
import shlex
import shutil
import sys
from pathlib import Path

from invoke import task

ROOT = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(ROOT, "plugins"))

CONFIG = {
    "settings_base": os.path.join(ROOT, "pelicanconf.py"),
    "settings_publish": os.path.join(ROOT, "publishconf.py"),
    "content": os.path.join(ROOT, "content"),
    "output": os.path.join(ROOT, "output"),
    "host": "127.0.0.1",
    "port": 8000,
    # What the WebSub hub was last told: feed address -> hash (see plugins/feeds/websub.py).
    "websub_manifest": os.path.join(ROOT, ".cache", "websub-pinged.json"),
}


def pelican(c, settings, *extra):
    args = ["pelican", CONFIG["content"], "-o", CONFIG["output"], "-s", settings, *extra]
    c.run(" ".join(shlex.quote(str(arg)) for arg in args))


@task
def build(c):
    """Build the site for local viewing into output/."""
    pelican(c, CONFIG["settings_base"])
    print(
        f"\nThe site is in {CONFIG['output']}/\n"
        f"View it: python3 dev.py serve, then open http://{CONFIG['host']}:{CONFIG['port']}/"
    )


@task
def check(c, content=CONFIG["content"]):
    """Check every post against the contract without building (fast; for pre-commit)."""
    from posts.check import run

    code = run(CONFIG["settings_base"], content)
    if code:
        sys.exit(code)


@task
def serve(c, port=CONFIG["port"]):
    """Serve output/ at http://127.0.0.1:PORT/ (build first)."""
    pelican(c, CONFIG["settings_base"], "--listen", "-b", CONFIG["host"], "-p", str(port))


@task
def publish(c):
    """Build the production site (publishconf.py) into output/."""
    pelican(c, CONFIG["settings_publish"])


@task
def ping_hub(
    c,
    settings=CONFIG["settings_publish"],
    output=CONFIG["output"],
    manifest=CONFIG["websub_manifest"],
):
    """After a deploy: ping the WebSub hub (FEEDS_HUB) for every feed that changed."""
    from feeds.websub import PingError, ping_from_settings
    from pelican.settings import read_settings

    try:
        report = ping_from_settings(
            read_settings(settings, override={"OUTPUT_PATH": output}), manifest
        )
    except PingError as error:
        sys.exit(f"ping-hub: {error}")
    if not report.hub:
        print("FEEDS_HUB is empty: no hub to ping.")
        return
    for url in report.pinged:
        print(f"pinged  {url}")
    for url in report.failed:
        print(f"FAILED  {url} (tried again next time)")
    print(f"{len(report.pinged)} pinged, {len(report.failed)} failed, "
          f"{len(report.unchanged)} unchanged")  # fmt: skip
    if report.failed:
        sys.exit(1)


@task
def clean(c):
    """Remove output/ and the build caches."""
    for folder in (CONFIG["output"], ".cache"):
        shutil.rmtree(os.path.join(ROOT, folder), ignore_errors=True)


@task
def lint(c):
    """Check the Python code with Ruff."""
    c.run("ruff check .")


@task
def test(c):
    """Run every test: lint, then the whole pytest suite."""
    c.run("ruff check .")
    c.run("pytest")


@task
def golden(c):
    """Rebuild the golden fixture's expected output (tests/golden/); review it as a diff."""
    import tempfile

    sys.path.insert(0, os.path.join(ROOT, "tests"))
    from golden import regenerate

    with tempfile.TemporaryDirectory() as workdir:
        regenerate(Path(workdir))
    print("Regenerated tests/golden/expected/: review it with git diff.")


@task
def lighthouse(c):
    """Lighthouse (mobile) scores of the home page and a rebuttal; fails under 0.95."""
    if not os.path.exists(os.path.join(ROOT, "tools/lighthouse/node_modules")):
        c.run("npm ci --prefix tools/lighthouse --no-audit --no-fund --silent")
    c.run(f"{shlex.quote(sys.executable)} tools/lighthouse.py")


@task(help={"slug": "the post's address slug", "send": "send it now instead of a draft"})
def alert(c, slug, send=False, settings=CONFIG["settings_publish"]):
    """Make a published post's email edition a draft campaign in the mailing service."""
    from supporters.alert import run

    code = run(settings, slug, send=send, override={"PATH": CONFIG["content"]})
    if code:
        sys.exit(code)
