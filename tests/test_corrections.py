"""Corrections in the open: on the post, moving its updated date, and on one log page."""

from __future__ import annotations

import pytest
from corrections.corrections import corrections_log
from sites import empty_site, post

pytestmark = pytest.mark.build


def test_log_lists_every_correction_newest_first(tmp_path):
    site = empty_site(tmp_path)
    site.write(
        "posts/a.md",
        post("First", slug="first", date="2026-10-01", corrections=[
            {"date": "2026-10-02", "note": "Older note"},
            {"date": "2026-11-10", "note": "Newest note <b>"},
        ]),
    )  # fmt: skip
    site.write(
        "posts/b.md",
        post("Second", slug="second", date="2026-10-05",
             corrections=[{"date": "2026-10-20", "note": "Middle note"}]),
    )  # fmt: skip
    unseen = [{"date": "2026-11-20", "note": "Unseen"}]
    site.write("posts/c.md", post("Draft", slug="draft", status="draft", corrections=unseen))
    site.build()
    log = site.page("/corrections/")
    notes = [p.get_text() for p in log.select(".corrections-log__entry p:nth-of-type(2)")]
    assert notes == ["Newest note <b>", "Middle note", "Older note"]
    first = site.page("/2026/10/first/")
    assert [li.get_text(" ", strip=True) for li in first.select(".corrections li")] == [
        "Corrected on 10 November 2026 : Newest note <b>",
        "Corrected on 2 October 2026 : Older note",
    ]
    assert first.select_one(".post-dates__updated time")["datetime"].startswith("2026-11-10")
    footer_links = [a["href"] for a in site.page("/").select("footer a")]
    assert any(href.endswith("corrections/") for href in footer_links)


def test_corrections_log_function_orders_by_date():
    class Article:
        def __init__(self, corrections):
            self.corrections = corrections

    class Correction:
        def __init__(self, date, note):
            self.date, self.note = date, note

    a = Article([Correction(1, "a1"), Correction(3, "a3")])
    b = Article([Correction(2, "b2")])
    assert [entry.note for entry in corrections_log([a, b])] == ["a3", "b2", "a1"]
