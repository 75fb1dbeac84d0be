"""A full build of the golden fixture matches the committed expected output byte for byte."""

from __future__ import annotations

import difflib
import io

import pytest
from golden import EXPECTED, build_golden, snapshot
from PIL import Image, ImageChops

pytestmark = pytest.mark.build


def test_golden_site_matches_expected_output(tmp_path):
    actual = snapshot(build_golden(tmp_path).output)
    expected = snapshot(EXPECTED)
    assert sorted(actual) == sorted(expected), "files differ; run `python3 dev.py golden`"
    for name, content in expected.items():
        if name.endswith((".png", ".jpg")):
            assert_same_image(name, content, actual[name])
        elif actual[name] != content:
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


def assert_same_image(name: str, expected: bytes, actual: bytes) -> None:
    """Drawn images may differ by 1 per channel (rounding in another build of FreeType)."""
    with Image.open(io.BytesIO(expected)) as one, Image.open(io.BytesIO(actual)) as two:
        assert (one.format, one.size) == (two.format, two.size), name
        difference = ImageChops.difference(one.convert("RGB"), two.convert("RGB"))
    worst = max(high for _, high in difference.getextrema())
    assert worst <= 1, f"{name} differs by up to {worst} per channel; run `python3 dev.py golden`"
