"""Rebuilds after a change to the plugins' own code or templates equal a clean build.

A Python process imports a module once, so each build here runs in a process of its own
over a copy of the project whose plugins are copied too (tests/changes.py: build_apart);
the clean build has empty caches of its own (content, pages and cards), as in
test_incremental.py. Output is compared byte for byte, images pixel for pixel.
"""

from __future__ import annotations

import pytest
from changes import (
    assert_same_as_clean_build,
    build_apart,
    change_card_code,
    change_plugin_template,
    files,
    make_project,
)

pytestmark = pytest.mark.build


@pytest.mark.parametrize("change", [change_plugin_template, change_card_code])
def test_a_rebuild_after_a_change_to_plugin_code_equals_a_clean_build(tmp_path, change):
    project = make_project(tmp_path / "project", plugins="copied")
    output = tmp_path / "output"
    build_apart(project, output, cached=True)
    before = files(output)
    change(project)
    build_apart(project, output, cached=True)
    assert_same_as_clean_build(project, output, tmp_path / "clean", before, change, build_apart)
