"""A plugin that does not load stops the build (Pelican itself logs it and builds on)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from plugincheck import plugincheck
from sites import ROOT, empty_site, rebuttal


def test_no_failure_no_message():
    assert plugincheck.problems([]) is None


def test_the_message_names_each_plugin():
    message = plugincheck.problems(["Cannot load plugin `feeds`: No module named 'feedgen'"])
    assert message.startswith("settings: PLUGINS: 1 plugin(s) did not load")
    assert "`feeds`: No module named 'feedgen'" in message


def build_with(tmp_path, plugin_code: str):
    """A real build with the project's plugins and one more, ``broken``, written here."""
    site = empty_site(tmp_path)
    site.write("posts/a.md", rebuttal("They are wrong"))
    extra = tmp_path / "extra" / "broken"
    extra.mkdir(parents=True)
    (extra / "__init__.py").write_text(plugin_code, encoding="utf-8")
    settings = tmp_path / "settings.py"
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\n"
        f"PLUGINS = PLUGINS + ['broken']\n"
        f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}, {str(tmp_path / 'extra')!r}]\n"
        f"THEME = {str(ROOT / 'theme')!r}\nCACHE_PATH = {str(tmp_path / 'cache')!r}\n",
        encoding="utf-8",
    )
    command = [sys.executable, "-m", "pelican", str(site.content), "-o", str(site.output)]
    return site, subprocess.run([*command, "-s", str(settings)], capture_output=True, text=True)


@pytest.mark.build
@pytest.mark.parametrize(
    ("code", "said"),
    [
        ("import not_installed_anywhere\n", "Cannot load plugin `broken`"),
        ("def register():\n    raise ValueError('no')\n", "Cannot register plugin `broken`"),
    ],
)
def test_a_plugin_that_does_not_load_stops_the_build_and_writes_nothing(tmp_path, code, said):
    site, result = build_with(tmp_path, code)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "settings: PLUGINS: 1 plugin(s) did not load" in output
    assert said in output
    assert not (site.output / "index.html").exists()


@pytest.mark.build
def test_a_plugin_that_loads_changes_nothing(tmp_path):
    site, result = build_with(tmp_path, "def register():\n    pass\n")
    assert result.returncode == 0, result.stderr
    assert (site.output / "index.html").exists()
