"""`invoke deploy`: push a published output/ to a gh-pages branch (ghp-import) or by rsync.

Where to push comes only from the environment (see ``Target.from_environment``), so
credentials live in the CI's secrets and never in the repository. Anything echoed from
git or rsync passes through ``mask`` first: a token in a remote URL is never printed.
"""

from __future__ import annotations

import importlib
import logging
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from . import ToolError

logger = logging.getLogger(__name__)

GH_PAGES_REMOTE = "DEPLOY_GH_PAGES_REMOTE"
GH_PAGES_BRANCH = "DEPLOY_GH_PAGES_BRANCH"
GH_PAGES_CNAME = "DEPLOY_GH_PAGES_CNAME"
RSYNC_TARGET = "DEPLOY_RSYNC_TARGET"
TARGETS = ("gh-pages", "rsync")

_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/@\s]+@")


def mask(text: str, secrets: tuple[str, ...] = ()) -> str:
    """``text`` with the user and password of every URL, and each secret, replaced by ***."""
    text = _USERINFO.sub(r"\1***@", text)
    for secret in sorted(secrets, key=len, reverse=True):
        if len(secret) >= 4:
            text = text.replace(secret, "***")
    return text


def secrets_of(url: str) -> tuple[str, ...]:
    """The parts of a URL that must never be printed: its user and password, as typed too."""
    try:
        parts = urlsplit(url)
        found = (parts.username, parts.password)
    except ValueError:
        return ()
    return tuple(s for value in found if value for s in {value, unquote(value)})


@dataclass(frozen=True)
class Target:
    """Where a deploy goes, read from the environment."""

    kind: str  # "gh-pages" or "rsync"
    destination: str  # the remote URL or path, or the rsync destination
    branch: str = "gh-pages"
    cname: str | None = None

    @property
    def shown(self) -> str:
        return mask(self.destination, secrets_of(self.destination))

    @classmethod
    def from_environment(cls, kind: str | None, environ: Mapping[str, str]) -> Target:
        if kind == "gh-pages":
            remote = environ.get(GH_PAGES_REMOTE, "").strip()
            if not remote:
                raise ToolError(
                    f"deploy: set {GH_PAGES_REMOTE} to the git remote to push to, e.g. "
                    "https://x-access-token:$TOKEN@github.com/OWNER/REPO.git (see README)."
                )
            branch = environ.get(GH_PAGES_BRANCH, "").strip() or "gh-pages"
            cname = environ.get(GH_PAGES_CNAME, "").strip() or None
            return cls(kind, remote, branch, cname)
        if kind == "rsync":
            destination = environ.get(RSYNC_TARGET, "").strip()
            if not destination:
                raise ToolError(
                    f"deploy: set {RSYNC_TARGET} to where the site goes, e.g. "
                    "deploy@example.org:/var/www/site/ (see README)."
                )
            return cls(kind, destination)
        if not kind:
            raise ToolError("deploy: say where: --to gh-pages or --to rsync (see README).")
        raise ToolError(f"deploy: --to must be one of {', '.join(TARGETS)}, not '{kind}'.")


@dataclass(frozen=True)
class Pushed:
    target: str  # masked
    changed: bool  # False when the live copy already matched output/


def _run(command: list[str], cwd: str, secrets: tuple[str, ...], what: str, env=None):
    """Run a git or rsync command; on failure, raise with its own words, masked."""
    env = {**os.environ, **(env or {}), "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        said = mask((result.stderr or result.stdout).strip(), secrets)
        raise ToolError(f"deploy: {what} failed: {said or 'exit ' + str(result.returncode)}")
    return result


# -- GitHub Pages -------------------------------------------------------------------


def gh_pages(output: str, target: Target, workdir: str, message: str) -> Pushed:
    """Commit ``output`` (with .nojekyll) on top of the remote branch and push it.

    The commit is made by ghp-import in a private bare repository (``workdir``), never in
    the project's own: the branch is fetched from the remote first, so history is kept
    and the push needs no force; when the tree is what is live already, nothing is pushed.
    """
    secrets = secrets_of(target.destination)
    url, branch = target.destination, target.branch
    live_ref = f"refs/remotes/live/{branch}"

    def git(*args: str, what: str):
        return _run(["git", *args], workdir, secrets, what)

    if not os.path.exists(os.path.join(workdir, "HEAD")):
        os.makedirs(workdir, exist_ok=True)
        git("init", "--quiet", "--bare", what="setting up the deploy repository")
    committer = _committer(workdir)
    listed = git("ls-remote", url, f"refs/heads/{branch}", what=f"reaching {target.shown}")
    live = listed.stdout.split()[0] if listed.stdout.strip() else None
    if live:
        git("fetch", "--quiet", "--no-tags", url, f"+refs/heads/{branch}:{live_ref}",
            what=f"fetching {branch} from {target.shown}")  # fmt: skip
    else:
        # A new remote, or a new branch: start from nothing, not from an old deploy.
        for ref in (live_ref, f"refs/heads/{branch}"):
            subprocess.run(["git", "update-ref", "-d", ref], cwd=workdir, capture_output=True)

    command = [sys.executable, "-m", "ghp_import", "--no-jekyll", "--remote", "live",
               "--branch", branch, "--message", message]  # fmt: skip
    if target.cname:
        command += ["--cname", target.cname]
    _run([*command, os.path.abspath(output)], workdir, secrets, "ghp-import", committer)
    head = git("rev-parse", "--verify", "--quiet", f"refs/heads/{branch}", what="ghp-import")
    head = head.stdout.strip()
    if not head or head == live:
        raise ToolError("deploy: ghp-import made no commit; nothing was pushed.")
    if live and _tree(workdir, head) == _tree(workdir, live):
        return Pushed(target.shown, changed=False)
    git("push", "--quiet", url, f"refs/heads/{branch}:refs/heads/{branch}",
        what=f"pushing {branch} to {target.shown}")  # fmt: skip
    return Pushed(target.shown, changed=True)


def _tree(workdir: str, commit: str) -> str:
    return subprocess.run(
        ["git", "rev-parse", f"{commit}^{{tree}}"], cwd=workdir, capture_output=True, text=True
    ).stdout.strip()


def _committer(workdir: str) -> dict[str, str]:
    """A committer name for the deploy commit when git has none configured (a bare CI box)."""
    if os.environ.get("GIT_COMMITTER_NAME"):
        return {}
    configured = subprocess.run(
        ["git", "config", "user.name"], cwd=workdir, capture_output=True, text=True
    ).stdout.strip()
    if configured:
        return {}
    return {"GIT_COMMITTER_NAME": "Response Team deploy",
            "GIT_COMMITTER_EMAIL": "deploy@localhost"}  # fmt: skip


# -- rsync --------------------------------------------------------------------------


def is_remote(destination: str) -> bool:
    """rsync's own rule: ``host:path`` (a colon before any slash) or ``rsync://`` is remote."""
    return destination.startswith("rsync://") or bool(re.match(r"^[^/]*:", destination))


def check_destination(destination: str, protected: tuple[str, ...]) -> None:
    """Refuse a local destination that --delete would empty of something precious.

    ``protected`` folders (the project) may not be the destination, inside it, or hold it.
    """
    if is_remote(destination):
        return
    path = os.path.realpath(os.path.expanduser(destination))
    refused = path in (os.path.realpath("/"), os.path.realpath(os.path.expanduser("~")))
    for folder in map(os.path.realpath, protected):
        common = os.path.commonpath([path, folder])
        refused = refused or common in (path, folder)
    if refused:
        raise ToolError(
            f"deploy: {RSYNC_TARGET}={destination} would delete files that are not the "
            "site's (it is the root, your home, or the project); choose a folder of its own."
        )


def rsync(output: str, target: Target, protected: tuple[str, ...] = ()) -> Pushed:
    """Mirror ``output`` to the destination; files gone from the site go from there too."""
    if shutil.which("rsync") is None:
        raise ToolError(
            "deploy: rsync is not installed (Debian/Ubuntu: apt-get install rsync); "
            "or deploy with --to gh-pages."
        )
    check_destination(target.destination, protected)
    secrets = secrets_of(target.destination)
    command = [
        "rsync",
        "--recursive", "--links",
        # Compare by content, not time: Pelican rewrites every file, and unchanged pages
        # should keep their dates on the server (stable Last-Modified, warm caches).
        "--checksum",
        # Nothing changes on the server until every new file has arrived; then deletions.
        "--delay-updates", "--delete-delay",
        "--itemize-changes",
        os.path.abspath(output).rstrip(os.sep) + os.sep,
        target.destination,
    ]  # fmt: skip
    result = _run(command, os.getcwd(), secrets, f"rsync to {target.shown}")
    return Pushed(target.shown, changed=bool(result.stdout.strip()))


def push(kind: str, output: str, environ: Mapping[str, str], workdir: str, message: str,
         protected: tuple[str, ...] = ()) -> Pushed:  # fmt: skip
    """Push ``output`` to the target ``kind`` configured in ``environ``."""
    target = Target.from_environment(kind, environ)
    if not os.path.isfile(os.path.join(output, "index.html")):
        raise ToolError(f"deploy: {output} holds no site; run invoke publish first.")
    if kind == "gh-pages":
        return gh_pages(output, target, workdir, message)
    return rsync(output, target, protected)


# -- after a deploy -----------------------------------------------------------------


def after_deploy(settings: dict, output_dir: str) -> str | None:
    """What follows a push that changed the live site: the WebSub ping to the feed hub.

    Does nothing unless the feeds plugin is in the site's ``PLUGINS`` and has its
    ``websub`` module. The ping is the hub's business: the site is already live, so a
    failed ping is a warning, not a failed deploy. Returns what was done, for the task.
    """
    if "feeds" not in [str(name).rsplit(".", 1)[-1] for name in settings.get("PLUGINS", [])]:
        return None
    try:
        websub = importlib.import_module("feeds.websub")
    except ImportError:
        return None
    # The feeds plugin's own entry point for "the site changed; tell the hub".
    ping = getattr(websub, "ping", None)
    if ping is None:
        logger.warning("feeds.websub has no ping(settings, output_dir): the hub was not told")
        return None
    try:
        result = ping(settings, output_dir)
    except Exception as error:  # the site is live; a hub that is down must not undo that
        logger.warning("The site is live, but the WebSub ping failed: %s", mask(str(error)))
        return None
    return str(result) if result else "pinged the WebSub hub"
