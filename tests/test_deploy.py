"""`invoke deploy` for real: into a bare git repository and, by rsync, into a local folder."""

from __future__ import annotations

import json
import os
import pickle
import re
import shutil
import socket
import subprocess
import time
import types

import pytest
from changes import files, same_as_clean
from projects import BIN, digest, project
from sites import post, rebuttal

from sitetools import ToolError, deploy

pytestmark = pytest.mark.build


def git(repo, *args) -> str:
    return subprocess.run(
        ["git", "--git-dir", str(repo), *args], capture_output=True, text=True, check=True
    ).stdout


def small_project(tmp_path):
    copy = project(tmp_path)
    copy.write("posts/a.md", rebuttal("First rebuttal", date="2026-11-01 09:00"))
    copy.write("posts/b.md", post("An update", date="2026-11-02 09:00"))
    copy.write("posts/draft.md", rebuttal("A prebuttal", date="2026-11-03 09:00", status="draft"))
    return copy


def withdraw(copy, source: str) -> None:
    """Take a published post off the site on purpose, as the README says: file and entry."""
    (copy.content / source).unlink()
    ledger = json.loads((copy.content / "published.json").read_text())
    del ledger["posts"][source]
    (copy.content / "published.json").write_text(json.dumps(ledger))


@pytest.fixture
def bare(tmp_path):
    repo = tmp_path / "live.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(repo)], check=True)
    return repo


@pytest.mark.needs("git")
def test_deploy_to_gh_pages_pushes_the_site_with_nojekyll_and_keeps_history(tmp_path, bare):
    copy = small_project(tmp_path)
    env = {"DEPLOY_GH_PAGES_REMOTE": str(bare)}
    result = copy.invoke("deploy", "--to", "gh-pages", **env)
    assert result.returncode == 0, result.stderr
    assert f"Deployed to {bare}." in result.stdout
    files = git(bare, "ls-tree", "-r", "--name-only", "gh-pages").split()
    assert ".nojekyll" in files
    assert "index.html" in files
    assert "2026/11/first-rebuttal/index.html" in files
    assert not any(name.startswith("drafts/") for name in files)
    pushed = git(bare, "show", "gh-pages:2026/11/first-rebuttal/index.html")
    assert pushed == (copy.output / "2026/11/first-rebuttal/index.html").read_text()
    first = git(bare, "rev-parse", "gh-pages").strip()

    again = copy.invoke("deploy", "--to", "gh-pages", **env)
    assert again.returncode == 0, again.stderr
    assert "already has this build: nothing to push" in again.stdout
    assert git(bare, "rev-parse", "gh-pages").strip() == first

    withdraw(copy, "posts/b.md")
    third = copy.invoke("deploy", "--to", "gh-pages", **env)
    assert third.returncode == 0, third.stderr
    assert git(bare, "rev-parse", "gh-pages~1").strip() == first
    files = git(bare, "ls-tree", "-r", "--name-only", "gh-pages").split()
    assert "2026/11/an-update/index.html" not in files
    assert "2026/11/first-rebuttal/index.html" in files


@pytest.mark.needs("git")
def test_branch_and_domain_come_from_the_environment_on_a_machine_with_no_git_identity(
    tmp_path, bare
):
    copy = small_project(tmp_path)
    env = {"DEPLOY_GH_PAGES_REMOTE": str(bare), "DEPLOY_GH_PAGES_BRANCH": "site",
           "DEPLOY_GH_PAGES_CNAME": "rebuttals.example.net",
           # As on a bare CI machine: no user.name anywhere.
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}  # fmt: skip
    result = copy.invoke("deploy", "--to", "gh-pages", **env)
    assert result.returncode == 0, result.stderr
    assert git(bare, "show", "site:CNAME").strip() == "rebuttals.example.net"
    assert "gh-pages" not in git(bare, "branch", "--list")
    assert git(bare, "log", "-1", "--format=%cn", "site").strip() == "Response Team deploy"


@pytest.mark.needs("git")
def test_a_broken_post_stops_the_deploy_and_leaves_the_live_copy_alone(tmp_path, bare):
    copy = small_project(tmp_path)
    env = {"DEPLOY_GH_PAGES_REMOTE": str(bare)}
    assert copy.invoke("deploy", "--to", "gh-pages", **env).returncode == 0
    live, output = git(bare, "rev-parse", "gh-pages"), digest(copy.output)
    copy.write("posts/c.md", rebuttal("Broken", verdict="fasle"))
    result = copy.invoke("deploy", "--to", "gh-pages", **env)
    assert result.returncode == 1
    assert "posts/c.md:6: verdict: 'fasle' is not a verdict; did you mean false?" in result.stderr
    assert "output/ was not changed" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert git(bare, "rev-parse", "gh-pages") == live
    assert digest(copy.output) == output


@pytest.mark.needs("rsync")
def test_deploy_by_rsync_mirrors_the_site_and_removes_what_went(tmp_path):
    copy = small_project(tmp_path)
    target = tmp_path / "www"
    target.mkdir()
    (target / "left-over.html").write_text("from before")
    env = {"DEPLOY_RSYNC_TARGET": f"{target}/"}
    result = copy.invoke("deploy", "--to", "rsync", **env)
    assert result.returncode == 0, result.stderr
    assert digest(target) == digest(copy.output)
    assert not (target / ".nojekyll").exists()

    withdraw(copy, "posts/b.md")
    assert copy.invoke("deploy", "--to", "rsync", **env).returncode == 0
    assert not (target / "2026/11/an-update").exists()
    assert digest(target) == digest(copy.output)

    live = digest(target)
    copy.write("posts/c.md", rebuttal("Broken", verdict="fasle"))
    broken = copy.invoke("deploy", "--to", "rsync", **env)
    assert broken.returncode == 1
    assert digest(target) == live


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.needs("git")
def test_credentials_in_the_remote_are_never_printed(tmp_path):
    copy = small_project(tmp_path)
    remote = f"https://deployer:s3cr%40tTOKEN@127.0.0.1:{closed_port()}/site.git"
    result = copy.invoke("deploy", "--to", "gh-pages", DEPLOY_GH_PAGES_REMOTE=remote)
    assert result.returncode == 1
    said = result.stdout + result.stderr
    # The URL is shown (and given to git) without its user and password.
    assert f"deploy: reaching https://127.0.0.1:{remote.rsplit(':', 1)[1]} failed" in said
    for secret in ("s3cr", "TOKEN", "deployer"):
        assert secret not in said


def test_a_deploy_with_no_target_says_which_variable_to_set_and_builds_nothing(tmp_path):
    copy = small_project(tmp_path)
    result = copy.invoke("deploy", "--to", "gh-pages")
    assert result.returncode == 1
    assert "set DEPLOY_GH_PAGES_REMOTE" in result.stderr
    assert not copy.output.exists()


@pytest.mark.parametrize(
    "kind, environ, problem",
    [
        ("rsync", {}, "set DEPLOY_RSYNC_TARGET"),
        ("rsync", {"DEPLOY_RSYNC_TARGET": "  "}, "set DEPLOY_RSYNC_TARGET"),
        ("ftp", {}, "--to must be one of gh-pages, rsync, not 'ftp'"),
        (
            "gh-pages",
            {"DEPLOY_GH_PAGES_REMOTE": "/x.git", "DEPLOY_GH_PAGES_BRANCH": "a:refs/heads/main"},
            "is not a branch name",
        ),
        (
            "gh-pages",
            {"DEPLOY_GH_PAGES_REMOTE": "/x.git", "DEPLOY_GH_PAGES_BRANCH": "--force"},
            "is not a branch name",
        ),
        (None, {}, "say where: --to gh-pages or --to rsync"),
    ],
)
def test_targets_come_only_from_the_environment(kind, environ, problem):
    with pytest.raises(ToolError, match=problem):
        deploy.Target.from_environment(kind, environ)
    target = deploy.Target.from_environment("gh-pages", {"DEPLOY_GH_PAGES_REMOTE": "/srv/x.git"})
    assert (target.destination, target.branch, target.cname) == ("/srv/x.git", "gh-pages", None)


@pytest.mark.parametrize(
    "text, shown",
    [
        ("https://x-access-token:ghs_abc123@github.com/o/r.git", "https://***@github.com/o/r.git"),
        ("fatal: unable to access 'https://tok@host/r/'", "fatal: unable to access 'https://***@host/r/'"),
        ("rsync://user:pw@host/module", "rsync://***@host/module"),
        ("deploy@example.org:/var/www/", "deploy@example.org:/var/www/"),
    ],
)  # fmt: skip
def test_mask_hides_the_user_part_of_every_url(text, shown):
    assert deploy.mask(text) == shown


def test_mask_hides_known_secrets_wherever_they_appear():
    url = "https://bot:p%40ss-word@github.com/o/r.git"
    assert deploy.secrets_of(url) == ("bot", "p%40ss-word", "p@ss-word") or set(
        deploy.secrets_of(url)
    ) == {"bot", "p%40ss-word", "p@ss-word"}
    assert deploy.mask("password p@ss-word rejected", deploy.secrets_of(url)) == (
        "password *** rejected"
    )


@pytest.mark.parametrize(
    "destination, remote",
    [("host:/srv/www", True), ("user@host:www/", True), ("rsync://host/m", True),
     ("/srv/www/", False), ("./a:b", False), ("site", False)],
)  # fmt: skip
def test_rsync_destinations_are_told_apart_as_rsync_does(destination, remote):
    assert deploy.is_remote(destination) is remote


def test_rsync_refuses_a_destination_that_would_delete_the_project(tmp_path):
    project_root = tmp_path / "project"
    (project_root / "content").mkdir(parents=True)
    for destination in ("/", str(tmp_path), str(project_root), str(project_root / "content")):
        with pytest.raises(ToolError, match="would delete files that are not the site's"):
            deploy.check_destination(destination, (str(project_root),))
    deploy.check_destination(str(tmp_path / "www"), (str(project_root),))
    deploy.check_destination("host:/", (str(project_root),))


def test_after_deploy_does_nothing_without_the_feeds_plugin():
    assert deploy.after_deploy({"PLUGINS": ["posts", "redirects"]}, "output") is None


def test_after_deploy_pings_through_the_feeds_plugin(monkeypatch):
    calls = []
    websub = types.ModuleType("feeds.websub")
    websub.ping = lambda settings, output: calls.append((settings["SITEURL"], output))
    feeds = types.ModuleType("feeds")
    feeds.websub = websub
    monkeypatch.setitem(__import__("sys").modules, "feeds", feeds)
    monkeypatch.setitem(__import__("sys").modules, "feeds.websub", websub)
    settings = {"PLUGINS": ["posts", "feeds"], "SITEURL": "https://rt.example.org"}
    assert deploy.after_deploy(settings, "output") == "pinged the WebSub hub"
    assert calls == [("https://rt.example.org", "output")]

    def down(settings, output):
        raise OSError("hub https://u:pw@hub.example.org unreachable")

    websub.ping = down
    assert deploy.after_deploy(settings, "output") is None


# -- hostile file names --------------------------------------------------------------

# Names an attacker can give a file of the site (an alias, an image): each would steer
# a deploy that wrote paths into a command stream or a command line unquoted.
DEFACE = b"a\ndata 0\n\nM 100644 inline index.html\ndata 8\nDEFACED!\nM 100644 inline b"
HOSTILE = [
    DEFACE + b"/index.html",
    b"old path/ https:/evil.example/index.html",
    b'quo"te.html',
    b"it's.html",
    b"-rf",
    b"--delete",
    b"-e sh -c id/--x.html",
    "ünïcødé/日本.html".encode(),
    b"back\\slash\\n.html",
    b"tab\tand\rreturn\x0bvt\x1b[31m.html",
    b"trailing space ",
    b"not utf-8 \xff\xfe.html",
    b"$(touch pwned) `id` *?.html",
    b"...",
    b'"quoted from the start"',
    b"\\",
]


def hostile_site(folder) -> dict[bytes, bytes]:
    """A built site holding every hostile name, as bytes path -> bytes content."""
    files = {b"index.html": b"<!doctype html><title>Home</title>"}
    files |= {name: b"file " + name for name in HOSTILE}
    root = os.fsencode(folder)
    for name, data in files.items():
        path = os.path.join(root, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as file:
            file.write(data)
    return files


def branch_files(repo, branch: str) -> dict[bytes, bytes]:
    """Every file on ``branch``: its path and bytes, read through -z (no quoting)."""
    listing = subprocess.run(
        ["git", "--git-dir", str(repo), "ls-tree", "-r", "-z", "--full-tree", branch],
        capture_output=True, check=True,
    ).stdout  # fmt: skip
    found = {}
    for record in filter(None, listing.split(b"\0")):
        meta, path = record.split(b"\t", 1)
        blob = meta.split()[2].decode()
        found[path] = subprocess.run(
            ["git", "--git-dir", str(repo), "cat-file", "blob", blob],
            capture_output=True, check=True,
        ).stdout  # fmt: skip
    return found


def folder_files(folder) -> dict[bytes, bytes]:
    root = os.fsencode(folder)
    found = {}
    for parent, _, names in os.walk(root):
        for name in names:
            path = os.path.join(parent, name)
            with open(path, "rb") as file:
                found[os.path.relpath(path, root)] = file.read()
    return found


@pytest.mark.needs("git")
def test_hostile_file_names_reach_the_branch_exactly_as_they_are(tmp_path, bare):
    output = tmp_path / "output"
    files = hostile_site(output)
    target = deploy.Target("gh-pages", str(bare), cname="rebuttals.example.net")
    pushed = deploy.gh_pages(str(output), target, str(tmp_path / "work"), "Publish")
    assert pushed.changed
    expected = files | {b".nojekyll": b"", b"CNAME": b"rebuttals.example.net"}
    assert branch_files(bare, "gh-pages") == expected
    assert folder_files(output) == files  # and output/ itself is as it was
    assert not (tmp_path / "work" / "pwned").exists() and not (tmp_path / "pwned").exists()


@pytest.mark.needs("rsync")
def test_rsync_mirrors_hostile_file_names_exactly(tmp_path):
    output, www = tmp_path / "output", tmp_path / "www"
    files = hostile_site(output)
    www.mkdir()
    (www / "-stale").write_text("from before")
    pushed = deploy.rsync(str(output), deploy.Target("rsync", f"{www}/"), ())
    assert pushed.changed
    assert folder_files(www) == files
    assert not (tmp_path / "pwned").exists()


@pytest.mark.needs("rsync")
def test_a_destination_starting_with_a_dash_is_a_folder_not_an_option(tmp_path, monkeypatch):
    output = tmp_path / "output"
    files = hostile_site(output)
    monkeypatch.chdir(tmp_path)
    deploy.rsync(str(output), deploy.Target("rsync", "--delete-www/"), ())
    assert folder_files(tmp_path / "--delete-www") == files


@pytest.mark.needs("git")
@pytest.mark.parametrize("name", [".git/config", "assets/.git", "x/.GIT/HEAD", ".git. /x"])
def test_a_git_folder_in_the_site_stops_the_deploy(tmp_path, bare, name):
    output = tmp_path / "output"
    hostile_site(output)
    (output / name).parent.mkdir(parents=True, exist_ok=True)
    (output / name).write_text("[core]\n")
    with pytest.raises(ToolError, match=r"is named \.git, which git refuses to hold"):
        deploy.gh_pages(str(output), deploy.Target("gh-pages", str(bare)), str(tmp_path / "w"), "m")
    assert git(bare, "branch", "--list") == ""


@pytest.mark.needs("git", "rsync")
def test_a_link_in_the_site_stops_both_deploys_naming_it(tmp_path, bare):
    output = tmp_path / "output"
    hostile_site(output)
    (output / "images").mkdir()
    (output / "images" / "env\n.txt").symlink_to("/proc/self/environ")
    # Escaped by the contract's rule, as a post's problems are (posts.characters.printable).
    said = r"output/images/env\\x0a\.txt is a symbolic link or a special file"
    with pytest.raises(ToolError, match=said):
        deploy.gh_pages(str(output), deploy.Target("gh-pages", str(bare)), str(tmp_path / "w"), "m")
    www = tmp_path / "www"
    with pytest.raises(ToolError, match=said):
        deploy.rsync(str(output), deploy.Target("rsync", f"{www}/"), ())
    assert git(bare, "branch", "--list") == ""
    assert not www.exists()


# -- credentials ---------------------------------------------------------------------

TOKEN = "ghs_S3cretT0kenValue"


def spy_on_git(folder) -> tuple[str, object]:
    """A `git` first on PATH that records each command line, then runs the real git."""
    folder.mkdir()
    log = folder / "argv.log"
    wrapper = folder / "git"
    wrapper.write_text(
        "#!/bin/sh\n"
        f'for arg in "$@"; do printf "%s\\0" "$arg"; done >> "{log}"\n'
        f'printf "\\n" >> "{log}"\n'
        f'exec {shutil.which("git")} "$@"\n'
    )
    wrapper.chmod(0o755)
    return str(folder), log


ENVSPY = '''"""A plugin that writes what it can see of its environment into the site."""
import os
import shutil
from pelican import signals


def dump(pelican):
    seen = [f"{k}={v}" for k, v in os.environ.items()]
    with open("/proc/self/environ", "rb") as file:
        seen += file.read().decode(errors="replace").split("\\0")
    with open(os.path.join(pelican.output_path, "env.txt"), "w") as file:
        file.write("\\n".join(seen))


def register():
    signals.finalized.connect(dump)
'''

HUBSPY = """

_ping = ping


def ping(settings, output_dir):  # what the hub's caller can see of its environment
    seen = [f"{k}={v}" for k, v in os.environ.items()]
    with open("/proc/self/environ", "rb") as file:
        seen += file.read().decode(errors="replace").split("\\0")
    with open(os.path.join(os.path.dirname(output_dir), "hub-env.txt"), "w") as file:
        file.write("\\n".join(seen))
    return _ping(settings, output_dir)
"""


@pytest.mark.needs("git")
@pytest.mark.parametrize(
    "how",
    [
        {"DEPLOY_GH_PAGES_TOKEN": TOKEN},
        # As sites set up before the token variable had it: the URL holds the token.
        {"DEPLOY_GH_PAGES_REMOTE": "http://x-access-token:{token}@{host}/live.git"},
    ],
    ids=["token variable", "token in the remote URL"],
)
def test_the_token_reaches_git_by_a_helper_never_argv_nor_the_build(tmp_path, how):
    from githttp import GitServer

    copy = small_project(tmp_path)
    (copy.root / "plugins/envspy").mkdir()
    (copy.root / "plugins/envspy/__init__.py").write_text(ENVSPY)
    with open(copy.root / "pelicanconf.py", "a") as file:
        file.write('\nPLUGINS = [*PLUGINS, "envspy"]\n')
    with open(copy.root / "plugins/feeds/websub.py", "a") as file:
        file.write(HUBSPY)
    served = tmp_path / "served"
    subprocess.run(["git", "init", "--quiet", "--bare", str(served / "live.git")], check=True)
    path, log = spy_on_git(tmp_path / "spy")
    with GitServer(served, "x-access-token", TOKEN) as server:
        host = server.url.split("//", 1)[1]
        remote = how.get("DEPLOY_GH_PAGES_REMOTE", f"{server.url}/live.git")
        env = {"DEPLOY_GH_PAGES_REMOTE": remote.format(token=TOKEN, host=host),
               "DEPLOY_GH_PAGES_TOKEN": how.get("DEPLOY_GH_PAGES_TOKEN", ""),
               "GITHUB_TOKEN": TOKEN, "RSYNC_PASSWORD": TOKEN,
               "PATH": os.pathsep.join([path, BIN, os.environ["PATH"]])}  # fmt: skip
        result = copy.invoke("deploy", "--to", "gh-pages", **env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Deployed to {server.url}/live.git." in result.stdout
    assert server.refused >= 1 and server.served >= 2  # git asked, and was let in by the token
    pushed = branch_files(served / "live.git", "gh-pages")
    assert pushed[b"index.html"] == (copy.output / "index.html").read_bytes()
    # No git command line held it, nor any process's while git talked to the server.
    commands = log.read_bytes().split(b"\n")
    assert any(b"push\0" in command for command in commands)
    assert not any(TOKEN.encode() in command for command in commands)
    assert server.seen_in_argv == []
    # The plugin ran in the build, saw its environment, and the token was not in it.
    seen = (copy.output / "env.txt").read_text()
    assert "PATH=" in seen
    assert TOKEN not in seen and "DEPLOY_GH_PAGES" not in seen
    # So did the feeds plugin's code that tells the hub after the push.
    told = (copy.root / "hub-env.txt").read_text()
    assert "PATH=" in told
    assert TOKEN not in told and "DEPLOY_GH_PAGES" not in told
    assert all(TOKEN.encode() not in data for data in pushed.values())
    assert TOKEN not in result.stdout + result.stderr


@pytest.mark.needs("git")
def test_credentials_are_split_from_the_remote_and_hidden_from_repr():
    target = deploy.Target.from_environment(
        "gh-pages", {"DEPLOY_GH_PAGES_REMOTE": "https://bot:p%40ss@github.com/o/r.git"}
    )
    assert (target.destination, target.username, target.password) == (
        "https://github.com/o/r.git", "bot", "p@ss"
    )  # fmt: skip
    assert "p@ss" not in repr(target)
    env = target.git_environment()
    assert env["GIT_CONFIG_KEY_1"] == "credential.https://github.com.helper"
    assert "p@ss" not in env["GIT_CONFIG_VALUE_1"]
    helper = subprocess.run(
        ["git", "credential", "fill"], input="protocol=https\nhost=github.com\n\n",
        env={**os.environ, **env, "GIT_TERMINAL_PROMPT": "0"}, capture_output=True, text=True,
    )  # fmt: skip
    assert "username=bot\npassword=p@ss\n" in helper.stdout
    other = subprocess.run(
        ["git", "credential", "fill"], input="protocol=https\nhost=evil.example\n\n",
        env={**os.environ, **env, "GIT_TERMINAL_PROMPT": "0"}, capture_output=True, text=True,
    )  # fmt: skip
    assert "p@ss" not in other.stdout  # another host is never given it
    plain = deploy.Target.from_environment("gh-pages", {"DEPLOY_GH_PAGES_REMOTE": "/srv/x.git"})
    assert plain.git_environment() == {}


def test_the_build_environment_has_no_deploy_secret():
    environ = {"PATH": "/bin", "SITEURL": "https://x", "DEPLOY_GH_PAGES_TOKEN": "t",
               "DEPLOY_GH_PAGES_REMOTE": "https://a:b@h/r", "GITHUB_TOKEN": "t",
               "RSYNC_PASSWORD": "p", "SSH_AUTH_SOCK": "/tmp/agent"}  # fmt: skip
    assert deploy.build_environment(environ) == {"PATH": "/bin", "SITEURL": "https://x"}


def test_a_cold_run_starts_from_the_live_site_and_draws_only_the_new_cards(tmp_path, bare):
    copy = small_project(tmp_path)
    env = {"DEPLOY_GH_PAGES_REMOTE": str(bare)}
    assert copy.invoke("deploy", "--to", "gh-pages", **env).returncode == 0
    # A fresh clone on a runner whose cache was evicted: no .cache/, no output/.
    shutil.rmtree(copy.root / ".cache")
    shutil.rmtree(copy.output)
    copy.write(
        "posts/c.md",
        rebuttal("A new rebuttal", date="2026-11-04 09:00", claim="A new claim, made today."),
    )
    withdraw(copy, "posts/b.md")
    time.sleep(1.1)  # the live commit's date (whole seconds) is before ``started``
    started = time.time()
    result = copy.invoke("deploy", "--to", "gh-pages", **env)
    assert result.returncode == 0, result.stdout + result.stderr
    taken = re.search(r"starting from the live one \((\d+) cards taken\)", result.stdout)
    assert taken and int(taken.group(1)) >= 4, result.stdout
    # Only the new post's cards (one per design) are drawn; the rest come from the live
    # site (git gives the files it writes out the date of the live commit, before this run).
    cache = copy.root / ".cache" / "pelican" / "cards"
    drawn = [card.name for card in cache.iterdir() if card.stat().st_mtime >= started]
    assert len(drawn) == 2 and len(list(cache.iterdir())) == int(taken.group(1)) + 2, drawn
    assert not (copy.output / "2026/11/an-update").exists()
    # The same as a publish from nothing (but for the withdrawn post's older cards).
    (tmp_path / "fresh").mkdir()
    fresh = small_project(tmp_path / "fresh")
    fresh.write(
        "posts/c.md",
        rebuttal("A new rebuttal", date="2026-11-04 09:00", claim="A new claim, made today."),
    )
    (fresh.content / "posts/b.md").unlink()
    assert fresh.invoke("publish").returncode == 0
    assert same_as_clean(files(copy.output), files(fresh.output)) == []


def live_branch(tmp_path, bare, files: dict[str, str], links: dict | None = None) -> None:
    """A gh-pages branch in ``bare`` holding these files (and symbolic links)."""
    work = tmp_path / "live-work"
    work.mkdir()
    for name, text in files.items():
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        (work / name).write_text(text)
    for name, target in (links or {}).items():
        (work / name).symlink_to(target)
    who = {"GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@example.org",
           "GIT_COMMITTER_NAME": "A", "GIT_COMMITTER_EMAIL": "a@example.org",
           "GIT_COMMITTER_DATE": "2026-01-02T03:04:05Z"}  # fmt: skip
    for command in (["init", "-q", "-b", "gh-pages"], ["add", "-A"], ["commit", "-qm", "live"],
                    ["push", "-q", str(bare), "gh-pages"]):  # fmt: skip
        subprocess.run(["git", *command], cwd=work, check=True, env={**os.environ, **who})


@pytest.mark.needs("git")
def test_the_live_site_is_written_out_dated_as_its_commit(tmp_path, bare):
    live_branch(tmp_path, bare, {"index.html": "home", "cards/x/a.png": "card"})
    into = tmp_path / "live"
    environ = {"DEPLOY_GH_PAGES_REMOTE": str(bare), "PATH": os.environ["PATH"]}
    assert deploy.fetch_live("gh-pages", environ, str(tmp_path / "repo"), str(into))
    assert (into / "cards/x/a.png").read_text() == "card"
    assert (into / "index.html").stat().st_mtime == 1767323045  # 2026-01-02 03:04:05 UTC
    # The deploy that follows need not read the files the build leaves as they are: each
    # one's blob is recorded, by its size and date.
    record = pickle.loads((tmp_path / "repo" / deploy.BLOBS_RECORD).read_bytes())
    blob = git(bare, "rev-parse", "gh-pages:index.html").strip().encode()
    assert record[b"index.html"] == (*deploy._stamp(str(into / "index.html")), blob)


@pytest.mark.needs("git")
def test_a_live_site_holding_a_symbolic_link_is_not_started_from(tmp_path, bare):
    live_branch(tmp_path, bare, {"index.html": "home"}, links={"env": "/proc/self/environ"})
    into = tmp_path / "live"
    environ = {"DEPLOY_GH_PAGES_REMOTE": str(bare), "PATH": os.environ["PATH"]}
    assert not deploy.fetch_live("gh-pages", environ, str(tmp_path / "repo"), str(into))
    assert not into.exists()


def dated(path, text: str, seconds_ago: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    when = time.time_ns() - seconds_ago * 1_000_000_000
    os.utime(path, ns=(when, when))


@pytest.mark.needs("git")
def test_a_file_unchanged_since_the_last_deploy_is_not_read_again(tmp_path, bare, monkeypatch):
    output, work, target = (
        tmp_path / "output",
        str(tmp_path / "w"),
        deploy.Target("gh-pages", str(bare)),
    )
    dated(output / "index.html", "home", 60)
    dated(output / "a/index.html", "aaaa", 60)
    dated(output / "b/index.html", "bbbb", 60)
    assert deploy.gh_pages(str(output), target, work, "first").changed
    # One file rewritten with the same size (a new date); one not written at all.
    dated(output / "a/index.html", "AAAA", 30)
    read = []
    real_read = deploy._read
    monkeypatch.setattr(deploy, "_read", lambda path: read.append(path) or real_read(path))
    assert deploy.gh_pages(str(output), target, work, "second").changed
    assert read == [str(output / "a/index.html")]
    assert git(bare, "show", "gh-pages:a/index.html") == "AAAA"
    assert git(bare, "show", "gh-pages:b/index.html") == "bbbb"


@pytest.mark.needs("git")
def test_a_recorded_blob_git_no_longer_holds_is_stored_again(tmp_path, bare):
    output, target = tmp_path / "output", deploy.Target("gh-pages", str(bare))
    dated(output / "index.html", "home", 60)
    assert deploy.gh_pages(str(output), target, str(tmp_path / "w"), "first").changed
    # The record kept, the deploy repository lost (its cache evicted, say): a new one.
    (tmp_path / "w2").mkdir()
    shutil.copy2(tmp_path / "w" / deploy.BLOBS_RECORD, tmp_path / "w2" / deploy.BLOBS_RECORD)
    empty = tmp_path / "empty.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(empty)], check=True)
    fresh = deploy.Target("gh-pages", str(empty))
    assert deploy.gh_pages(str(output), fresh, str(tmp_path / "w2"), "again").changed
    assert git(empty, "show", "gh-pages:index.html") == "home"
