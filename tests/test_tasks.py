"""The task list and help an editor sees (`python3 dev.py`), and `serve`'s missing page."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import urllib.error
import urllib.request

import pytest
from posts.verdicts import DEFAULT_VERDICTS
from sites import ROOT

import dev
import tasks
from sitetools import ToolError, serve
from sitetools import livereload as live

BIN = os.path.dirname(sys.executable)


def invoke(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([os.path.join(BIN, "invoke"), *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)  # fmt: skip


def test_every_task_is_listed_once_under_a_group_editors_first():
    grouped = [name for names in tasks.GROUPS.values() for name in names]
    assert sorted(grouped) == sorted(set(tasks.tasks().task_names) - {"help"})
    first = next(iter(tasks.GROUPS.values()))
    assert {"new", "check", "release"} <= set(first)
    developers = tasks.GROUPS["For developers"]
    assert {"golden", "lint", "lighthouse", "ping-hub"} <= set(developers)


@pytest.mark.parametrize(
    ("typed", "given"),
    [
        ([], ["help"]),
        (["--list"], ["help"]),
        (["-l"], ["help"]),
        (["--help"], ["help"]),
        (["help"], ["help"]),
        (["help", "new"], ["help", "--task", "new"]),
        (["--help", "new"], ["help", "--task", "new"]),
        (["-h", "new"], ["help", "--task", "new"]),
        (["new", "--help"], ["help", "--task", "new"]),
        (["new", "-h"], ["help", "--task", "new"]),
        (["release", "some-slug", "--help"], ["help", "--task", "release"]),
        (["build"], ["build"]),
        (["new", "A title", "--verdict", "false"], ["new", "A title", "--verdict", "false"]),
    ],
)
def test_help_is_found_the_way_people_type_it(typed, given):
    assert dev.task_arguments(typed) == given


def test_the_grouped_list_comes_from_the_help_task():
    result = invoke("help")
    assert result.returncode == 0, result.stderr
    said = result.stdout
    assert said.index("Write a post:") < said.index("For developers:")
    assert said.index("  new ") < said.index("  golden ")


def test_new_help_names_every_verdict_of_the_contract():
    for typed in (["help", "--task", "new"], ["new", "--help"], ["new", "-h"]):
        result = invoke(*typed)
        assert result.returncode == 0, result.stderr
        assert "is not a title" not in result.stdout + result.stderr
        assert result.stdout.startswith("python3 dev.py new TITLE")
        for verdict in DEFAULT_VERDICTS:
            assert verdict in result.stdout


def test_help_on_an_unknown_task_lists_the_tasks():
    result = invoke("help", "--task", "nope")
    assert result.returncode == 1
    assert "There is no task 'nope'." in result.stderr
    assert "Write a post:" in result.stderr


def test_a_title_that_looks_like_an_option_is_refused_plainly():
    result = invoke("new", "--title=--draft")
    assert result.returncode == 1
    assert "'--draft' is not a title; for help: python3 dev.py help new" in result.stderr
    assert "Traceback" not in result.stderr


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.fixture
def served(tmp_path):
    (tmp_path / "about").mkdir()
    (tmp_path / "index.html").write_text("<h1>Home</h1>")
    (tmp_path / "about/index.html").write_text("<h1>About</h1>")
    (tmp_path / "404.html").write_text("<h1>Not here</h1>")
    http = serve.server(str(tmp_path), "127.0.0.1", 0)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    yield tmp_path, f"http://127.0.0.1:{http.server_address[1]}"
    http.shutdown()
    http.server_close()


def test_serve_answers_a_missing_page_with_the_sites_404_page(served):
    folder, url = served
    assert fetch(f"{url}/") == (200, b"<h1>Home</h1>")
    assert fetch(f"{url}/about/") == (200, b"<h1>About</h1>")
    assert fetch(f"{url}/about")[0] == 200
    assert fetch(f"{url}/gone/") == (404, b"<h1>Not here</h1>")
    assert fetch(f"{url}/gone.css?x=1") == (404, b"<h1>Not here</h1>")
    (folder / "404.html").unlink()
    status, _ = fetch(f"{url}/gone/")
    assert status == 404


def test_serve_before_a_build_says_to_build(tmp_path):
    with pytest.raises(ToolError, match="build the site first"):
        serve.server(str(tmp_path / "output"), "127.0.0.1", 0)


def test_livereload_shows_its_own_lines_and_not_a_line_for_every_file_written():
    root = logging.getLogger()
    saved = root.level, list(root.handlers)
    try:
        root.handlers = []
        live.quiet_logging()
        assert logging.getLogger("sitetools.livereload").isEnabledFor(logging.INFO)
        assert logging.getLogger("sitetools.livesite").isEnabledFor(logging.INFO)
        assert not logging.getLogger("pelican.writers").isEnabledFor(logging.INFO)
        assert logging.getLogger("pelican.writers").isEnabledFor(logging.WARNING)
    finally:
        root.setLevel(saved[0])
        root.handlers = saved[1]
        logging.getLogger("sitetools").setLevel(logging.NOTSET)
