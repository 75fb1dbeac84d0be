"""The workflow's decision: a push of posts alone deploys without the code tests."""

from __future__ import annotations

import subprocess

import pytest

from sitetools.paths_changed import changed_since, deployed_commit, main, must_test


def test_posts_pictures_and_the_ledger_alone_skip_the_tests():
    changed = ["content/posts/2026-11-25-new.md", "content/images/chart.svg"]
    assert must_test([*changed, "content/published.json"])[0] is False


@pytest.mark.parametrize(
    "path",
    ["plugins/cards/draw.py", "theme/templates/base.html", "pelicanconf.py", "site.toml",
     "requirements.txt", "tasks.py", ".github/workflows/publish.yml", "contentious.txt"],
)  # fmt: skip
def test_code_theme_settings_or_requirements_run_the_tests(path):
    needed, why = must_test(["content/posts/a.md", path])
    assert needed and path in why


def test_what_is_not_known_runs_the_tests():
    assert must_test(None)[0] is True


def test_the_live_commit_is_read_from_the_deploys_message():
    assert deployed_commit("Publish the site from 0123456789ab\n") == "0123456789ab"
    assert deployed_commit("Initial commit") is None


def git(cwd, *args) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=cwd, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return done.stdout.strip()


def commit(repo, path: str, text: str) -> str:
    (repo / path).parent.mkdir(parents=True, exist_ok=True)
    (repo / path).write_text(text)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", f"change {path}")
    return git(repo, "rev-parse", "HEAD")


def live_checkout(tmp_path, source: str):
    live = tmp_path / "live"
    live.mkdir(exist_ok=True)
    if not (live / ".git").exists():
        git(live, "init", "-q")
    commit(live, "index.html", source)
    git(live, "commit", "-q", "--amend", "-m", f"Publish the site from {source[:12]}")
    return live


def decide(repo, live, capsys) -> str:
    import os

    here = os.getcwd()
    os.chdir(repo)
    try:
        main(["--live", str(live)])
    finally:
        os.chdir(here)
    return capsys.readouterr().out.strip()


def test_the_decision_compares_with_the_live_commit_not_the_last_push(tmp_path, capsys):
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    commit(repo, "plugins/a.py", "one")
    deployed = commit(repo, "content/posts/a.md", "one")
    live = live_checkout(tmp_path, deployed)
    commit(repo, "content/posts/b.md", "two")
    assert decide(repo, live, capsys) == "tests=false"
    # A push of code whose tests failed is not deployed; the post pushed after it is
    # deployed with that code, so it must be tested.
    commit(repo, "plugins/a.py", "two")
    commit(repo, "content/posts/c.md", "three")
    assert decide(repo, live, capsys) == "tests=true"
    assert changed_since(deployed, cwd=str(repo)) == [
        "content/posts/b.md", "content/posts/c.md", "plugins/a.py",
    ]  # fmt: skip


def test_a_rewritten_history_or_no_live_site_runs_the_tests(tmp_path, capsys):
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    commit(repo, "content/posts/a.md", "one")
    deployed = commit(repo, "content/posts/b.md", "two")
    live = live_checkout(tmp_path, deployed)
    git(repo, "reset", "-q", "--hard", "HEAD~1")  # a force-push drops the live commit
    commit(repo, "content/posts/c.md", "three")
    assert decide(repo, live, capsys) == "tests=true"
    assert decide(repo, tmp_path / "no-gh-pages-yet", capsys) == "tests=true"
