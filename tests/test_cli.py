"""The commands editors and CI run: plain `pelican` and `invoke check`."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sites import ROOT, empty_site, example_site, post, rebuttal

pytestmark = pytest.mark.build
BIN = os.path.dirname(sys.executable)


def run(*args, cwd):
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=300)


def broken_site(tmp_path):
    site = empty_site(tmp_path)
    site.write("posts/fine.md", rebuttal("Fine"))
    site.write("posts/broken.md", rebuttal("Broken", verdict="fasle"))
    return site


def test_pelican_exits_non_zero_naming_file_line_and_field(tmp_path):
    site = broken_site(tmp_path)
    result = run(
        os.path.join(BIN, "pelican"), "content", "-s", str(ROOT / "pelicanconf.py"),
        "-o", "output", cwd=site.root,
    )  # fmt: skip
    assert result.returncode != 0
    assert (
        "content/posts/broken.md:6: verdict: 'fasle' is not a verdict; did you mean false?"
        in result.stderr
    )
    assert "Traceback" not in result.stdout + result.stderr
    assert not (site.root / "output").exists() or not list((site.root / "output").rglob("*.html"))


def test_pelican_builds_the_example_site_with_publishconf(tmp_path):
    site = example_site(tmp_path)
    result = run(
        os.path.join(BIN, "pelican"), "content", "-s", str(ROOT / "publishconf.py"),
        "-o", str(tmp_path / "out"), cwd=site.root,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out/index.html").exists()
    assert "https://response-team.example.org/" in (tmp_path / "out/index.html").read_text()


def test_siteurl_comes_from_the_environment(tmp_path):
    site = example_site(tmp_path)
    result = subprocess.run(
        [os.path.join(BIN, "pelican"), "content", "-s", str(ROOT / "publishconf.py"),
         "-o", str(tmp_path / "out")],
        cwd=site.root, capture_output=True, text=True, timeout=300,
        env={**os.environ, "SITEURL": "https://rebuttals.example.net/"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    home = (tmp_path / "out/about/index.html").read_text()
    assert 'href="https://rebuttals.example.net/about/"' in home


def test_invoke_check_reports_problems_without_building(tmp_path):
    site = broken_site(tmp_path)
    result = run(os.path.join(BIN, "invoke"), "check", "--content", str(site.content), cwd=ROOT)
    assert result.returncode == 1
    assert "posts/broken.md:6: verdict: 'fasle' is not a verdict" in result.stderr
    assert "1 problem in 1 file." in result.stderr
    assert not (site.root / "output").exists()


def test_invoke_check_passes_good_content(tmp_path):
    site = empty_site(tmp_path)
    site.write("posts/a.md", post())
    result = run(os.path.join(BIN, "invoke"), "check", "--content", str(site.content), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "keep to the post contract" in result.stdout
