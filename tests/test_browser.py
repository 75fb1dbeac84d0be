"""Pages in real headless Chromium: nothing from another host, no errors, sharing works."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from browser import PageWatch
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PAGES = [
    "/",
    "/page/2/",
    "/2026/09/no-we-are-not-scrapping-free-bus-passes-for-pensioners/",
    "/2026/09/welcome-to-the-response-team-blog/",
    "/topics/",
    "/topics/cost-of-living/",
    "/about/",
    "/archive/",
    "/corrections/",
    "/404.html",
    "/share/mastodon/?text=Hello",
    "/search/?q=VAT",
    "/join/",
    "/subscribe/",
]
REBUTTAL = PAGES[2]
WIDTHS = {"phone": (390, 844), "desktop": (1366, 900)}


@pytest.fixture
def open_page(chromium, served_site):
    contexts = []

    def open_(path: str, width: str = "phone", **options):
        w, h = WIDTHS[width]
        context = chromium.new_context(viewport={"width": w, "height": h}, **options)
        contexts.append(context)
        page = context.new_page()
        watch = PageWatch(page, urlsplit(served_site.url).netloc)
        page.goto(served_site.url + path, wait_until="load")
        return page, watch

    yield open_
    for context in contexts:
        context.close()


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("path", PAGES)
def test_page_loads_nothing_from_another_host_and_logs_no_error(open_page, path, width):
    page, watch = open_page(path, width)
    page.wait_for_load_state("networkidle")
    assert watch.third_party() == []
    assert watch.errors == []
    assert page.locator("h1").count() == 1


def test_share_links_work_without_javascript(open_page):
    page, _ = open_page(REBUTTAL, java_script_enabled=False)
    links = page.locator(".share__link")
    assert links.count() == 10
    assert page.locator("[data-share-extras]").is_hidden()


def test_copy_link_puts_the_address_on_the_clipboard(open_page, served_site):
    page, _ = open_page(REBUTTAL, permissions=["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="Copy link").click()
    page.get_by_text("Link copied.").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == served_site.url + REBUTTAL


def test_mastodon_asks_for_the_server_once_then_goes_straight_there(open_page):
    page, _ = open_page(REBUTTAL)
    shared = []
    page.context.route(
        "https://mastodon.example/**",
        lambda route: (shared.append(route.request.url), route.fulfill(body="ok")),
    )
    page.get_by_text("More ways to share").click()  # Mastodon is not one of SHARE_PRIMARY
    page.locator('a[data-network="mastodon"]').click()
    page.wait_for_url("**/share/mastodon/**")
    page.get_by_label("Your Mastodon server").fill("https://mastodon.example/")
    text = page.get_by_label("Your post").input_value()
    assert text.endswith(REBUTTAL)
    page.get_by_role("button", name="Open my server to post this").click()
    page.wait_for_url("https://mastodon.example/share**")
    assert parse_qs(urlsplit(shared[-1]).query)["text"] == [text]
    # Remembered: the next click skips the question.
    page.go_back()
    page.goto(page.url.split("/share/")[0] + REBUTTAL)
    page.get_by_text("More ways to share").click()
    page.locator('a[data-network="mastodon"]').click()
    page.wait_for_url("https://mastodon.example/share**")
    assert len(shared) == 2


def test_search_finds_a_post_by_a_word_of_its_claim_and_shows_the_verdict(open_page):
    page, watch = open_page("/search/")
    page.get_by_label("Search rebuttals and updates").fill("bus passes")
    page.get_by_role("button", name="Search").click()
    first = page.locator(".search__result").first
    first.wait_for()
    assert "bus passes" in first.locator(".search__title").inner_text().lower()
    assert first.locator(".verdict__label").inner_text().strip().lower() == "false"
    # The claim the verdict is on, and a snippet without page furniture (no dates, no "By").
    assert "bus pass" in first.locator(".search__claim").inner_text().lower()
    assert "Published" not in first.locator(".search__excerpt").inner_text()
    assert "q=bus+passes" in page.url or "q=bus%20passes" in page.url
    assert watch.third_party() == [] and watch.errors == []


def test_search_never_finds_drafts_or_scheduled_posts(open_page):
    for query, unwanted in (("prebuttal", "fully costed"), ("polling", "vote by text")):
        page, _ = open_page(f"/search/?q={query}")
        expect(page.locator("[data-search-status]")).to_contain_text(f"“{query}”")
        titles = page.locator(".search__title").all_inner_texts()
        assert not any(unwanted in title.lower() for title in titles)


def test_search_without_javascript_points_to_topics(open_page):
    page, _ = open_page("/search/", java_script_enabled=False)
    assert page.locator(".search__noscript").is_visible()
    assert page.locator(".search__noscript a").first.get_attribute("href").endswith("/topics/")


def test_claim_and_facts_start_above_the_fold_on_a_phone(open_page):
    page, _ = open_page(REBUTTAL, "phone")
    height = WIDTHS["phone"][1]
    assert page.locator(".claim").bounding_box()["y"] < height / 2
    assert page.locator("#facts-heading").bounding_box()["y"] < height


def test_the_join_form_sends_nothing_until_the_button_is_pressed(open_page):
    """As a new supporter on a phone: the form's service hears nothing before Join."""
    sent = []

    def record(route):
        sent.append((route.request.method, route.request.post_data))
        route.fulfill(
            body="<!doctype html><title>Thanks</title><p>Thanks", content_type="text/html"
        )

    page, watch = open_page("/join/", "phone")
    page.context.route("https://buttondown.example.com/**", record)
    page.get_by_label("First name").fill("Sam")
    page.get_by_label("Email address").fill("sam@example.org")
    page.get_by_label("Postcode").fill("SW1A 0AA")
    page.wait_for_timeout(300)  # time for anything that would fire on typing
    assert sent == []
    assert watch.third_party() == [] and watch.errors == []
    page.get_by_role("button", name="Join").click()
    page.wait_for_url("https://buttondown.example.com/**")
    [(method, data)] = sent
    assert method == "POST"
    assert parse_qs(data) == {
        "metadata__first_name": ["Sam"],
        "email": ["sam@example.org"],
        "metadata__postcode": ["SW1A 0AA"],
        "embed": ["1"],
    }


def test_the_call_to_action_on_a_post_posts_to_the_service(open_page):
    page, watch = open_page(REBUTTAL, "phone")
    sent = []
    page.context.route(
        "https://buttondown.example.com/**",
        lambda route: (sent.append(route.request.post_data), route.fulfill(body="ok")),
    )
    page.locator(".signup").get_by_label("Email address").fill("sam@example.org")
    assert sent == []
    page.locator(".signup").get_by_role("button", name="Join").click()
    page.wait_for_url("https://buttondown.example.com/**")
    assert parse_qs(sent[0])["email"] == ["sam@example.org"]


def test_the_claim_box_carries_the_verdict_and_the_headline_stands_alone(open_page):
    page, _ = open_page(REBUTTAL)
    box = page.locator("section.claim")
    assert "free bus passes" in box.locator("blockquote").inner_text().lower()
    assert "Blue Party" in box.locator("figcaption").inner_text()
    verdict = box.locator(".verdict")
    assert verdict.locator(".verdict__label").inner_text().strip().lower() == "false"
    assert "verdict" in verdict.inner_text().lower()
    # The verdict's colour is on the box, beside the words.
    label = verdict.locator(".verdict__label")
    assert label.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(179, 38, 30)"
    # The team's headline is outside the box, with no verdict over it.
    assert page.locator("section.claim h1").count() == 0
    assert page.locator(".post__header .verdict, .post__header .verdict__label").count() == 0
    header, claim = page.locator(".post__header").bounding_box(), box.bounding_box()
    assert header["y"] + header["height"] <= claim["y"]
    inside = verdict.bounding_box()
    assert claim["y"] <= inside["y"]
    assert inside["y"] + inside["height"] <= claim["y"] + claim["height"]


def test_on_listings_the_verdict_sits_with_the_quoted_claim(open_page):
    page, _ = open_page("/topics/cost-of-living/")
    card = page.locator(".card", has=page.locator(".card__claim")).first
    quoted = card.locator(".card__claim")
    assert quoted.locator(".verdict__label").count() == 1
    assert "said: “" in quoted.inner_text()
    assert card.locator(".card__title .verdict__label").count() == 0


def test_the_post_shows_its_graphic_after_the_facts(open_page):
    page, _ = open_page(REBUTTAL)
    image = page.locator(".share-graphic img")
    assert image.get_attribute("alt").startswith("Verdict: False.")
    facts = page.locator("section.facts").bounding_box()
    graphic = page.locator(".share-graphic").bounding_box()
    assert graphic["y"] > facts["y"] + facts["height"]
    assert "For Instagram and stories" in page.locator(".share-graphic").inner_text()


# navigator.share replaced by a spy: what it was given is kept for the test to read.
SHARE_SPY = """
Object.defineProperty(Navigator.prototype, "canShare", {
  configurable: true, value: function (data) { return !!(data && data.files); } });
Object.defineProperty(Navigator.prototype, "share", {
  configurable: true,
  value: function (data) {
    var file = data.files && data.files[0];
    window.sharedFile = file && { name: file.name, type: file.type, size: file.size };
    return Promise.resolve();
  } });
"""
NO_FILE_SHARING = """
Object.defineProperty(Navigator.prototype, "canShare", { configurable: true, value: undefined });
"""


def test_share_the_graphic_shares_the_image_file_where_the_phone_can(open_page):
    page, _ = open_page("/")  # a page first, then the spy for every page after it
    page.context.add_init_script(SHARE_SPY)
    page.goto(page.url.rstrip("/") + REBUTTAL)
    button = page.locator(".share-graphic__link--main")
    expect(button).to_have_text("Share the graphic")
    button.click()
    page.wait_for_function("window.sharedFile !== undefined")
    shared = page.evaluate("window.sharedFile")
    assert shared["type"] == "image/png" and shared["size"] > 1000
    assert shared["name"].endswith("-landscape.png")
    expect(page.locator(".share-graphic__status")).to_have_text("Graphic shared.")


def test_share_the_graphic_downloads_where_the_phone_cannot_share_files(open_page):
    page, _ = open_page("/", accept_downloads=True)
    page.context.add_init_script(NO_FILE_SHARING)
    page.goto(page.url.rstrip("/") + REBUTTAL)
    button = page.locator(".share-graphic__link--main")
    expect(button).to_have_text("Download the graphic")
    with page.expect_download() as download:
        button.click()
    assert download.value.suggested_filename.endswith("-landscape.png")


def test_share_the_graphic_is_a_download_link_without_javascript(open_page):
    page, _ = open_page(REBUTTAL, java_script_enabled=False)
    for link in page.locator("[data-share-file]").all():
        assert link.get_attribute("download") is not None
        assert link.get_attribute("href").endswith(".png")
    assert page.locator("[data-share-file]").count() == 2


def test_the_teams_networks_come_first_and_the_rest_behind_a_disclosure(open_page):
    page, _ = open_page(REBUTTAL, java_script_enabled=False)
    primary = page.locator(".share__list--primary .share__link")
    networks = [link.get_attribute("data-network") for link in primary.all()]
    assert networks == ["whatsapp", "x", "facebook", "email"]
    more = page.locator(".share__more .share__link")
    assert more.count() == 6 and not more.first.is_visible()
    page.get_by_text("More ways to share").click()  # a <details>: no script needed
    assert more.first.is_visible()


def test_join_is_in_the_header_of_every_page(open_page):
    for path in ("/", REBUTTAL, "/topics/cost-of-living/", "/search/"):
        page, _ = open_page(path)
        join = page.locator(".site-header").get_by_role("link", name="Join", exact=True)
        assert join.get_attribute("href").endswith("/join/")


def test_share_the_graphic_downloads_when_the_share_sheet_refuses_the_file(open_page):
    page, _ = open_page("/", accept_downloads=True)
    page.context.add_init_script(
        SHARE_SPY.replace(
            "return Promise.resolve();",
            'return Promise.reject(new DOMException("no", "NotAllowedError"));',
        )
    )
    page.goto(page.url.rstrip("/") + REBUTTAL)
    button = page.locator(".share-graphic__link--main")
    expect(button).to_have_text("Share the graphic")
    with page.expect_download() as download:
        button.click()
    assert download.value.suggested_filename.endswith("-landscape.png")
