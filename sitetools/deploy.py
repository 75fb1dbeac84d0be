"""`invoke deploy`: push a published output/ to a gh-pages branch (git plumbing) or by rsync.

Where to push comes only from the environment (see ``Target.from_environment``), so
credentials live in the CI's secrets and never in the repository. They never reach the
build (``build_environment`` drops them) nor any command line: git gets them from a
credential helper that reads them from its own environment. Anything echoed from git or
rsync passes through ``mask`` first: a token is never printed.

File names in output/ come from posts (aliases, image names), so an attacker may choose
them: they reach git only NUL-terminated (``update-index -z``) and the tree git made is
listed back and compared with output/ before anything is pushed.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import pickle
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit, urlunsplit

from posts import characters
from sitekit.files import write_atomically

from . import ToolError

logger = logging.getLogger(__name__)

GH_PAGES_REMOTE = "DEPLOY_GH_PAGES_REMOTE"
GH_PAGES_TOKEN = "DEPLOY_GH_PAGES_TOKEN"
GH_PAGES_USER = "DEPLOY_GH_PAGES_USER"
GH_PAGES_BRANCH = "DEPLOY_GH_PAGES_BRANCH"
GH_PAGES_CNAME = "DEPLOY_GH_PAGES_CNAME"
RSYNC_TARGET = "DEPLOY_RSYNC_TARGET"
TARGETS = ("gh-pages", "rsync")

# What a build must never see: the deploy's own settings (DEPLOY_*), the tokens CI
# services and tools read, and the doors to keys (an ssh agent could push for it).
SECRET_VARIABLES = frozenset({
    "GITHUB_TOKEN", "GH_TOKEN", "GITLAB_TOKEN", "CI_JOB_TOKEN", "RSYNC_PASSWORD",
    "SSH_AUTH_SOCK", "ACTIONS_RUNTIME_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
    "ACTIONS_ID_TOKEN_REQUEST_URL", "GIT_ASKPASS", "SSH_ASKPASS",
})  # fmt: skip
# The credential helper's own variables: set only in the environment of the git processes.
_USERNAME, _PASSWORD = "RT_DEPLOY_GIT_USERNAME", "RT_DEPLOY_GIT_PASSWORD"
# Git runs a helper starting with "!" through the shell. The values are expanded inside
# that shell (printf is a builtin), so they are on no process's command line.
_HELPER = (
    '!f() { test "$1" = get || exit 0; '
    f'printf "%s\\n" "username=${_USERNAME}" "password=${_PASSWORD}"; }}; f'
)

_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/@\s]+@")


def build_environment(environ: Mapping[str, str]) -> dict[str, str]:
    """``environ`` without the deploy's secrets: what Pelican and the plugins run with."""
    return {
        name: value
        for name, value in environ.items()
        if not name.startswith(("DEPLOY_", "RT_DEPLOY_")) and name not in SECRET_VARIABLES
    }


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


def split_credentials(url: str) -> tuple[str, str | None, str | None]:
    """An http(s) URL without its user and password, and those two (percent-decoded)."""
    try:
        parts = urlsplit(url)
        username, password = parts.username, parts.password
        host = parts.hostname
    except ValueError:
        return url, None, None
    if parts.scheme.lower() not in ("http", "https") or "@" not in parts.netloc:
        return url, None, None
    if not host:
        return url, None, None
    netloc = parts.netloc.rsplit("@", 1)[1]
    bare = urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    return bare, unquote(username) if username else None, unquote(password or "")


@dataclass(frozen=True)
class Target:
    """Where a deploy goes, read from the environment."""

    kind: str  # "gh-pages" or "rsync"
    destination: str  # the remote URL (without credentials) or path, or the rsync destination
    branch: str = "gh-pages"
    cname: str | None = None
    username: str | None = field(default=None, repr=False)
    password: str | None = field(default=None, repr=False)

    @property
    def shown(self) -> str:
        return mask(self.destination, secrets_of(self.destination))

    @property
    def secrets(self) -> tuple[str, ...]:
        found = (self.password, self.username)  # a token may be given as the user
        return secrets_of(self.destination) + tuple(s for s in found if s)

    def git_environment(self, environ: Mapping[str, str] | None = None) -> dict[str, str]:
        """The variables that hand git the credentials (through the helper), if any.

        Added after any settings ``environ`` already gives git through ``GIT_CONFIG_*``.
        """
        parts = urlsplit(self.destination)
        if self.password is None or parts.scheme.lower() not in ("http", "https"):
            return {}
        first = int((environ or {}).get("GIT_CONFIG_COUNT", "0") or 0)
        return {
            "GIT_CONFIG_COUNT": str(first + 2),
            # An empty helper first: no helper of the user's may store the token.
            f"GIT_CONFIG_KEY_{first}": "credential.helper",
            f"GIT_CONFIG_VALUE_{first}": "",
            # Scoped to the remote's own address: no other host is ever given it.
            f"GIT_CONFIG_KEY_{first + 1}": f"credential.{parts.scheme}://{parts.netloc}.helper",
            f"GIT_CONFIG_VALUE_{first + 1}": _HELPER,
            _USERNAME: self.username or "x-access-token",
            _PASSWORD: self.password,
        }

    @classmethod
    def from_environment(cls, kind: str | None, environ: Mapping[str, str]) -> Target:
        if kind == "gh-pages":
            remote = environ.get(GH_PAGES_REMOTE, "").strip()
            if not remote:
                raise ToolError(
                    f"deploy: set {GH_PAGES_REMOTE} to the git remote to push to, e.g. "
                    f"https://github.com/OWNER/REPO.git, and {GH_PAGES_TOKEN} "
                    "(see docs/deploying.md)."
                )
            remote, username, password = split_credentials(remote)
            token = environ.get(GH_PAGES_TOKEN, "").strip()
            if token:
                username, password = environ.get(GH_PAGES_USER, "").strip() or None, token
            for value in (username, password):
                if value and any(ord(c) < 32 or ord(c) == 127 for c in value):
                    raise ToolError("deploy: the git user or token holds a control character.")
            branch = environ.get(GH_PAGES_BRANCH, "").strip() or "gh-pages"
            if not re.fullmatch(r"(?!-)(?!.*\.\.)[A-Za-z0-9._/-]+(?<![./])", branch):
                raise ToolError(f"deploy: {GH_PAGES_BRANCH}={branch!r} is not a branch name.")
            cname = environ.get(GH_PAGES_CNAME, "").strip() or None
            return cls(kind, remote, branch, cname, username, password)
        if kind == "rsync":
            destination = environ.get(RSYNC_TARGET, "").strip()
            if not destination:
                raise ToolError(
                    f"deploy: set {RSYNC_TARGET} to where the site goes, e.g. "
                    "deploy@example.org:/var/www/site/ (see docs/deploying.md)."
                )
            return cls(kind, destination)
        if not kind:
            raise ToolError(
                "deploy: say where: --to gh-pages or --to rsync (see docs/deploying.md)."
            )
        raise ToolError(f"deploy: --to must be one of {', '.join(TARGETS)}, not '{kind}'.")


@dataclass(frozen=True)
class Pushed:
    target: str  # masked
    changed: bool  # False when the live copy already matched output/


def _run(command, cwd, secrets, what, env, data: bytes | Iterable[bytes] | None = None):
    """Run a git or rsync command; on failure, raise with its own words, masked.

    ``data`` (its input) may be chunks, written as they come: a site's files are not all
    held in memory at once.
    """
    env = {**env, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    if data is None or isinstance(data, bytes):
        result = subprocess.run(command, cwd=cwd, capture_output=True, input=data, env=env)
    else:
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            process = subprocess.Popen(
                command, cwd=cwd, stdin=subprocess.PIPE, stdout=out, stderr=err, env=env
            )
            try:
                for chunk in data:
                    process.stdin.write(chunk)
                process.stdin.close()
            except BrokenPipeError:  # it stopped early: its own words say why
                pass
            finally:
                code = process.wait()
            out.seek(0)
            err.seek(0)
            result = subprocess.CompletedProcess(command, code, out.read(), err.read())
    if result.returncode != 0:
        said = (result.stderr or result.stdout).decode("utf-8", "replace").strip()
        said = mask(printable(said, keep="\n"), secrets)
        raise ToolError(f"deploy: {what} failed: {said or 'exit ' + str(result.returncode)}")
    return result


# -- what is published --------------------------------------------------------------


def printable(text: str | bytes, keep: str = "") -> str:
    """``text`` for a terminal, by the contract's rule (``posts.characters.printable``):
    bytes read as UTF-8, and the characters in ``keep`` (a newline) left as they are."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "backslashreplace")
    if not keep:
        return characters.printable(text)
    part, *rest = keep
    return part.join(printable(piece, "".join(rest)) for piece in text.split(part))


def site_files(output: str) -> dict[bytes, str]:
    """Every file of the site, by its path inside ``output`` as bytes ("/" between folders).

    Only regular files and folders are published: a symbolic link or a device in output/
    (a web server may follow a link anywhere) stops the deploy, and so does a ``.git``
    folder or file, which git cannot hold in a tree.
    """
    found: dict[bytes, str] = {}

    def visit(folder: bytes, prefix: bytes) -> None:
        with os.scandir(folder) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                path = prefix + entry.name
                if entry.name.lower().rstrip(b". ") == b".git":
                    refuse(path, "is named .git, which git refuses to hold")
                if entry.is_dir(follow_symlinks=False):
                    visit(entry.path, path + b"/")
                elif entry.is_file(follow_symlinks=False):
                    found[path] = os.fsdecode(entry.path)
                else:
                    refuse(path, "is a symbolic link or a special file, not a file of the site")

    def refuse(path: bytes, why: str):
        raise ToolError(f"deploy: {display(output)}{printable(path)} {why}; nothing was pushed.")

    visit(os.fsencode(output), b"")
    return found


# -- GitHub Pages -------------------------------------------------------------------


def gh_pages(output: str, target: Target, workdir: str, message: str,
             environ: Mapping[str, str] | None = None) -> Pushed:  # fmt: skip
    """Commit ``output`` (with .nojekyll) on top of the remote branch and push it.

    The commit is made in a private bare repository (``workdir``), never in the project's
    own: the branch is fetched from the remote first, so history is kept and the push
    needs no force; when the tree is what is live already, nothing is pushed.
    """
    url, branch = target.destination, target.branch
    files = site_files(output)
    environ = _for_git(os.environ if environ is None else environ)
    git, env = _deploy_repository(workdir, target, environ)
    env.update(_identity(workdir, environ))
    live = _fetch_live_branch(git, target)
    tree = write_tree(workdir, files, target.cname, git)
    if live and git("rev-parse", f"{live}^{{tree}}", what="reading the live tree").strip() == tree:
        return Pushed(target.shown, changed=False)
    parents = ["-p", live] if live else []  # a new branch starts from nothing
    commit = git("commit-tree", tree.decode(), *parents, what="committing the site",
                 data=message.encode()).strip().decode()  # fmt: skip
    git("update-ref", f"refs/heads/{branch}", commit, what="recording the commit")
    git("push", "--quiet", "--", url, f"refs/heads/{branch}:refs/heads/{branch}",
        what=f"pushing {branch} to {target.shown}")  # fmt: skip
    return Pushed(target.shown, changed=True)


def _for_git(environ: Mapping[str, str]) -> dict[str, str]:
    """What git may need (an ssh agent, proxies), not the deploy's own variables."""
    return {k: v for k, v in environ.items() if not k.startswith(("DEPLOY_", "RT_DEPLOY_"))}


def _deploy_repository(workdir: str, target: Target, environ: dict[str, str]):
    """(git, its environment): ``git(*args, what=, data=, extra=)`` runs git in the private
    bare repository ``workdir``, made if missing, with the target's credentials."""
    env = {**environ, **target.git_environment(environ)}

    def git(*args: str, what: str, data: bytes | None = None, extra: dict | None = None):
        command = ["git", *args]
        return _run(command, workdir, target.secrets, what, {**env, **(extra or {})}, data).stdout

    if not os.path.exists(os.path.join(workdir, "HEAD")):
        os.makedirs(workdir, exist_ok=True)
        git("init", "--quiet", "--bare", what="setting up the deploy repository")
    return git, env


def _live_ref(target: Target) -> str:
    return f"refs/remotes/live/{target.branch}"


def _fetch_live_branch(git, target: Target) -> str | None:
    """The live commit of the target's branch, fetched into ``_live_ref``; None when the
    branch does not exist yet (the first deploy)."""
    url, branch = target.destination, target.branch
    listed = git("ls-remote", "--", url, f"refs/heads/{branch}", what=f"reaching {target.shown}")
    heads = dict(line.split(b"\t")[::-1] for line in listed.splitlines() if b"\t" in line)
    live = heads.get(f"refs/heads/{branch}".encode(), b"").decode() or None
    if live:
        git("fetch", "--quiet", "--no-tags", "--", url, f"+refs/heads/{branch}:{_live_ref(target)}",
            what=f"fetching {branch} from {target.shown}")  # fmt: skip
    return live


def write_tree(workdir: str, files: dict[bytes, str], cname: str | None, git) -> bytes:
    """The tree object of the site: ``files`` plus .nojekyll (and CNAME), checked.

    Blobs go in through fast-import (which never sees a path, only numbered marks), the
    paths through a private index fed NUL-terminated records, so no byte of a name can be
    read as a command. Git drops some paths silently (``.git``): the tree it wrote is
    listed back and must hold exactly the names given. A file with the size and date it
    had at the last deploy is not read again: its blob is taken from the record of that
    deploy (``known_blobs``), once git confirms it holds that blob.
    """
    extra = {b".nojekyll": b"", **({b"CNAME": cname.encode()} if cname else {})}
    paths = sorted(set(files) | set(extra))
    stamps = {path: _stamp(files[path]) for path in files}
    blobs = known_blobs(os.path.join(workdir, BLOBS_RECORD), stamps, git)
    new = [path for path in paths if path not in blobs]

    def stream():
        yield b"feature done\n"
        for mark, path in enumerate(new, 1):
            data = extra[path] if path in extra else _read(files[path])
            yield b"blob\nmark :%d\ndata %d\n" % (mark, len(data))
            yield data + b"\n"
        yield b"done\n"

    with tempfile.TemporaryDirectory(dir=workdir) as scratch:
        marks = os.path.join(scratch, "marks")
        git("fast-import", "--quiet", f"--export-marks={marks}", what="storing the site's files",
            data=stream())  # fmt: skip
        with open(marks, "rb") as file:
            written = dict(line.split(b" ", 1) for line in file.read().splitlines())
        for mark, path in enumerate(new, 1):
            blobs[path] = written[b":%d" % mark].strip()
        records = []
        for path in paths:
            executable = path in files and os.access(files[path], os.X_OK)
            mode = b"100755" if executable else b"100644"
            records.append(b"%s %s\t%s\0" % (mode, blobs[path], path))
        index = {"GIT_INDEX_FILE": os.path.join(scratch, "index")}
        git("update-index", "-z", "--add", "--index-info", what="listing the site's files",
            data=b"".join(records), extra=index)  # fmt: skip
        tree = git("write-tree", what="writing the site's tree", extra=index).strip()
    listed = git("ls-tree", "-r", "-z", "--name-only", "--full-tree", tree.decode(),
                 what="reading back the site's tree").split(b"\0")  # fmt: skip
    if sorted(name for name in listed if name) != paths:
        missing = sorted(set(paths) - set(listed))
        raise ToolError(
            "deploy: git did not take every file as named"
            + (f" ({printable(missing[0])})" if missing else "")
            + "; nothing was pushed."
        )
    _record_blobs(workdir, {path: (stamps[path], blobs[path]) for path in files})
    return tree


# Each file's blob at the last deploy, by its path, size and date, in the deploy repository.
BLOBS_RECORD = "site-blobs.pickle"


def _record_blobs(workdir: str, blobs: dict[bytes, tuple]) -> None:
    """Keep each file's (stamp, blob) for the next deploy, but those with no stamp."""
    record = {path: (*stamp, blob) for path, (stamp, blob) in blobs.items() if stamp}
    with contextlib.suppress(OSError):  # without it, the next deploy reads every file
        data = pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL)
        write_atomically(os.path.join(workdir, BLOBS_RECORD), data)


def _stamp(path: str) -> tuple[int, int] | None:
    """A file's size and date to the nanosecond; None for one written this very second,
    which a write later in the same clock tick could change without changing its date."""
    stat = os.stat(path, follow_symlinks=False)
    if time.time_ns() - stat.st_mtime_ns < 2_000_000_000:
        return None
    return stat.st_size, stat.st_mtime_ns


def known_blobs(record_path: str, stamps: dict, git) -> dict[bytes, bytes]:
    """The blob of each file whose size and date are those recorded at the last deploy,
    among the blobs git holds with that size (any other is read and stored again)."""
    try:
        with open(record_path, "rb") as file:
            record = pickle.load(file)
    except Exception:  # none yet, cut short, or from another Python: read every file
        return {}
    if not isinstance(record, dict):
        return {}
    known = {}
    for path, stamp in stamps.items():
        kept = record.get(path)
        if stamp and isinstance(kept, tuple) and len(kept) == 3 and kept[:2] == stamp:
            known[path] = kept[2]
    if not known:
        return {}
    asked = b"".join(blob + b"\n" for blob in known.values())
    said = git("cat-file", "--batch-check", what="looking up the files of the last deploy",
               data=asked).splitlines()  # fmt: skip
    held = {}
    for line in said:
        blob, kind, size = (line.split(b" ") + [b"", b""])[:3]
        if kind == b"blob" and size.isdigit():
            held[blob] = int(size)
    return {path: blob for path, blob in known.items() if held.get(blob) == stamps[path][0]}


def _read(path: str) -> bytes:
    """A file's bytes; never through a link put in its place since output/ was listed."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    with open(fd, "rb") as file:
        return file.read()


def _identity(workdir: str, environ: Mapping[str, str]) -> dict[str, str]:
    """Who makes the deploy commit when git has no one configured (a bare CI box).

    The author is the committer: the commit is the deploy's, not a person's.
    """
    name, email = environ.get("GIT_COMMITTER_NAME"), environ.get("GIT_COMMITTER_EMAIL")
    if not name:
        configured = subprocess.run(
            ["git", "config", "user.name"], cwd=workdir, capture_output=True, text=True,
            env={**environ, "LC_ALL": "C"},
        ).stdout.strip()  # fmt: skip
        if configured:
            return {}
        name, email = "Response Team deploy", "deploy@localhost"
    found = {"GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email or "deploy@localhost"}
    if not environ.get("GIT_AUTHOR_NAME"):
        found |= {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": found["GIT_COMMITTER_EMAIL"]}
    return found


def display(path: str) -> str:
    relative = os.path.relpath(path)
    shown = path if relative.startswith("..") else relative
    return shown.rstrip("/") + "/"


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


def rsync(output: str, target: Target, protected: tuple[str, ...] = (),
          environ: Mapping[str, str] | None = None) -> Pushed:  # fmt: skip
    """Mirror ``output`` to the destination; files gone from the site go from there too.

    rsync carries file names inside its own protocol; ``--protect-args`` keeps the remote
    shell from splitting or expanding the destination, and ``--`` ends the options.
    """
    if shutil.which("rsync") is None:
        raise ToolError(
            "deploy: rsync is not installed (Debian/Ubuntu: apt-get install rsync); "
            "or deploy with --to gh-pages."
        )
    check_destination(target.destination, protected)
    site_files(output)  # no link, device or .git in the site
    secrets = secrets_of(target.destination)
    command = [
        "rsync",
        # No --links: the site is files only (site_files refused any link above).
        "--recursive", "--protect-args",
        # Compare by content, not time: Pelican rewrites every file, and unchanged pages
        # should keep their dates on the server (stable Last-Modified, warm caches).
        "--checksum",
        # Nothing changes on the server until every new file has arrived; then deletions.
        "--delay-updates", "--delete-delay",
        "--itemize-changes",
        "--",
        os.path.abspath(output).rstrip(os.sep) + os.sep,
        target.destination,
    ]  # fmt: skip
    env = dict(os.environ if environ is None else environ)  # RSYNC_RSH, RSYNC_PASSWORD...
    result = _run(command, os.getcwd(), secrets, f"rsync to {target.shown}", env)
    return Pushed(target.shown, changed=bool(result.stdout.strip()))


def fetch_live(kind: str, environ: Mapping[str, str], workdir: str, into: str) -> bool:
    """Put the files of the site that is live in the new folder ``into``, to start a build
    from (see warm.py); False (and ``into`` not made) when nothing is live yet.

    gh-pages: the branch is fetched into the deploy repository (git checks every object
    against its id, the digest of its bytes) and its tree written out. rsync: copied
    back from the destination.
    """
    target = Target.from_environment(kind, environ)
    if kind != "gh-pages":
        if shutil.which("rsync") is None:
            return False
        source = target.destination.rstrip("/") + "/"
        env = dict(environ)
        command = ["rsync", "--recursive", "--times", "--protect-args", "--", source, into]
        try:
            _run(command, os.getcwd(), secrets_of(target.destination), "reading the site", env)
        except ToolError:
            shutil.rmtree(into, ignore_errors=True)
            return False
        return os.path.isfile(os.path.join(into, "index.html"))
    git, _ = _deploy_repository(workdir, target, _for_git(environ))
    if not _fetch_live_branch(git, target):
        return False
    live_ref = _live_ref(target)
    # Only files: a symbolic link or a submodule in the live tree (never in a deploy of
    # ours, see site_files) means it is not ours to start from.
    listed = git("ls-tree", "-r", "-z", "--full-tree", live_ref, what="listing the live site")
    entries = [entry.split(b"\t", 1) for entry in listed.split(b"\0") if entry]
    # "<mode> <type> <blob>", path
    if not {about.split(b" ", 1)[0] for about, _ in entries} <= {b"100644", b"100755"}:
        return False
    # Written out by git, through a private index: it refuses a path with "..", ".git" or
    # a leading "/" as it reads the tree, and inflates and writes files on every core.
    os.makedirs(into)
    index = {"GIT_INDEX_FILE": os.path.join(workdir, "live.index")}
    try:
        git("read-tree", live_ref, what="reading the live site", extra=index)
        git("-c", "checkout.workers=0", f"--work-tree={into}", "checkout-index", "-a",
            what="writing out the live site", extra=index)  # fmt: skip
    except ToolError:
        shutil.rmtree(into, ignore_errors=True)
        return False
    finally:
        with contextlib.suppress(OSError):
            os.remove(index["GIT_INDEX_FILE"])
    # Dated as the live commit, as rsync keeps the live files' dates: what was fetched is
    # told apart from what this run writes.
    when = int(git("log", "-1", "--format=%ct", live_ref, what="dating the live site"))
    blobs = {}
    for about, path in entries:
        written = os.path.join(into, os.fsdecode(path))
        os.utime(written, (when, when), follow_symlinks=False)
        blobs[path] = (_stamp(written), about.split(b" ")[2])
    # What the deploy of this run need not read again (write_tree): each file the build
    # leaves as it is has this blob, which the deploy repository now holds.
    _record_blobs(workdir, blobs)
    return True


def push(kind: str, output: str, environ: Mapping[str, str], workdir: str, message: str,
         protected: tuple[str, ...] = ()) -> Pushed:  # fmt: skip
    """Push ``output`` to the target ``kind`` configured in ``environ``."""
    target = Target.from_environment(kind, environ)
    if not os.path.isfile(os.path.join(output, "index.html")):
        raise ToolError(f"deploy: {output} holds no site; run invoke publish first.")
    if kind == "gh-pages":
        return gh_pages(output, target, workdir, message, environ)
    return rsync(output, target, protected, environ)


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
