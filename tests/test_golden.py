"""A full build of the golden fixture matches the committed expected output byte for byte."""

from __future__ import annotations

import difflib

import pytest
from golden import EXPECTED, build_golden, snapshot

pytestmark = pytest.mark.build


def test_golden_site_matches_expected_output(tmp_path):
    actual = snapshot(build_golden(tmp_path).output)
    expected = snapshot(EXPECTED)
    assert sorted(actual) == sorted(expected), "files differ; run `python3 dev.py golden`"
    for name, content in expected.items():
        if actual[name] != content:
            diff = difflib.unified_diff(
                content.decode().splitlines(),
                actual[name].decode().splitlines(),
                f"expected/{name}",
                f"built/{name}",
                lineterm="",
            )
            pytest.fail("\n".join(list(diff)[:60]) + "\n(run `python3 dev.py golden` if intended)")


def test_an_unchanged_site_rebuilds_byte_identical(tmp_path):
    first = snapshot(build_golden(tmp_path / "one").output)
    second = snapshot(build_golden(tmp_path / "two").output)
    assert first == second
