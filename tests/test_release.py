"""`invoke release`: a draft becomes a published post dated now, and nothing else changes."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from posts.reader import read_source
from sites import ROOT, empty_site, example_site, rebuttal, text_of

from sitetools import ToolError, newpost, release
from sitetools import settings as site_settings

NOW = datetime(2026, 11, 25, 14, 3, 27, tzinfo=UTC)  # 14:03 in London (GMT)

DRAFT = (
    "---\r\n"
    "title: 'Prebuttal: it is costed'   # keep this comment\r\n"
    "date: 2026-11-20 17:00\r\n"
    "status: draft\r\n"
    "claim: \"They'll say it's uncosted.\"\r\n"
    "claimant: The Blue Party\r\n"
    "verdict: false\r\n"
    "facts:\r\n"
    "  - fact: It is costed.\r\n"
    "    source: https://www.example.org/costings\r\n"
    "---\r\n"
    "Body with   odd  spacing,\ttabs and a trailing space \r\n"
    "and no newline at the end"
)


def settings_for(site):
    return site_settings.load(str(ROOT / "pelicanconf.py"), str(site.content))


@pytest.fixture
def site(tmp_path):
    site = empty_site(tmp_path)
    (site.content / "posts").mkdir()
    (site.content / "posts/2026-11-20-costed.md").write_bytes(DRAFT.encode())
    site.write("posts/live.md", rebuttal("Already live", date="2026-11-01 09:00"))
    site.write("posts/later.md", rebuttal("Scheduled", date="2099-01-01 09:00"))
    site.write("posts/hidden.md", rebuttal("Hidden one", date="2026-11-01 10:00", status="hidden"))
    return site


def test_only_the_status_and_date_lines_change(site):
    before = DRAFT.encode().split(b"\r\n")
    release.release(settings_for(site), "prebuttal-it-is-costed", now=NOW)
    after = (site.content / "posts/2026-11-20-costed.md").read_bytes().split(b"\r\n")
    changed = [(old, new) for old, new in zip(before, after, strict=True) if old != new]
    assert changed == [
        (b"date: 2026-11-20 17:00", b"date: 2026-11-25 14:03"),
        (b"status: draft", b"status: published"),
    ]


def test_the_released_file_parses_as_a_published_post_dated_now(site):
    settings = settings_for(site)
    item = release.release(settings, "2026-11-20-costed", now=NOW)
    post, problems = read_source(str(site.content / "posts/2026-11-20-costed.md"), settings)
    assert problems == []
    assert post.status == "published"
    assert post.date == NOW.replace(second=0)
    assert item.public and item.url == "2026/11/prebuttal-it-is-costed/"


def test_the_released_post_is_built_at_its_address_and_listed(tmp_path):
    site = example_site(tmp_path)
    item = release.release(settings_for(site), "prebuttal-fully-costed")
    site.build("publishconf.py")
    page = site.page(item.url)
    assert text_of(page.find("h1")).startswith("Prebuttal: our plans are fully costed")
    assert page.find("meta", attrs={"name": "robots"}) is None
    assert f"/{item.url}" in str(site.page("/"))
    assert not (site.output / "drafts").exists()


@pytest.mark.parametrize(
    "name, why",
    [
        ("already-live", "is not a draft: it is live"),
        ("scheduled", "is not a draft: it is scheduled for 2099-01-01 09:00"),
        ("hidden-one", "is not a draft: it is hidden"),
    ],
)
def test_a_post_that_is_not_a_draft_is_refused(site, name, why):
    before = {p.name: p.read_bytes() for p in (site.content / "posts").iterdir()}
    with pytest.raises(ToolError, match=why):
        release.release(settings_for(site), name, now=NOW)
    assert {p.name: p.read_bytes() for p in (site.content / "posts").iterdir()} == before


def test_an_unknown_name_lists_the_drafts(site):
    with pytest.raises(ToolError, match="No post is called 'nope'. The drafts are: prebuttal-it"):
        release.release(settings_for(site), "nope", now=NOW)


def test_a_draft_with_placeholders_from_new_is_refused(site):
    settings = settings_for(site)
    path = newpost.create(settings, "Not ready", now=NOW)
    before = Path(path).read_bytes()
    with pytest.raises(ToolError, match=r"still has TODO: placeholders \(lines 8, 9, 10"):
        release.release(settings, "not-ready", now=NOW)
    assert Path(path).read_bytes() == before


def test_a_release_that_would_break_the_contract_changes_nothing(site):
    # `modified` may not be before `date`: dating the draft now would break that.
    path = site.write("posts/edited.md", rebuttal("Edited", status="draft", modified="2026-11-21"))
    before = path.read_bytes()
    with pytest.raises(ToolError, match="modified: is before the post's date"):
        release.release(settings_for(site), "edited", now=NOW)
    assert path.read_bytes() == before


def test_rewrite_keeps_every_other_byte():
    raw = b"a\r\nb\nc\rd"
    assert release.rewrite(raw, {2: "B", 4: "D"}) == b"a\r\nB\nc\rD"


def test_the_note_new_wrote_goes_and_every_other_line_stays(site):
    settings = settings_for(site)
    path = Path(newpost.create(settings, "Filled in", claim="They said it.", claimant="Blue",
                               verdict="false", now=NOW))  # fmt: skip
    filled = (
        path.read_text()
        .replace("TODO: one fact, in one sentence, that answers the claim.", "It is costed.")
        .replace(newpost.PLACEHOLDER_URL, "https://www.example.org/costings")
        .replace("TODO: the title of the source", "Costings")
        .replace("TODO: who published it", "The Treasury")
        .replace("TODO: what is true, in two or three short paragraphs.", "The body.")
    )
    path.write_text(filled)
    assert "\n".join(newpost.DRAFT_NOTE) in filled
    release.release(settings, "filled-in", now=NOW)
    released = path.read_text().splitlines()
    assert not any(line.startswith("# ") for line in released)
    expected = [
        "status: published" if line == "status: draft" else line
        for line in filled.splitlines()
        if line not in newpost.DRAFT_NOTE
    ]
    assert released == [
        "date: 2026-11-25 14:03" if line.startswith("date:") else line for line in expected
    ]


def test_an_edited_note_line_is_the_editors_and_stays():
    raw = b"---\n# A draft: mine now\n" + newpost.DRAFT_NOTE[1].encode() + b"\ntitle: x\n---\n"
    assert release.note_lines(raw.decode()) == [3]
    assert release.rewrite(raw, {3: None}) == b"---\n# A draft: mine now\ntitle: x\n---\n"
