"""Tasks for editors and developers: `invoke --list` (or `python3 dev.py --list`).

Each task is a few lines; the work is done by the `sitetools` package (and the posts
plugin), whose functions the tests call directly.
"""

import os
import shlex
import shutil
import sys
from pathlib import Path

from invoke import task
from invoke.exceptions import Exit

ROOT = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "plugins"))

CONFIG = {
    "settings_base": os.path.join(ROOT, "pelicanconf.py"),
    "settings_publish": os.path.join(ROOT, "publishconf.py"),
    "content": os.path.join(ROOT, "content"),
    "output": os.path.join(ROOT, "output"),
    # Their own folders, so neither can end up in output/ between publish and deploy.
    "livereload": os.path.join(ROOT, ".cache", "livereload"),
    "preview": os.path.join(ROOT, ".cache", "preview"),
    # The private repository the gh-pages commit is made in (not this project's repo).
    "deploy_repo": os.path.join(ROOT, ".cache", "deploy", "gh-pages.git"),
    # Pelican's content cache for the tasks' builds (see sitetools/reader_cache.py).
    "cache": os.path.join(ROOT, ".cache", "pelican"),
    "host": "127.0.0.1",
    "port": 8000,
    # decap-server, the web editor's local backend (invoke edit).
    "editor_backend_port": 8081,
    # What the WebSub hub was last told: feed address -> hash (see plugins/feeds/websub.py).
    "websub_manifest": os.path.join(ROOT, ".cache", "websub-pinged.json"),
}


def pelican(c, settings, *extra):
    args = ["pelican", CONFIG["content"], "-o", CONFIG["output"], "-s", settings, *extra]
    c.run(shlex.join(str(arg) for arg in args))


def fail_plainly(function):
    """Show a ToolError as its message and exit 1: an editor needs words, not a traceback."""
    from functools import wraps

    from sitetools import ToolError

    @wraps(function)
    def run(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except ToolError as error:
            raise Exit(str(error), code=1) from None

    return run


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
    from sitetools.check import run

    code = run(CONFIG["settings_base"], content)
    if code:
        sys.exit(code)


@task(help={"name": "the site's name", "url": "its public address (https)",
            "imprint": "Promoted by … on behalf of …, both at …",
            "signup": "buttondown:USERNAME, mailchimp:FORM-URL or none (the default)",
            "description": "one sentence for the home page", "timezone": "e.g. Europe/London",
            "force": "run on a site with posts of its own (only the examples go)"})  # fmt: skip
@fail_plainly
def init(c, name=None, url=None, imprint=None, signup=None, description=None, timezone=None,
         force=False):  # fmt: skip
    """Make this copy your team's site: its name, address and imprint; the examples gone."""
    from sitetools import settings, siteinit

    loaded = settings.load(CONFIG["settings_base"], CONFIG["content"])
    given = {"name": name, "url": url, "imprint": imprint, "signup": signup,
             "description": description, "timezone": timezone}  # fmt: skip
    values = siteinit.complete(given, siteinit.read_values(ROOT), sys.stdin.isatty())
    built = [CONFIG["output"], CONFIG["livereload"], CONFIG["preview"],
             os.path.join(os.path.dirname(CONFIG["cache"]), "cards")]  # fmt: skip
    plan = siteinit.plan(loaded, values, ROOT, built, force)
    siteinit.apply(plan)
    print(siteinit.checklist(plan, values))


@task(help={"claim": "their words", "claimant": "who said it", "verdict": "e.g. false",
            "topic": "topic (tag); several with commas"})  # fmt: skip
@fail_plainly
def new(c, title, claim=None, claimant=None, verdict=None, topic=None):
    """Start a post: a draft from the template, named from TITLE and dated now."""
    from sitetools import ToolError, newpost, settings

    if title.startswith("--"):  # invoke hands `new --help` to the task as the title
        raise ToolError(f"'{title}' is not a title; for help: invoke --help new")
    path = newpost.create(
        settings.load(CONFIG["settings_base"], CONFIG["content"]),
        title, claim=claim, claimant=claimant, verdict=verdict, topic=topic,
    )  # fmt: skip
    print(os.path.relpath(path))


@task
@fail_plainly
def release(c, slug):
    """Turn the draft SLUG (a prebuttal) into a published post dated now."""
    from sitetools import release as releasing
    from sitetools import settings

    item = releasing.release(settings.load(CONFIG["settings_base"], CONFIG["content"]), slug)
    shown = os.path.relpath(item.path)
    print(
        f"Released {shown}: dated {item.post.date:%Y-%m-%d %H:%M}, at /{item.url} "
        f"once deployed.\nCommit it: git add {shlex.quote(shown)} && git commit"
    )


@task
def serve(c, port=CONFIG["port"]):
    """Serve output/ at http://127.0.0.1:PORT/ (build first)."""
    pelican(c, CONFIG["settings_base"], "--listen", "-b", CONFIG["host"], "-p", str(port))


@task
@fail_plainly
def livereload(c, port=CONFIG["port"]):
    """Build, serve at http://127.0.0.1:PORT/, rebuild on save and reload the browser."""
    if serve_live(port):
        restart()


@task(help={"port": "the site's port", "backend_port": "decap-server's port"})
@fail_plainly
def edit(c, port=CONFIG["port"], backend_port=CONFIG["editor_backend_port"]):
    """The web editor: decap-server on this folder, and the livereload site with /admin/."""
    from sitetools import editor

    editor.install(ROOT)
    backend = editor.start_backend(ROOT, backend_port)
    try:
        again = serve_live(
            port,
            overrides=editor.settings(backend_port),
            banner=f"Editor: http://{CONFIG['host']}:{port}/admin/ (saves go to content/; "
            "commit them with git).",
        )
    finally:
        backend.terminate()
        backend.wait(timeout=10)
    if again:
        restart()


def restart() -> None:
    """Start this task again in a fresh process (new plugin code cannot be reloaded)."""
    os.execv(sys.executable, [sys.executable, *sys.argv])


def serve_live(port: int, overrides: dict | None = None, banner: str = "") -> bool:
    """livereload's loop: build, serve, rebuild on every save, until Ctrl-C (False) or a
    change to the plugins' code (True: the caller restarts). ``overrides`` win over the
    settings file."""
    import logging
    import threading

    from sitetools import livereload as live
    from sitetools import reader_cache as cache
    from sitetools.livesite import LiveSite

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("watchfiles").setLevel(logging.WARNING)  # we say what changed ourselves
    settings, content, output = CONFIG["settings_base"], CONFIG["content"], CONFIG["livereload"]
    # The site stays in this process between saves (sitetools/livesite.py); the output
    # folder is kept between runs too: the first build rewrites only what changed since.
    site = LiveSite(
        settings,
        content,
        output,
        extra=lambda: {**cache.settings(ROOT, CONFIG["cache"], "livereload"), **(overrides or {})},
    )
    state = live.State()
    outcome = site.build()
    state.built(outcome.problem)
    server = live.server(output, CONFIG["host"], port, state)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(
        f"Serving http://{CONFIG['host']}:{port}/ ; rebuilding on every save. Ctrl-C stops.",
        flush=True,
    )
    if banner:
        print(banner, flush=True)
    plugins = os.path.join(ROOT, "plugins")
    # site.toml changes the cache key (sitetools/reader_cache.py): LiveSite reads settings again.
    watched = [
        content,
        os.path.join(ROOT, "theme"),
        plugins,
        settings,
        os.path.join(ROOT, "site.toml"),
    ]
    ledger = os.path.join(content, "published.json")
    try:
        stop = threading.Event()
        code_changed = live.watch(
            watched, site, state, stop, ignore=[ledger], root=ROOT, restart_on=[plugins]
        )
    except KeyboardInterrupt:
        code_changed = None
    server.shutdown()
    server.server_close()
    return bool(code_changed)


@task
@fail_plainly
def preview(c, port=CONFIG["port"]):
    """Build the production site with drafts at /drafts/<slug>/ and serve it locally."""
    from sitetools import publish

    address = f"http://{CONFIG['host']}:{port}"
    publish.preview(CONFIG["settings_publish"], CONFIG["content"], CONFIG["preview"], address)
    print(f"Production preview, drafts included: {address}/drafts/<slug>/ (Ctrl-C stops)")
    c.run(
        shlex.join(["pelican", "--listen", "-s", CONFIG["settings_publish"],
                    "-o", CONFIG["preview"], "-b", CONFIG["host"], "-p", str(port)])
    )  # fmt: skip


@task
@fail_plainly
def publish(c):
    """Build the production site in a fresh folder, check it, then swap it in for output/."""
    from sitetools import publish as publishing
    from sitetools import reader_cache as cache

    cached = cache.settings(ROOT, CONFIG["cache"], "publish")
    done = publishing.publish(
        CONFIG["settings_publish"], CONFIG["content"], CONFIG["output"], extra=cached
    )
    print(f"Published {done.pages} pages into output/ in {done.seconds:.1f} s; every check passed.")


@task(help={"to": "gh-pages or rsync; where to push comes from the environment (README)"})
@fail_plainly
def deploy(c, to=None):
    """Publish (atomically), then push output/ --to gh-pages or --to rsync."""
    import subprocess

    from sitetools import ToolError
    from sitetools import deploy as deploying

    environ = dict(os.environ)
    deploying.Target.from_environment(to, environ)  # a missing target fails before building
    # The credentials stay in this process, for git and rsync only: the build (Pelican and
    # every plugin) runs in a process that never had them, not even in /proc/self/environ.
    os.environ.clear()
    os.environ.update(deploying.build_environment(environ))
    built = subprocess.run([sys.executable, "-m", "invoke", "-r", ROOT, "publish"], cwd=ROOT)
    if built.returncode != 0:
        raise Exit(code=built.returncode)  # publish has said what is wrong
    from buildlock import buildlock  # no build may rewrite output/ while it is pushed

    try:
        buildlock.acquire(buildlock.output_lock(CONFIG["output"]), "output/", "deploy")
    except buildlock.BuildBusy as busy:
        raise ToolError(str(busy)) from None
    pushed = deploying.push(
        to, CONFIG["output"], environ, CONFIG["deploy_repo"],
        message=f"Publish the site from {source_revision()}", protected=(ROOT,),
    )  # fmt: skip
    if not pushed.changed:
        print(f"{pushed.target} already has this build: nothing to push.")
        return
    print(f"Deployed to {pushed.target}.")
    # The hub is told by the feeds plugin's code: like the build, it runs in a process
    # that never had the credentials (os.environ is the scrubbed one by now).
    subprocess.run([sys.executable, "-c", "import tasks; tasks.after_deploy()"], cwd=ROOT)


def after_deploy() -> None:
    """What follows a push that changed the live site (sitetools.deploy.after_deploy)."""
    from sitetools import deploy as deploying
    from sitetools import settings

    done = deploying.after_deploy(
        settings.load(CONFIG["settings_publish"], CONFIG["content"]), CONFIG["output"]
    )
    if done:
        print(done)


def source_revision() -> str:
    """The commit being deployed, for the deploy commit's message."""
    import subprocess

    if os.environ.get("GITHUB_SHA"):
        return os.environ["GITHUB_SHA"][:12]
    found = subprocess.run(
        ["git", "rev-parse", "--short=12", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    return found.stdout.strip() or "a working copy"


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
    """Rebuild the golden site's expected output and the golden cards; review them as a diff."""
    import tempfile

    sys.path.insert(0, os.path.join(ROOT, "tests"))
    from cards_golden import regenerate as regenerate_cards
    from golden import regenerate

    with tempfile.TemporaryDirectory() as workdir:
        regenerate(Path(workdir))
    regenerate_cards()
    print("Regenerated tests/golden/expected/ and tests/golden/cards/: review them with git diff.")


@task
def lighthouse(c):
    """Lighthouse (mobile) scores of the home page and a rebuttal; fails under 0.95."""
    if not os.path.exists(os.path.join(ROOT, "sitetools/npm/lighthouse/node_modules")):
        c.run("npm ci --prefix sitetools/npm/lighthouse --no-audit --no-fund --silent")
    c.run(f"{shlex.quote(sys.executable)} sitetools/lighthouse.py")


@task(help={"slug": "the post's address slug", "send": "send it now instead of a draft"})
def alert(c, slug, send=False, settings=CONFIG["settings_publish"]):
    """Make a published post's email edition a draft campaign in the mailing service."""
    from sitetools.alert import run

    code = run(settings, slug, send=send, override={"PATH": CONFIG["content"]})
    if code:
        sys.exit(code)
