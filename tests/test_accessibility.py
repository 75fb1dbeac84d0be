"""WCAG 2.2 AA: no axe-core violations on every kind of page, light and dark, phone and desktop."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

AXE = Axe()  # axe-core ships inside the package: served from the test, never a CDN
WCAG = {"runOnly": {"type": "tag", "values": [
    "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice",
]}}  # fmt: skip

PAGES = {
    "home": "/",
    "rebuttal": "/2026/09/no-we-are-not-scrapping-free-bus-passes-for-pensioners/",
    "update": "/2026/09/welcome-to-the-response-team-blog/",
    "topic": "/topics/cost-of-living/",
    "topics": "/topics/",
    "static page": "/how-we-check/",
    "search": "/search/?q=council",
    "404": "/404.html",
    "corrections": "/corrections/",
    "archive": "/archive/",
    "join": "/join/",
    "subscribe": "/subscribe/",
}
VIEWS = {
    "phone-light": {"viewport": {"width": 390, "height": 844}, "color_scheme": "light"},
    "phone-dark": {"viewport": {"width": 390, "height": 844}, "color_scheme": "dark"},
    "desktop-light": {"viewport": {"width": 1366, "height": 900}, "color_scheme": "light"},
}


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
    )


@pytest.mark.parametrize("view", list(VIEWS))
@pytest.mark.parametrize("name", list(PAGES))
def test_no_axe_violations(chromium, served_site, name, view):
    context = chromium.new_context(**VIEWS[view])
    try:
        page = context.new_page()
        page.goto(served_site.url + PAGES[name], wait_until="networkidle")
        if name == "search":
            page.locator(".search__result").first.wait_for()
        violations = AXE.run(page, options=WCAG).response["violations"]
        assert violations == [], describe(violations)
    finally:
        context.close()


def test_nothing_scrolls_sideways_at_320_pixels(chromium, served_site):
    context = chromium.new_context(viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        for path in PAGES.values():
            page.goto(served_site.url + path, wait_until="load")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 320, (path, width)
    finally:
        context.close()


def test_focus_is_visible_and_the_skip_link_comes_first(chromium, served_site):
    context = chromium.new_context()
    try:
        page = context.new_page()
        page.goto(served_site.url + PAGES["rebuttal"])
        page.keyboard.press("Tab")
        focused = page.locator(":focus")
        assert focused.inner_text() == "Skip to content"
        assert focused.is_visible()
        outline = focused.evaluate("e => getComputedStyle(e).outlineStyle")
        assert outline != "none"
    finally:
        context.close()
