"""`invoke deploy` for real: into a bare git repository and, by rsync, into a local folder."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import types

import pytest
from projects import digest, project
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


def test_credentials_in_the_remote_are_never_printed(tmp_path):
    copy = small_project(tmp_path)
    remote = f"https://deployer:s3cr%40tTOKEN@127.0.0.1:{closed_port()}/site.git"
    result = copy.invoke("deploy", "--to", "gh-pages", DEPLOY_GH_PAGES_REMOTE=remote)
    assert result.returncode == 1
    said = result.stdout + result.stderr
    assert f"deploy: reaching https://***@127.0.0.1:{remote.rsplit(':', 1)[1]} failed" in said
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
