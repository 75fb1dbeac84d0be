"""The content cache the tasks build with: fast, and never the reason a change is missed."""

from __future__ import annotations

import pytest
from projects import digest, project
from sites import ROOT, empty_site, rebuttal

from sitetools import ToolError, publish, reader_cache

PUBLISHCONF = str(ROOT / "publishconf.py")


def test_the_fingerprint_follows_settings_plugins_requirements_and_siteurl(tmp_path):
    copy = project(tmp_path)
    (copy.root / "requirements.txt").write_text("pelican==4.12.0\n")
    first = reader_cache.fingerprint(str(copy.root), {})
    assert reader_cache.fingerprint(str(copy.root), {}) == first
    assert reader_cache.fingerprint(str(copy.root), {"SITEURL": "https://a.example"}) != first
    for changed in ("pelicanconf.py", "plugins/posts/contract.py", "requirements.txt"):
        path = copy.root / changed
        original = path.read_bytes()
        path.write_bytes(original + b"\n# changed\n")
        assert reader_cache.fingerprint(str(copy.root), {}) != first, changed
        path.write_bytes(original)
    copy.write("posts/a.md", rebuttal())
    assert reader_cache.fingerprint(str(copy.root), {}) == first  # posts have their own stamps


def test_a_new_fingerprint_starts_a_fresh_cache_and_drops_the_old(tmp_path):
    folder = tmp_path / "cache"
    (folder / "publish-0123456789abcdef").mkdir(parents=True)
    (folder / "livereload-0123456789abcdef").mkdir()
    extra = reader_cache.settings(str(ROOT), str(folder), "publish")
    assert extra["CACHE_PATH"] == str(folder / f"publish-{reader_cache.fingerprint(str(ROOT))}")
    assert extra["CHECK_MODIFIED_METHOD"] == "sha256"
    assert sorted(p.name for p in folder.iterdir()) == ["livereload-0123456789abcdef"]


@pytest.mark.build
def test_a_cached_build_sees_every_edit_and_matches_an_uncached_one(tmp_path):
    site = empty_site(tmp_path)
    site.write("posts/a.md", rebuttal("Cached post", date="2026-11-01 09:00"))
    site.write("posts/b.md", rebuttal("Other post", date="2026-11-02 09:00"))
    extra = reader_cache.settings(str(ROOT), str(tmp_path / "cache"), "publish")

    def run(output):
        publish.publish(PUBLISHCONF, str(site.content), str(tmp_path / output), extra=extra)
        return digest(tmp_path / output)

    assert run("first") == run("second")  # warm cache, byte-identical site
    page = tmp_path / "second/2026/11/cached-post/index.html"
    site.write("posts/a.md", rebuttal("Cached post", date="2026-11-01 09:00", body="Edited."))
    run("second")
    assert "Edited." in page.read_text()
    site.write("posts/a.md", rebuttal("Cached post", date="2026-11-01 09:00", verdict="fasle"))
    with pytest.raises(ToolError):
        run("second")
    assert "Edited." in page.read_text()
