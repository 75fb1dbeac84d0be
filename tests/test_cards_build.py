"""Integration: share cards in real builds: files, tags, links, the cache, hand-made images."""

from __future__ import annotations

import io
import logging
import os
import re
import shutil
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup
from cards import card_cache
from cards.card_cache import output_name
from PIL import Image, ImageChops
from projects import project
from sites import Site, empty_site, example_site, post, rebuttal

pytestmark = pytest.mark.build

SITEURL = "https://cards.example.org"
LONG_AGO = 1_000_000_000  # ns: files back-dated to this show any rewrite, however fast


def backdate(folder) -> None:
    for path in folder.glob("*") if folder.exists() else ():
        os.utime(path, ns=(LONG_AGO, LONG_AGO))


def build(site, settings="publishconf.py", **overrides) -> list[str]:
    """Build, and return the cards drawn (by their names in the output): those the cache
    folder gained or rewrote."""
    cache = site.root / "cards"
    backdate(cache)
    site.build(settings, **{"SITEURL": SITEURL, **overrides})
    if not cache.exists():
        return []
    return sorted(output_name(p) for p in cache.iterdir() if p.stat().st_mtime_ns != LONG_AGO)


def meta(soup, key: str) -> str | None:
    tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
    return tag["content"] if tag else None


def card_file(site, url: str):
    assert url.startswith(SITEURL + "/cards/")
    return site.output / url.removeprefix(SITEURL + "/")


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    site = example_site(tmp_path_factory.mktemp("live"))
    site.build("publishconf.py", SITEURL=SITEURL)
    return site


def published_pages(site):
    pages = []
    for path in sorted(site.output.glob("20[0-2][0-9]/*/*/index.html")):
        soup = site.page(str(path.relative_to(site.output)))
        if soup.find("link", rel="canonical") and not soup.find(
            "meta", attrs={"http-equiv": "refresh"}
        ):
            pages.append(soup)
    return pages


def test_every_published_post_has_both_cards_within_budget(live):
    pages = published_pages(live)
    assert len(pages) == 14  # the example posts that are published
    for soup in pages:
        landscape = card_file(live, meta(soup, "og:image"))
        with Image.open(landscape) as image:
            assert image.size == (1200, 630)
            assert image.format in ("PNG", "JPEG")
        assert landscape.stat().st_size <= 300_000
        (square_link,) = [
            a["href"] for a in soup.select(".share-graphic a[download]") if "-square." in a["href"]
        ]
        with Image.open(card_file(live, square_link)) as image:
            assert image.size == (1080, 1080)


def test_every_meta_tag_of_a_rebuttal(live):
    soup = live.page("2015/03/tory-chancellors-have-raised-vat-three-times-after-promising-not-to/")
    canonical = soup.find("link", rel="canonical")["href"]
    image = meta(soup, "og:image")
    with Image.open(card_file(live, image)) as card:
        kind = Image.MIME[card.format]
    alt = (
        "Verdict: Misleading. Conservative Party said: “We have no plans to raise VAT.” "
        "The facts: Three times in the last few elections, Tory chancellors raised VAT after "
        "promising they had no plans to."
    )
    assert {
        key: meta(soup, key)
        for key in (
            "og:type", "og:site_name", "og:locale", "og:title", "og:description", "og:url",
            "article:published_time", "article:modified_time", "og:image:width",
            "og:image:height", "og:image:type", "og:image:alt", "twitter:card",
            "twitter:image:alt",
        )
    } == {
        "og:type": "article",
        "og:site_name": "Response Team",
        "og:locale": "en_GB",
        "og:title": "Tory chancellors have raised VAT three times after promising not to",
        "og:description": "They have tried this before. Here is the record.",
        "og:url": canonical,
        "article:published_time": "2015-03-30T09:00:00+01:00",
        "article:modified_time": "2015-03-30T09:00:00+01:00",
        "og:image:width": "1200",
        "og:image:height": "630",
        "og:image:type": kind,
        "og:image:alt": alt,
        "twitter:card": "summary_large_image",
        "twitter:image:alt": alt,
    }  # fmt: skip
    assert canonical.startswith(SITEURL + "/")
    assert re.fullmatch(re.escape(SITEURL) + r"/cards/[0-9a-f]{12}-landscape\.(png|jpg)", image)


def test_an_update_card_has_its_alt_from_title_and_summary(tmp_path):
    site = empty_site(tmp_path)
    site.write("posts/update.md", post("Buses: what changes", summary="Fares fall in May."))
    build(site)
    soup = site.page("2026/11/buses-what-changes/")
    assert meta(soup, "og:image:alt") == "Buses: what changes. Fares fall in May."
    assert meta(soup, "article:modified_time") == "2026-11-02T09:30:00+00:00"


def test_hostile_text_is_escaped_in_every_tag(tmp_path):
    site = empty_site(tmp_path)
    claim = 'A "quote" <script>alert(1)</script> & more'
    site.write("posts/hostile.md", rebuttal("Hostile <b>title</b>", claim=claim))
    build(site)
    html = (site.output / "2026/11/hostile-title/index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<b>title" not in html
    soup = site.page("2026/11/hostile-title/")
    assert meta(soup, "og:title") == "Hostile <b>title</b>"
    assert "‘quote’ <script>alert(1)</script> & more" in meta(soup, "og:image:alt")


def test_download_links_for_both_cards(live):
    soup = live.page("2015/03/tory-chancellors-have-raised-vat-three-times-after-promising-not-to/")
    section = soup.find("section", class_="share-graphic")
    links = section.find_all("a")
    assert [" ".join(a.get_text(" ").split()) for a in links] == [
        "Download the graphic",
        "Download the square graphic For Instagram and stories",
    ]
    assert all(a.has_attr("download") for a in links)
    assert links[0]["href"] == meta(soup, "og:image")
    # The landscape card is shown on the page, with the card's own words as its text.
    shown = section.find("img")
    assert shown["src"] == links[0]["href"] and shown["alt"] == meta(soup, "og:image:alt")
    assert card_file(live, links[1]["href"]).stat().st_size <= 300_000


def test_drafts_get_no_card(tmp_path):
    site = empty_site(tmp_path)
    site.write("posts/draft.md", rebuttal("A prebuttal", status="draft"))
    assert build(site, "pelicanconf.py") == []
    soup = site.page("drafts/a-prebuttal/")
    assert meta(soup, "og:image") is None
    assert meta(soup, "twitter:card") == "summary"
    assert soup.find("section", class_="share-graphic") is None
    assert not (site.output / "cards").exists()


def test_a_rebuild_with_nothing_changed_draws_and_rewrites_nothing(tmp_path):
    site = empty_site(tmp_path)
    site.write("posts/one.md", rebuttal("One", claim="First claim."))
    site.write("posts/two.md", rebuttal("Two", claim="Second claim."))
    assert len(build(site)) == 4
    cards = sorted((site.output / "cards").iterdir())
    assert [c.name for c in cards] == sorted(output_name(c) for c in (tmp_path / "cards").iterdir())
    backdate(site.output / "cards")
    assert build(site) == []
    assert all(path.stat().st_mtime_ns == LONG_AGO for path in cards)


def test_a_changed_claim_draws_exactly_its_cards_again_under_new_names(tmp_path):
    site = empty_site(tmp_path)
    site.write("posts/one.md", rebuttal("One", claim="First claim."))
    site.write("posts/two.md", rebuttal("Two", claim="Second claim."))
    build(site)
    before = (
        meta(site.page("2026/11/one/"), "og:image"),
        meta(site.page("2026/11/two/"), "og:image"),
    )
    site.write("posts/one.md", rebuttal("One", claim="First claim, corrected."))
    drawn = sorted(build(site), key=lambda name: name.rsplit("-", 1)[1])
    after = meta(site.page("2026/11/one/"), "og:image"), meta(site.page("2026/11/two/"), "og:image")
    assert after[0] != before[0] and after[1] == before[1]
    # Its landscape and square cards, and no other.
    assert [name.rsplit("-", 1)[1] for name in drawn] == ["landscape.png", "square.png"]
    assert after[0].endswith("/" + drawn[0])
    # The old card stays where it was: previews already shared keep their image.
    assert card_file(site, before[0]).exists() and card_file(site, after[0]).exists()


def test_a_changed_card_setting_draws_every_card_again(tmp_path):
    site = empty_site(tmp_path)
    site.write("posts/one.md", rebuttal("One"))
    build(site)
    assert len(build(site, CARDS_BACKGROUND="#fdf6e3")) == 2


def test_the_cache_folder_can_be_set(tmp_path):
    site = empty_site(tmp_path / "site")
    site.write("posts/one.md", rebuttal("One"))
    build(site, CARDS_CACHE_PATH=str(tmp_path / "kept"))
    assert len(list((tmp_path / "kept").glob("*-*.png"))) == 2


def test_many_posts_are_drawn_in_parallel_and_the_same_as_one_by_one(tmp_path):
    site = empty_site(tmp_path / "together")
    for number in range(6):
        site.write(f"posts/p{number}.md", rebuttal(f"Post {number}", claim=f"Claim {number}."))
    assert len(build(site)) == 12
    alone = empty_site(tmp_path / "alone")
    alone.write("posts/p3.md", rebuttal("Post 3", claim="Claim 3."))
    build(alone)
    url = meta(alone.page("2026/11/post-3/"), "og:image")
    assert url == meta(site.page("2026/11/post-3/"), "og:image")
    assert card_file(alone, url).read_bytes() == card_file(site, url).read_bytes()


def test_a_hand_made_image_replaces_the_landscape_card(tmp_path):
    site = empty_site(tmp_path)
    (site.content / "images").mkdir()
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 630), "#123456").save(buffer, "JPEG", quality=80)
    (site.content / "images" / "ours.jpg").write_bytes(buffer.getvalue())
    site.write("posts/one.md", rebuttal("One", image="images/ours.jpg"))
    assert [name.rsplit("-", 1)[1] for name in build(site)] == ["square.png"]
    soup = site.page("2026/11/one/")
    url = meta(soup, "og:image")
    assert re.fullmatch(re.escape(SITEURL) + r"/cards/[0-9a-f]{12}-landscape\.jpg", url)
    assert card_file(site, url).read_bytes() == buffer.getvalue()
    assert meta(soup, "og:image:type") == "image/jpeg"
    assert (meta(soup, "og:image:width"), meta(soup, "og:image:height")) == ("1200", "630")
    assert meta(soup, "og:image:alt").startswith("Verdict: False. The Blue Party said:")
    assert len(soup.select(".share-graphic a[download]")) == 2


def test_a_hand_made_image_too_small_stops_the_build(tmp_path, capsys):
    site = empty_site(tmp_path)
    (site.content / "images").mkdir()
    Image.new("RGB", (800, 418)).save(site.content / "images" / "small.png")
    site.write("posts/one.md", rebuttal("One", image="images/small.png"))
    with pytest.raises(SystemExit) as stopped:
        site.build("publishconf.py", SITEURL=SITEURL)
    assert "one.md:10: image: 'images/small.png' is 800×418 pixels" in str(stopped.value)
    assert not (site.output / "cards").exists()


def test_text_no_card_font_has_is_left_out_with_a_warning(tmp_path, caplog):
    site = empty_site(tmp_path)
    site.write("posts/one.md", rebuttal("One", claim="Prices 🚀 are up 中文 today."))
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="cards"):
        site.build("publishconf.py", SITEURL=SITEURL)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == [
        "posts/one.md: the share cards leave out characters no card font has: 🚀中文"
    ]
    # The words are all still in the alternative text.
    assert "Prices 🚀 are up 中文 today." in meta(site.page("2026/11/one/"), "og:image:alt")


def test_a_bad_card_setting_stops_the_build_before_reading(tmp_path):
    site = empty_site(tmp_path)
    site.write("posts/one.md", rebuttal("One"))
    with pytest.raises(SystemExit) as stopped:
        site.build("publishconf.py", SITEURL=SITEURL, CARDS_BACKGROUND="white")
    assert "CARDS_BACKGROUND must be a colour written as #rrggbb" in str(stopped.value)
    assert not site.output.exists()


@pytest.mark.parametrize("damage", ["cut short", "changed"])
def test_a_damaged_card_in_the_cache_is_drawn_again_never_published(tmp_path, caplog, damage):
    site = empty_site(tmp_path)
    site.write("posts/one.md", rebuttal("One"))
    build(site)
    (kept,) = (tmp_path / "cards").glob("*-landscape.*")
    good = kept.read_bytes()
    if damage == "cut short":  # a full disk, an interrupted restore of the CI cache
        kept.write_bytes(good[: len(good) // 2])
    else:  # the same length, one byte different
        kept.write_bytes(good[:1000] + bytes([good[1000] ^ 0xFF]) + good[1001:])
    shutil.rmtree(site.output)  # as `publish` does: a fresh output from the cache
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="cards"):
        assert build(site) == [output_name(kept)]
    assert [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING] == [
        f"{kept}: a cached card does not match its digest: drawn again"
    ]
    assert (site.output / "cards" / output_name(kept)).read_bytes() == good
    assert kept.read_bytes() == good


def card_images(root) -> dict[str, Image.Image]:
    """Each post page's landscape and square cards, by page and design."""
    found = {}
    for page in sorted((root / "output").glob("20*/*/*/index.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for link in soup.select(".share-graphic a[download]"):
            path = root / "output" / link["href"].removeprefix(SITEURL + "/")
            design = "square" if "-square." in path.name else "landscape"
            with Image.open(path) as image:
                found[f"{page.parent.name} {design}"] = (path.name, image.convert("RGB"))
    return found


def test_a_change_to_the_card_code_draws_every_card_again_under_new_names(tmp_path):
    """A margin changed in layout.py, the card cache kept: no card may be the old one."""
    copy = project(tmp_path)
    copy.write("posts/one.md", rebuttal("One", claim="First claim."))
    copy.write("posts/two.md", post("Two", summary="An update."))
    command = [sys.executable, "-m", "pelican", "content", "-o", "output", "-s", "publishconf.py"]
    environment = {**os.environ, "SITEURL": SITEURL}

    def built() -> dict[str, tuple[str, Image.Image]]:
        subprocess.run(command, cwd=copy.root, env=environment, check=True, capture_output=True)
        return card_images(copy.root)

    before = built()
    layout = copy.root / "plugins/cards/layout.py"
    text = layout.read_text(encoding="utf-8")
    assert text.count("margin=64,") == 1
    layout.write_text(text.replace("margin=64,", "margin=96,"), encoding="utf-8")
    after = built()
    assert sorted(after) == sorted(before) and len(after) == 4
    for card, (name, image) in after.items():
        old_name, old_image = before[card]
        assert name != old_name, card
        changed = ImageChops.difference(image, old_image).getbbox() is not None
        assert changed == card.endswith("landscape"), card  # the square has its own margin


def test_cards_begin_drawing_while_the_posts_are_read_and_none_is_drawn_twice(tmp_path):
    from cards import cards
    from pelican import signals

    site = empty_site(tmp_path)
    for number in range(5):
        site.write(f"posts/p{number}.md", rebuttal(f"Post {number}", claim=f"Claim {number}."))
    site.write("posts/update.md", post("An update", summary="What changed."))
    begun = []

    def read(generator):  # every post read, no card yet decided by the generator
        begun.extend(stem for _, drawing in cards._DRAWINGS.values() for stem in drawing.started)

    signals.article_generator_finalized.connect(read)
    try:
        drawn = build(site)
    finally:
        signals.article_generator_finalized.disconnect(read)
    assert len(drawn) == 12 and sorted(f"{stem}.png" for stem in begun) == drawn
    assert not cards._DRAWINGS  # the generator took the drawing over and ended it


def test_a_card_cache_restored_with_its_dates_is_not_read_again(tmp_path, monkeypatch):
    site = empty_site(tmp_path / "first")
    site.write("posts/one.md", rebuttal("One"))
    site.build("publishconf.py", SITEURL=SITEURL)
    # A fresh CI runner: the cache restored elsewhere (new inodes), its dates kept.
    shutil.copytree(tmp_path / "first", tmp_path / "again", copy_function=shutil.copy2)
    again = Site(tmp_path / "again")
    shutil.rmtree(again.output)
    cards = {path.name: path.stat().st_mtime_ns for path in (again.root / "cards").iterdir()}
    read = []
    monkeypatch.setattr(card_cache, "_digest_of", lambda path: read.append(path))
    again.build("publishconf.py", SITEURL=SITEURL)
    assert read == []
    assert {p.name: p.stat().st_mtime_ns for p in (again.root / "cards").iterdir()} == cards
