"""Integration: the example site built for real, and its pages read back."""

from __future__ import annotations

import re

import pytest
import yaml
from sites import ROOT, all_text, example_site, text_of

pytestmark = pytest.mark.build


def front_matter(path) -> dict:
    """The front-matter as plain text values, read independently of the plugin."""
    text = path.read_text(encoding="utf-8")
    return yaml.load(text.split("---\n")[1], Loader=yaml.BaseLoader)


def example_posts() -> list[tuple[str, dict]]:
    return [
        (path.name, front_matter(path)) for path in sorted((ROOT / "content/posts").glob("*.md"))
    ]


def listed(post: dict) -> bool:
    return post.get("status", "published") == "published" and not post["date"].startswith("2029")


@pytest.fixture(scope="module")
def dev_site(tmp_path_factory):
    site = example_site(tmp_path_factory.mktemp("dev"))
    site.build()
    return site


@pytest.fixture(scope="module")
def live_site(tmp_path_factory):
    site = example_site(tmp_path_factory.mktemp("live"))
    site.build("publishconf.py")
    return site


def page_for(site, title: str):
    """The built page whose <h1> is ``title``."""
    for path in site.html_files():
        soup = site.page(str(path.relative_to(site.output)))
        h1 = soup.find("h1")
        if h1 and text_of(h1) == " ".join(title.split()) and "drafts" not in path.parts:
            return soup
    for path in (site.output / "drafts").rglob("*.html"):
        soup = site.page(str(path.relative_to(site.output)))
        if text_of(soup.find("h1")) == title:
            return soup
    raise AssertionError(f"no page for {title!r}")


def test_example_content_is_what_the_brief_asks_for():
    posts = [fm for _, fm in example_posts()]
    rebuttals = [p for p in posts if "claim" in p]
    assert len(posts) >= 10
    assert sum("claim" not in p for p in posts) >= 2
    assert any(p.get("status") == "draft" for p in posts)
    assert any(p["date"].startswith("2029") for p in posts)
    assert {p["verdict"] for p in rebuttals} >= {
        "false", "misleading", "missing-context", "exaggerated", "unsupported"
    }  # fmt: skip
    assert any(p["title"].startswith("Tory chancellors have raised VAT") for p in posts)


@pytest.mark.parametrize("name, post", example_posts(), ids=[n for n, _ in example_posts()])
def test_every_claim_fact_and_source_is_on_its_page(dev_site, name, post):
    text = text_of(page_for(dev_site, post["title"]))
    soup = page_for(dev_site, post["title"])
    if "claim" in post:
        assert " ".join(post["claim"].split()) in text
        assert post["claimant"] in text
        label = {"missing-context": "Missing context"}.get(post["verdict"], post["verdict"].title())
        # The verdict is given on the claim, in the claim box, never over the headline.
        badge = soup.select_one("section.claim .verdict")
        assert badge["data-verdict"] == post["verdict"]
        assert text_of(badge.select_one(".verdict__label")) == label
        assert text_of(badge).startswith(f"Our verdict: {label}")
        assert soup.select(".post__header .verdict") == []
    hrefs = {a.get("href") for a in soup.find_all("a")}
    for fact in post.get("facts", []):
        assert " ".join(fact["fact"].split()) in text
        sources = fact.get("sources") or [{"url": fact["source"]}]
        for source in sources:
            url = source if isinstance(source, str) else source["url"]
            assert url in hrefs
            if isinstance(source, dict):
                for key in ("title", "publisher"):
                    if key in source:
                        assert source[key] in text
                if "archived_url" in source:
                    assert source["archived_url"] in hrefs


def test_sources_are_numbered_across_the_post(dev_site):
    soup = page_for(dev_site, "No, we are not scrapping free bus passes for pensioners")
    numbers = [text_of(n) for n in soup.select(".source__number")]
    assert numbers == [f"[{i}]" for i in range(1, len(numbers) + 1)]
    assert len(numbers) >= 3


def test_claim_shows_who_said_it_when_and_where(dev_site):
    soup = page_for(dev_site, "No, we are not scrapping free bus passes for pensioners")
    post = dict(example_posts())["2026-09-03-bus-passes.md"]
    claim = soup.select_one(".claim")
    assert claim.select_one("blockquote")["cite"] == post["claim_url"]
    assert claim.select_one("figcaption time")["datetime"] == post["claim_date"]
    assert claim.select_one("figcaption a")["href"] == post["claim_url"]


def test_drafts_and_future_posts_are_in_no_listing(dev_site):
    hidden = [fm["title"] for _, fm in example_posts() if not listed(fm)]
    shown = [fm["title"] for _, fm in example_posts() if listed(fm)]
    assert len(hidden) == 2
    listings = {
        path: text
        for path, text in all_text(dev_site).items()
        if path == "index.html" or path.startswith(("page/", "topics/", "archive/"))
    }
    everything = " ".join(listings.values())
    for title in hidden:
        assert title not in everything
    for title in shown:
        assert title in listings["archive/index.html"]


def test_drafts_are_previewed_in_development_with_noindex(dev_site):
    soup = page_for(dev_site, "Prebuttal: our plans are fully costed, whatever they say tonight")
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert "Draft preview" in text_of(soup)


def test_production_writes_no_drafts_or_scheduled_posts(live_site):
    texts = " ".join(all_text(live_site).values())
    for _, fm in example_posts():
        if not listed(fm):
            assert fm["title"] not in texts
    assert not (live_site.output / "drafts").exists()


def test_home_page_lists_latest_with_badges_and_pagination(dev_site):
    home = dev_site.page("/")
    cards = home.select(".post-list .card")
    assert len(cards) == 10
    # The newest leads, with its graphic; the rest are compact: a rebuttal shows its
    # quoted claim with the verdict beside it, any other post its summary.
    lead = cards[0]
    assert "card--lead" in lead["class"] and lead.select_one(".card__image img")
    assert lead.select_one(".card__summary").get_text(strip=True)
    assert home.select(".card--lead") == [lead]
    for card in cards:
        quoted = card.select_one(".card__claim")
        if quoted:
            assert quoted.select_one(".verdict__label") and "said: “" in text_of(quoted)
        else:
            assert card.select_one(".card__summary").get_text(strip=True)
    assert sum(bool(card.select_one(".card__claim .verdict")) for card in cards) >= 5
    second = dev_site.page("/page/2/")
    assert len(second.select(".post-list .card")) == 4
    assert "Page 2 of 2" in text_of(second)
    dates = [c.select_one("time")["datetime"] for c in cards]
    assert dates == sorted(dates, reverse=True)


def test_every_topic_has_a_page_and_case_variants_merge(dev_site):
    topics = dev_site.page("/topics/")
    names = [text_of(a) for a in topics.select(".topic-index a")]
    assert len(names) == len({n.casefold() for n in names})
    cost = dev_site.page("/topics/cost-of-living/")
    assert len(cost.select(".card")) >= 2
    for _, fm in example_posts():
        if listed(fm) and "tags" in fm:
            assert (dev_site.output / "topics").exists()


def test_static_pages_exist(dev_site):
    for url, title in [
        ("/about/", "About the Response Team"),
        ("/how-we-check/", "How we check facts"),
        ("/corrections-policy/", "Corrections policy"),
    ]:
        assert text_of(dev_site.page(url).find("h1")) == title


def test_corrections_and_dates_are_shown(dev_site):
    soup = page_for(dev_site, "We are not cutting 200 teachers. Our plan pays for 120 more.")
    corrections = soup.select(".corrections li")
    assert len(corrections) == 2
    assert all(text_of(c).startswith("Corrected on") for c in corrections)
    assert soup.select_one(".post-dates__updated time")["datetime"]
    assert soup.select_one(".post-dates time")["datetime"].startswith("2026-11-02")


def test_every_page_is_this_themes_with_imprint_and_language(live_site):
    for path in live_site.html_files():
        if path.relative_to(live_site.output).parts[0] == "email":
            continue  # email editions are emails, not theme pages: see test_feeds_build.py
        soup = live_site.page(str(path.relative_to(live_site.output)))
        assert soup.html["lang"] == "en-GB", path
        assert soup.select_one("a.skip-link[href='#main']"), path
        assert len(soup.find_all("h1")) == 1, path
        assert "Promoted by" in text_of(soup.select_one(".imprint")), path


def test_production_links_are_absolute_to_siteurl(live_site):
    soup = page_for(
        live_site, "Tory chancellors have raised VAT three times after promising not to"
    )
    canonical = soup.find("link", rel="canonical")["href"]
    assert re.match(r"^https://response-team\.example\.org/2015/03/[a-z0-9-]+/$", canonical)


def test_verdict_colours_come_from_the_setting(dev_site):
    href = dev_site.page("/").find("link", rel="stylesheet")["href"]
    css = (dev_site.output / href.removeprefix("./")).read_text()
    assert '[data-verdict="false"] { --verdict-colour: #b3261e; }' in css


def test_building_the_example_site_records_no_new_addresses(dev_site):
    assert dev_site.ledger() == (ROOT / "content/published.json").read_text(encoding="utf-8")


def test_archive_groups_posts_by_month_with_a_page_per_month(dev_site):
    archive = dev_site.page("/archive/")
    months = [a.get_text() for a in archive.select(".archive-month h2 a")]
    assert months[:3] == ["November 2026", "October 2026", "September 2026"]
    november = dev_site.page("/2026/11/")
    assert november.find("h1").get_text() == "November 2026"
    assert len(november.select(".archive li")) == 3


def test_posts_link_to_their_older_and_newer_neighbours(dev_site):
    soup = page_for(dev_site, "Crime in Exampleton has not doubled")
    older = soup.select_one(".neighbours__older a")
    newer = soup.select_one(".neighbours__newer a")
    assert older["rel"] == ["prev"] and newer["rel"] == ["next"]
    assert "exampleton-generals-list" in older["href"] and "no-secret-plan" in newer["href"]
    oldest = page_for(
        dev_site, "Tory chancellors have raised VAT three times after promising not to"
    )
    assert oldest.select_one(".neighbours__older") is None


def test_a_rebuttal_page_weighs_under_100_kb_with_its_css(live_site):
    path = next((live_site.output / "2026/09").glob("no-we-are-not-scrapping*/index.html"))
    soup = live_site.page(str(path.relative_to(live_site.output)))
    total = path.stat().st_size
    for link in soup.find_all("link", rel="stylesheet"):
        total += (live_site.output / link["href"].split("/", 3)[3]).stat().st_size
    assert total < 100_000
    assert len(soup.find_all("link", rel="stylesheet")) == 1
    for script in soup.find_all("script", src=True):
        assert script.has_attr("defer")
