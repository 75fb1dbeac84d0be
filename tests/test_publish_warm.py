"""A publish that starts from the last one (sitetools/warm.py) equals a publish from nothing.

The example project (tests/changes.py, plugins copied so their code can change) is
published again and again into the same output/, keeping the last site and the records
in its cache as `invoke publish` does, after each kind of change an editor or developer
makes, and after a change to a plugin's code; after each, a publish of the same project
from nothing (empty output, empty caches of its own) must match it byte for byte (images
pixel for pixel), but for the older cards a publish keeps on purpose.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from changes import (
    CHANGES,
    EDITED,
    change_plugin_template,
    files,
    make_project,
    replace_in,
    same_as_clean,
)
from projects import digest

from sitetools import ToolError, publish, warm
from sitetools import reader_cache as cache

pytestmark = pytest.mark.build
# What publishconf.py sets, over the project's own pelicanconf.py (which the changes edit).
PRODUCTION = {
    "SITEURL": "https://rebuttals.example.org", "RELATIVE_URLS": False,
    "DRAFT_SAVE_AS": "", "DRAFT_PAGE_SAVE_AS": "",
}  # fmt: skip


def publish_warm(project, output):
    extra = cache.settings(str(project), str(project / ".cache" / "pelican"), "publish")
    extra |= {**PRODUCTION, "CARDS_CACHE_PATH": str(project / ".cache" / "cards")}
    return publish.publish(
        str(project / "pelicanconf.py"), str(project / "content"), str(output), extra=extra,
        keep=str(project / ".cache" / "published"),
    )  # fmt: skip


def publish_clean(project, output):
    extra = {
        **PRODUCTION,
        "CACHE_PATH": str(output.parent / f"{output.name}-cache"),
        "CARDS_CACHE_PATH": str(output.parent / f"{output.name}-cards"),
    }
    publish.publish(str(project / "pelicanconf.py"), str(project / "content"), str(output), extra)


def inodes(folder) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


def test_a_publish_after_each_kind_of_change_equals_a_publish_from_nothing(tmp_path):
    project = make_project(tmp_path / "project", plugins="copied")
    output = project / "output"
    publish_warm(project, output)
    assert (project / ".cache" / "published" / "index.html").exists()
    for number, change in enumerate([*CHANGES, change_plugin_template]):
        before, links = files(output), inodes(output)
        change(project)
        publish_warm(project, output)
        clean = tmp_path / f"clean-{number}"
        publish_clean(project, clean)
        rebuilt = files(output)
        differing = same_as_clean(rebuilt, files(clean))
        assert differing == [], f"{change.__name__}: {len(differing)} differ: {differing[:8]}"
        assert rebuilt != before, f"{change.__name__} changed nothing: the test proves nothing"
        # It started from the last site: files it did not need to write are the same files.
        after = inodes(output)
        kept = [path for path, inode in after.items() if links.get(path) == inode]
        assert len(kept) > len(after) // 2, f"{change.__name__}: the publish started cold"
        assert inodes(project / ".cache" / "published") == after


def test_a_failed_publish_leaves_the_live_site_and_the_kept_one_as_they_were(tmp_path):
    project = make_project(tmp_path / "project")
    output = project / "output"
    publish_warm(project, output)
    kept = project / ".cache" / "published"
    live, stamps = digest(output), inodes(output)
    records = recorded(project)
    assert records, "the build's records are kept under the publish's name"
    # A changed page (so the build writes into the staging folder) and a broken link.
    broken = "it is still not true. See [it](/no-such-page/)."
    replace_in(project / EDITED, "it is still not true.", broken)
    with pytest.raises(ToolError, match="links: link to /no-such-page/ leads nowhere"):
        publish_warm(project, output)
    assert digest(output) == live and inodes(output) == stamps
    assert digest(kept) == live and inodes(kept) == stamps
    assert recorded(project) == records
    # Put right, it publishes; and equals a publish from nothing.
    replace_in(project / EDITED, broken, "it is still untrue.")
    publish_warm(project, output)
    publish_clean(project, tmp_path / "clean")
    assert same_as_clean(files(output), files(tmp_path / "clean")) == []


def test_without_its_records_a_kept_site_still_loses_the_files_of_deleted_posts(tmp_path):
    project = make_project(tmp_path / "project")
    output = project / "output"
    publish_warm(project, output)
    # As after a change of code: a new content cache, so no records under the old one.
    for path in warm.record_files(records_folder(project)):
        os.remove(path)
    stray = project / ".cache" / "published" / "2026" / "gone" / "index.html"
    stray.parent.mkdir(parents=True)
    stray.write_text("a post deleted since", encoding="utf-8")
    publish_warm(project, output)
    assert not (output / "2026" / "gone").exists()
    publish_clean(project, tmp_path / "clean")
    assert same_as_clean(files(output), files(tmp_path / "clean")) == []


def recorded(project) -> dict[str, bytes]:
    return {path: Path(path).read_bytes() for path in warm.record_files(records_folder(project))}


def records_folder(project) -> str:
    (folder,) = (project / ".cache" / "pelican").iterdir()
    return str(folder)


def test_the_records_are_named_for_the_publish_not_its_staging_folder(tmp_path):
    project = make_project(tmp_path / "project")
    publish_warm(project, project / "output")
    manifest = os.path.join(records_folder(project), "incremental", f"{warm.KEY}.json")
    with open(manifest, encoding="utf-8") as file:
        assert "index.html" in json.load(file)
