"""No production build without the digital imprint the Elections Act 2022 requires."""

from __future__ import annotations

import pytest
from imprint.imprint import MissingImprint, missing_imprint_message
from sites import empty_site, post


def test_required_imprint_must_have_text():
    assert missing_imprint_message({"IMPRINT_REQUIRED": True, "IMPRINT": "  "})
    assert missing_imprint_message({"IMPRINT_REQUIRED": True})
    assert missing_imprint_message({"IMPRINT_REQUIRED": True, "IMPRINT": "Promoted by X"}) is None
    assert missing_imprint_message({"IMPRINT_REQUIRED": False, "IMPRINT": ""}) is None


@pytest.mark.build
def test_production_build_without_imprint_stops_before_writing(tmp_path):
    site = empty_site(tmp_path)
    site.write("posts/a.md", post())
    with pytest.raises(MissingImprint) as failure:
        site.build("publishconf.py", IMPRINT="")
    assert "IMPRINT is empty" in str(failure.value.code)
    assert not site.output.exists()


@pytest.mark.build
def test_development_build_without_imprint_still_builds(tmp_path):
    site = empty_site(tmp_path)
    site.write("posts/a.md", post())
    site.build(IMPRINT="")
    assert site.page("/").select_one(".imprint") is None
