"""A post carrying script in every form runs none of it in a real browser."""

from __future__ import annotations

import pytest
from browser import PageWatch, StaticServer
from sites import empty_site, rebuttal

pytestmark = pytest.mark.browser

SCRIPTS = [
    "<script>alert('tag')</script>",
    "<img src=x onerror=alert('onerror')>",
    "<svg onload=alert('svg')>",
    '"><script>alert("attribute")</script>',
    "</script><script>alert('json-ld')</script>",
    "javascript:alert('scheme')",
]
ALL = " ".join(SCRIPTS)
BODY = "\n\n".join([
    *SCRIPTS,
    "[a link](javascript:alert('markdown'))",
    '<a href="javascript:alert(\'raw\')">raw link</a>',
    "<iframe src=\"javascript:alert('frame')\"></iframe>",
    "<form action=\"javascript:alert('form')\"><button>go</button></form>",
])  # fmt: skip


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    server = StaticServer()
    site = empty_site(tmp_path_factory.mktemp("hostile-browser"))
    site.write(
        "posts/h.md",
        rebuttal(
            "Title " + " ".join(SCRIPTS[:4]),
            slug="hostile",
            summary="Summary " + ALL,
            claim="Claim " + ALL,
            claimant=ALL,  # every form, within the contract's 200 characters
            share_text="Share " + ALL,
            tags=["Topic " + SCRIPTS[0]],
            facts=[{"fact": "Fact " + ALL, "sources": [
                {"url": "https://www.example.org/x", "title": "Source " + ALL}
            ]}],
            body=BODY,
        ),
    )  # fmt: skip
    site.build("publishconf.py", SITEURL=server.url)
    server.serve(site.output)
    yield server.url
    server.close()


@pytest.mark.parametrize("path", ["/2026/11/hostile/", "/", "/topics/", "/search/?q=alert"])
def test_no_script_from_the_post_runs(chromium, hostile, path):
    context = chromium.new_context()
    try:
        page = context.new_page()
        dialogs = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        watch = PageWatch(page, hostile.split("//")[1])
        page.goto(hostile + path, wait_until="networkidle")
        # Click everything a reader might: links that would run script must not.
        for link in page.locator("main a").all():
            href = link.get_attribute("href") or ""
            assert not href.strip().lower().startswith("javascript:"), href
        assert page.locator("main iframe, main form[action^='javascript']").count() == 0
        assert dialogs == []
        assert watch.errors == []
        assert watch.third_party() == []
    finally:
        context.close()
