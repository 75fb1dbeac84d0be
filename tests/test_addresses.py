"""Addresses and feed ids never change: the ledger, in pure calls and real builds."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from posts import addresses
from posts.addresses import Published, Record
from posts.problems import ContentError
from sites import empty_site, post

LONDON = ZoneInfo("Europe/London")
WHEN = datetime(2026, 11, 2, 9, 30, tzinfo=LONDON)
TEMPLATE = "{date:%Y}/{date:%m}/{slug}/"


def item(source="posts/a.md", slug="a-title", explicit=False, date=WHEN, aliases=()):
    return Published(source, source, date, slug, explicit, TEMPLATE, aliases=aliases)


def test_a_new_post_is_recorded_with_a_stable_id():
    ledger, placed, problems, _ = addresses.assign([item()], {}, {"posts/a.md": "published"})
    assert problems == []
    assert placed["posts/a.md"].url == "2026/11/a-title/"
    assert ledger["posts/a.md"].id == addresses.feed_id("posts/a.md", WHEN)
    again, *_ = addresses.assign([item()], {}, {"posts/a.md": "published"})
    assert again["posts/a.md"].id == ledger["posts/a.md"].id


def test_a_retitled_post_keeps_its_address_and_id():
    ledger, *_ = addresses.assign([item()], {}, {})
    retitled = item(slug="a-new-title")
    after, placed, problems, _ = addresses.assign([retitled], ledger, {})
    assert problems == []
    assert placed["posts/a.md"].url == "2026/11/a-title/"
    assert after == ledger


def test_a_new_slug_moves_the_post_and_keeps_a_redirect():
    ledger, *_ = addresses.assign([item()], {}, {})
    after, placed, _, _ = addresses.assign([item(slug="better", explicit=True)], ledger, {})
    assert placed["posts/a.md"].url == "2026/11/better/"
    assert placed["posts/a.md"].redirect_from == ("2026/11/a-title/",)
    assert placed["posts/a.md"].id == ledger["posts/a.md"].id
    back, placed, _, _ = addresses.assign([item(slug="a-title", explicit=True)], after, {})
    assert placed["posts/a.md"].url == "2026/11/a-title/"
    assert placed["posts/a.md"].redirect_from == ("2026/11/better/",)


def test_a_moved_file_is_recognised_by_its_date():
    ledger, *_ = addresses.assign([item()], {}, {})
    moved = item(source="posts/2026/a.md", slug="edited-too")
    after, placed, problems, _ = addresses.assign([moved], ledger, {"posts/2026/a.md": "published"})
    assert problems == []
    assert placed["posts/2026/a.md"].id == ledger["posts/a.md"].id
    assert placed["posts/2026/a.md"].url == "2026/11/a-title/"
    assert list(after) == ["posts/2026/a.md"]


def test_a_published_post_whose_file_is_gone_is_an_error():
    ledger, *_ = addresses.assign([item()], {}, {})
    _, _, problems, _ = addresses.assign([], ledger, {}, content_dir="content")
    assert [str(p) for p in problems] == [
        "content/posts/a.md:1: file: was published at /2026/11/a-title/ but the file is gone; "
        "restore it, or to withdraw the post on purpose delete its entry from published.json"
    ]


def test_a_published_post_turned_back_into_a_draft_is_a_warning():
    ledger, *_ = addresses.assign([item()], {}, {})
    after, _, problems, warnings = addresses.assign([], ledger, {"posts/a.md": "draft"})
    assert problems == []
    assert warnings == [
        "posts/a.md: was published at /2026/11/a-title/ and is now 'draft': "
        "it is no longer on the site"
    ]
    assert after == ledger  # its address is kept for when it comes back


def test_an_alias_that_is_another_posts_address_is_an_error():
    a = item()
    b = item(source="posts/b.md", slug="b", aliases=("/2026/11/a-title/",))
    _, _, problems, _ = addresses.assign([a, b], {}, {})
    assert {(p.path, p.field) for p in problems} == {
        ("posts/a.md", "slug"),
        ("posts/b.md", "aliases[1]"),
    }


def test_the_ledger_round_trips_and_is_sorted():
    ledger = {
        "posts/b.md": Record("urn:uuid:2", "2026/11/b/", "2026-11-02T09:30:00+00:00"),
        "posts/a.md": Record("urn:uuid:1", "2026/11/a/", "2026-11-01T09:30:00+00:00", ["x/"]),
    }
    text = addresses.dump(ledger)
    assert list(json.loads(text)["posts"]) == ["posts/a.md", "posts/b.md"]
    assert addresses.load(text) == ledger


# --- The same promises, kept through real builds --------------------------------


@pytest.mark.build
def test_editing_title_and_body_keeps_address_and_id(tmp_path):
    site = empty_site(tmp_path)
    site.write("posts/vat.md", post("They will raise VAT", body="First."))
    site.build()
    first = site.ledger()
    site.write("posts/vat.md", post("Retitled: they will raise VAT again", body="Edited."))
    site.build()
    assert site.ledger() == first
    soup = site.page("/2026/11/they-will-raise-vat/")
    assert soup.find("h1").get_text() == "Retitled: they will raise VAT again"


@pytest.mark.build
def test_a_new_slug_leaves_a_redirect_at_the_old_address(tmp_path):
    site = empty_site(tmp_path)
    site.write("posts/vat.md", post("They will raise VAT"))
    site.build()
    site.write("posts/vat.md", post("They will raise VAT", slug="vat-promise"))
    site.build()
    old = site.page("/2026/11/they-will-raise-vat/")
    assert old.find("meta", attrs={"http-equiv": "refresh"})["content"].endswith(
        "/2026/11/vat-promise/"
    )
    assert old.find("link", rel="canonical")["href"] == "/2026/11/vat-promise/"
    assert old.select_one("main a")["href"] == "/2026/11/vat-promise/"
    redirects = (site.output / "_redirects").read_text()
    assert "/2026/11/they-will-raise-vat/ /2026/11/vat-promise/ 301\n" in redirects
    assert site.page("/2026/11/vat-promise/").find("h1").get_text() == "They will raise VAT"


@pytest.mark.build
def test_aliases_answer_with_redirects(tmp_path):
    site = empty_site(tmp_path)
    aliases = ["/old/vat.html", "/2019/05/vat-rise/", "/caf%c3%a9/", "/thé/"]
    site.write("posts/vat.md", post("VAT", aliases=aliases))
    site.build()
    for old in ("old/vat.html", "2019/05/vat-rise/index.html", "café/index.html", "thé/index.html"):
        page = site.output / old
        assert "url=/2026/11/vat/" in page.read_text()
    # One spelling in _redirects, %-encoded, where the host matches the encoded request.
    assert (site.output / "_redirects").read_text().splitlines() == [
        "/2019/05/vat-rise/ /2026/11/vat/ 301",
        "/caf%C3%A9/ /2026/11/vat/ 301",
        "/old/vat.html /2026/11/vat/ 301",
        "/th%C3%A9/ /2026/11/vat/ 301",
    ]


def test_an_alias_is_kept_in_one_spelling_and_compared_by_the_file_it_writes():
    from posts.sitepaths import file_of, normalise

    assert normalise("/caf%c3%a9/") == normalise("/café/") == ("/caf%C3%A9/", "")
    assert normalise("/cafe\u0301/") == normalise("/cafe%CC%81/") == ("/caf%C3%A9/", "")
    assert normalise("/%41bc/") == ("/Abc/", "")
    assert file_of("/about") == file_of("/about/") == file_of("/about/index.html")
    assert file_of("/old/vat.html") == "old/vat.html"
    a = item(slug="about")
    b = item(source="posts/b.md", slug="b", aliases=("/2026/11/ABOUT",))
    _, _, problems, _ = addresses.assign([a, b], {}, {})
    assert ("posts/b.md", "aliases[1]") in {(p.path, p.field) for p in problems}


def test_an_alias_naming_its_own_post_would_overwrite_it_and_is_refused():
    own = item(slug="a", aliases=("/2026/11/a",))
    _, _, problems, _ = addresses.assign([own], {}, {})
    assert [str(p) for p in problems] == [
        "posts/a.md:1: aliases[1]: /2026/11/a is this post's own address; remove the alias"
    ]


def test_a_ledger_address_that_is_not_a_site_path_is_refused():
    """published.json sits in content/: whoever commits a post can edit it too."""
    for bad in ("x/\n/* https://evil.example/ 301!", "../../outside/", "a b/"):
        ledger = {"posts/a.md": Record("urn:uuid:1", "2026/11/a-title/", WHEN.isoformat(), [bad])}
        _, _, problems, _ = addresses.assign([item()], ledger, {})
        assert [(p.path, p.field) for p in problems] == [("content/published.json", "file")]
        assert "restore the file from git" in problems[0].message
        assert "\n" not in str(problems[0])


def test_redirects_never_hold_a_space_or_line_break_whatever_they_are_given():
    from redirects.redirects import netlify_redirects

    text = netlify_redirects([("/x\n/* https://evil.example/ 301!", "/2026/11/a/")])
    assert text == "/x%0A/%2A%20https%3A//evil.example/%20301! /2026/11/a/ 301\n"


@pytest.mark.build
def test_a_moved_file_keeps_its_id_and_a_deleted_one_stops_the_build(tmp_path):
    site = empty_site(tmp_path)
    site.write("posts/vat.md", post("VAT"))
    site.build()
    first = json.loads(site.ledger())["posts"]["posts/vat.md"]
    (site.content / "posts/vat.md").rename(site.content / "posts/2026-vat.md")
    site.build()
    moved = json.loads(site.ledger())["posts"]["posts/2026-vat.md"]
    assert moved == first
    (site.content / "posts/2026-vat.md").unlink()
    site.write("posts/other.md", post("Other", date="2026-11-03 10:00"))
    with pytest.raises(ContentError) as failure:
        site.build()
    assert "posts/2026-vat.md:1: file: was published at /2026/11/vat/" in str(failure.value.code)


def test_a_post_or_alias_inside_the_sites_own_folders_is_an_error():
    page = Published("pages/t.md", "pages/t.md", WHEN, "topics", True, "{slug}/", slug_line=3)
    aliased = item(source="posts/b.md", slug="b", aliases=("/archive/",))
    _, _, problems, _ = addresses.assign([page, aliased], {}, {}, reserved=("archive", "topics"))
    assert sorted(str(p) for p in problems) == [
        "pages/t.md:3: slug: the address /topics/ belongs to the site itself",
        "posts/b.md:1: aliases[1]: the address /archive/ belongs to the site itself",
    ]


def test_two_drafts_with_one_preview_address_clash_but_are_not_recorded():
    one = Published("posts/a.md", "posts/a.md", WHEN, "plan", False, "drafts/{slug}/")
    two = Published("posts/b.md", "posts/b.md", WHEN, "plan", False, "drafts/{slug}/")
    ledger, _, problems, _ = addresses.assign([], {}, {}, drafts=[one, two])
    assert ledger == {}
    assert {p.path for p in problems} == {"posts/a.md", "posts/b.md"}
    assert all("/drafts/plan/ is also used by" in p.message for p in problems)


def test_an_alias_through_a_file_of_the_site_or_of_a_post_is_refused():
    """A folder cannot be made where a file is: the build would stop with a traceback."""
    a = item(slug="a")
    b = item(source="posts/b.md", slug="b", aliases=("/2026/11/a/index.html/x/", "/old.html"))
    c = item(source="posts/c.md", slug="c", aliases=("/old.html/y", "/2026/11/index.html/z"))
    patterns = (r"\d{4}/\d{2}/index\.html",)
    _, _, problems, _ = addresses.assign([a, b, c], {}, {}, reserved_patterns=patterns)
    assert sorted(str(p) for p in problems) == [
        "posts/b.md:1: aliases[1]: the address /2026/11/a/index.html/x/ would need a folder "
        "where /2026/11/a/ (posts/a.md) is a file",
        "posts/c.md:1: aliases[1]: the address /old.html/y would need a folder where "
        "/old.html (posts/b.md) is a file",
        "posts/c.md:1: aliases[2]: the address /2026/11/index.html/z belongs to the site itself",
    ]
