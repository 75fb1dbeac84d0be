"""Tasks for editors and developers: `python3 dev.py` lists them by what they are for,
`python3 dev.py help TASK` (or `TASK --help`) explains one.

Each task is a few lines; the work is done by the `sitetools` package (and the posts
plugin), whose functions the tests call directly.
"""

import os
import shlex
import shutil
import sys
from pathlib import Path

from invoke import Collection, task
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
    # The last published site, as hard links: the next publish starts from it (warm.py).
    "published": os.path.join(ROOT, ".cache", "published"),
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
    """Build the site into output/ to look at on this machine (then: serve)."""
    pelican(c, CONFIG["settings_base"])
    print(
        f"\nThe site is in {CONFIG['output']}/\n"
        f"View it: python3 dev.py serve, then open http://{CONFIG['host']}:{CONFIG['port']}/"
    )


@task
def check(c, content=CONFIG["content"]):
    """Check every post against the contract, without building: file, line, what is wrong."""
    from sitetools.check import run

    code = run(CONFIG["settings_base"], content)
    if code:
        sys.exit(code)


@task(help={"name": "the site's name", "url": "its public address (https)",
            "imprint": "Promoted by … on behalf of …, both at …",
            "signup": "buttondown:USERNAME, mailchimp:FORM-URL or none (the default)",
            "description": "one sentence for the home page", "timezone": "e.g. Europe/London",
            "force": "run on a site with posts of its own (only the examples go)",
            "colour": "brand colour, #rrggbb (optional)",
            "logo": "logo, an .svg or .png path (optional)"})  # fmt: skip
@fail_plainly
def init(c, name=None, url=None, imprint=None, signup=None, description=None, timezone=None,
         force=False, colour=None, logo=None):  # fmt: skip
    """Make this copy your team's site: its name, address and imprint; the examples gone."""
    from sitetools import settings, siteinit

    loaded = settings.load(CONFIG["settings_base"], CONFIG["content"])
    given = {"name": name, "url": url, "imprint": imprint, "signup": signup,
             "description": description, "timezone": timezone,
             "colour": colour, "logo": logo}  # fmt: skip
    values = siteinit.complete(given, siteinit.read_values(ROOT), sys.stdin.isatty())
    built = [CONFIG["output"], CONFIG["livereload"], CONFIG["preview"],
             os.path.join(os.path.dirname(CONFIG["cache"]), "cards")]  # fmt: skip
    plan = siteinit.plan(loaded, values, ROOT, built, force)
    siteinit.apply(plan)
    print(siteinit.checklist(plan, values))


def verdict_help() -> str:
    """The verdicts of the contract's code, so the help never lists fewer than there are."""
    from posts.verdicts import DEFAULT_VERDICTS

    return f"one of: {', '.join(DEFAULT_VERDICTS)} (or your site's own POSTS_VERDICTS)"


@task(help={"title": "the headline, in quotes", "claim": "their words, in quotes",
            "claimant": "who said it", "verdict": verdict_help(),
            "topic": "topic (tag); several with commas"})  # fmt: skip
@fail_plainly
def new(c, title, claim=None, claimant=None, verdict=None, topic=None):
    """Start a post: a draft from the template, named from TITLE and dated now."""
    from sitetools import ToolError, newpost, settings

    if title in ("--help", "-h"):  # invoke hands `new --help` to the task as the title
        return print(task_help("new"))
    if title.startswith("--"):
        raise ToolError(f"'{title}' is not a title; for help: python3 dev.py help new")
    path = newpost.create(
        settings.load(CONFIG["settings_base"], CONFIG["content"]),
        title, claim=claim, claimant=claimant, verdict=verdict, topic=topic,
    )  # fmt: skip
    print(os.path.relpath(path))


@task(help={"slug": "the draft's address (/drafts/<slug>/) or its file name"})
@fail_plainly
def release(c, slug):
    """Publish the draft SLUG (a prebuttal): dated now, ready to commit."""
    if slug in ("--help", "-h"):
        return print(task_help("release"))
    from sitetools import release as releasing
    from sitetools import settings

    item = releasing.release(settings.load(CONFIG["settings_base"], CONFIG["content"]), slug)
    shown = os.path.relpath(item.path)
    print(
        f"Released {shown}: dated {item.post.date:%Y-%m-%d %H:%M}, at /{item.url} "
        f"once deployed.\nCommit it: git add {shlex.quote(shown)} && git commit"
    )


@task(help={"port": "the port to serve on"})
@fail_plainly
def serve(c, port=CONFIG["port"]):
    """Show the site you built at http://127.0.0.1:PORT/ (run build first); Ctrl-C stops."""
    from sitetools import serve as serving

    http = serving.server(CONFIG["output"], CONFIG["host"], port)
    print(f"Serving {CONFIG['output']} at http://{CONFIG['host']}:{port}/ (Ctrl-C stops)")
    try:
        http.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        http.server_close()


@task(help={"port": "the port to serve on"})
@fail_plainly
def livereload(c, port=CONFIG["port"]):
    """Write with the site open: rebuild on every save, reload the browser (drafts too)."""
    from sitetools import livereload as live

    if live.serve_live(ROOT, CONFIG, port):
        live.restart()


@task(help={"port": "the site's port", "backend_port": "decap-server's port"})
@fail_plainly
def edit(c, port=CONFIG["port"], backend_port=CONFIG["editor_backend_port"]):
    """Write in the web editor at /admin/ (needs Node.js); saves go to content/."""
    from sitetools import editor
    from sitetools import livereload as live

    editor.install(ROOT)
    backend = editor.start_backend(ROOT, backend_port)
    try:
        again = live.serve_live(
            ROOT,
            CONFIG,
            port,
            overrides=editor.settings(backend_port),
            banner=f"Editor: http://{CONFIG['host']}:{port}/admin/ (saves go to content/; "
            "commit them with git).",
        )
    finally:
        backend.terminate()
        backend.wait(timeout=10)
    if again:
        live.restart()


@task(help={"port": "the port to serve on"})
@fail_plainly
def preview(c, port=CONFIG["port"]):
    """See the production site, drafts included at /drafts/<slug>/, on this machine."""
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
        CONFIG["settings_publish"], CONFIG["content"], CONFIG["output"], extra=cached,
        keep=CONFIG["published"], readings=CONFIG["cache"],
    )  # fmt: skip
    print(f"Published {done.pages} pages into output/ in {done.seconds:.1f} s; every check passed.")


@task(
    help={"to": "gh-pages or rsync; where to push comes from the environment (docs/deploying.md)"}
)
@fail_plainly
def deploy(c, to=None):
    """Put the site live: publish, then push --to gh-pages or --to rsync."""
    import subprocess

    from sitetools import ToolError
    from sitetools import deploy as deploying

    environ = dict(os.environ)
    deploying.Target.from_environment(to, environ)  # a missing target fails before building
    if not os.path.isdir(CONFIG["published"]):
        seed_from_live(to, environ)
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
        print(f"{pushed.target} already has this build: nothing to push.", flush=True)
        return
    print(f"Deployed to {pushed.target}.", flush=True)  # said before the hub is told
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


def seed_from_live(to: str, environ: dict) -> None:
    """No kept site (a CI cache evicted): start from the live one, its cards included."""
    from sitetools import deploy as deploying
    from sitetools import reader_cache as cache
    from sitetools import warm

    live = CONFIG["published"] + ".live"
    shutil.rmtree(live, ignore_errors=True)
    if not deploying.fetch_live(to, environ, CONFIG["deploy_repo"], live):
        return
    # The card cache the publish uses: beside its content cache (plugins/cards/settings.py).
    content_cache = cache.settings(ROOT, CONFIG["cache"], "publish")["CACHE_PATH"]
    cards = os.path.join(os.path.dirname(os.path.normpath(content_cache)), "cards")
    taken = warm.adopt(live, CONFIG["published"], cards)
    print(f"No kept site in .cache/: starting from the live one ({taken} cards taken).")


def source_revision() -> str:
    """The commit being deployed, for the deploy commit's message."""
    import subprocess

    if os.environ.get("GITHUB_SHA"):
        return os.environ["GITHUB_SHA"][:12]
    try:
        found = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"], cwd=ROOT, capture_output=True, text=True
        )
    except OSError:  # no git on this machine: an rsync deploy does not need it
        return "a working copy"
    return found.stdout.strip() or "a working copy"


@task(help={"settings": "the settings file the site was built with",
            "output": "the folder that was deployed",
            "manifest": "what the hub was last told, feed by feed"})  # fmt: skip
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
    """Remove output/ and the build caches (the next build starts from nothing)."""
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


@task(help={"slug": "the post's address slug", "send": "send it now instead of a draft",
            "settings": "the settings file to build with"})  # fmt: skip
def alert(c, slug, send=False, settings=CONFIG["settings_publish"]):
    """Email a published post to supporters: a draft campaign in the mailing service."""
    from sitetools.alert import run

    code = run(settings, slug, send=send, override={"PATH": CONFIG["content"]})
    if code:
        sys.exit(code)


@task
def screenshots(c):
    """Screenshots of the example site at 390 and 1366 wide into docs/screens/."""
    c.run(f"{shlex.quote(sys.executable)} {shlex.quote(ROOT)}/sitetools/screenshots.py")


# -- the list and the help an editor sees ----------------------------------------------

# `python3 dev.py` (or --list, or help) shows the tasks in this order, an editor's first.
GROUPS = {
    "Write a post": ["new", "check", "livereload", "edit", "preview", "release"],
    "Look at the site": ["build", "serve"],
    "Put it live": ["publish", "deploy", "alert"],
    "Set up": ["init", "clean"],
    "For developers": ["test", "lint", "golden", "lighthouse", "screenshots", "ping-hub"],
}


def tasks() -> Collection:
    return Collection.from_module(sys.modules[__name__])


def overview() -> str:
    """Every task under its group, with the first line of its description."""
    found = tasks()
    width = max(len(name) for name in found.task_names)
    lines = ["Run a task with: python3 dev.py TASK  (help on one: python3 dev.py help TASK)"]
    for group, names in GROUPS.items():
        lines += ["", f"{group}:"]
        for name in names:
            first = (found[name].__doc__ or "").strip().splitlines()[0]
            lines.append(f"  {name.ljust(width)}  {first}")
    return "\n".join(lines)


def task_help(name: str) -> str:
    """One task's help, as it is typed: its arguments in order, then each option."""
    found = tasks()
    if name not in found.task_names:
        raise Exit(f"There is no task '{name}'.\n\n{overview()}", code=1)
    arguments = found[name].get_arguments()
    usage = [f"python3 dev.py {name}"]
    rows = []
    for argument in arguments:
        long = max(argument.names, key=len)
        flag = f"--{long}"
        if argument.positional:
            usage.append(long.upper())
            flag = long.upper()
        elif argument.kind is bool:
            usage.append(f"[{flag}]")
        else:
            flag = f"{flag} {long.upper()}"
            usage.append(f"[{flag}]")
        default = argument.default
        if isinstance(default, str) and os.path.isabs(default):
            default = os.path.relpath(default, ROOT)  # as the person sees the folder
        shown = f"(default {default})" if default not in (None, False, "") else ""
        text = HELP.get(name, {}).get(argument.name, argument.help or "")
        rows.append((flag, " ".join(part for part in (text, shown) if part)))
    doc = " ".join((found[name].__doc__ or "").split())
    lines = [" ".join(usage), "", doc]
    if rows:
        width = max(len(flag) for flag, _ in rows)
        lines += [""] + [f"  {flag.ljust(width)}  {text}".rstrip() for flag, text in rows]
    return "\n".join(lines)


@task(name="help", help={"task": "the task to explain; none lists them all"})
def help_(c, task=None):
    """List the tasks by what they are for, or explain one: help TASK."""
    print(task_help(task) if task else overview())


# invoke hands each task's help texts to its parser by popping them: keep a copy first.
HELP = {name: dict(tasks()[name].help) for name in tasks().task_names}
