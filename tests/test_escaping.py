"""Text from a post never becomes markup or script on the page."""

from __future__ import annotations

import re

import pytest
from sites import empty_site, rebuttal, text_of

pytestmark = pytest.mark.build

HOSTILE = "<x-hostile a=\"1\">“Quotes” & 'apostrophes' </script><script>alert(1)</script> ŵ ŷ 🚀"
# A topic name may be 60 characters long (posts/limits.py).
TOPIC = "Topic <x-hostile a=\"1\">“Q” & 'a' </script><script>x</script>"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    site = empty_site(tmp_path_factory.mktemp("hostile"))
    site.write(
        "posts/hostile.md",
        rebuttal(
            "Title " + HOSTILE,
            slug="hostile",
            summary="Summary " + HOSTILE,
            claim="Claim " + HOSTILE,
            claimant="Claimant " + HOSTILE,
            tags=[TOPIC],
            authors=["Author " + HOSTILE],
            facts=[
                {
                    "fact": "Fact " + HOSTILE,
                    "sources": [
                        {
                            "url": "https://www.example.org/a?b=1&c=<2>",
                            "title": "Source " + HOSTILE,
                            "publisher": "Publisher " + HOSTILE,
                        }
                    ],
                }
            ],
            corrections=[{"date": "2026-11-03", "note": "Note " + HOSTILE}],
            body=(
                "Body <script>alert('body')</script> <img src=x onerror=alert(1)> "
                '[click](javascript:alert(1)) <a href="javascript:alert(2)">raw</a> '
                "<iframe src=https://evil.example></iframe> <x-hostile>raw</x-hostile>"
            ),
        ),
    )
    site.build()
    return site


def test_no_field_text_becomes_an_element(hostile_site):
    for path in hostile_site.html_files():
        soup = hostile_site.page(str(path.relative_to(hostile_site.output)))
        assert soup.find("x-hostile") is None, path
        for script in soup.find_all("script"):
            # Only this site's own deferred script, and JSON-LD data blocks.
            own = re.search(r"/theme/js/(share|search)\.[0-9a-f]{10}\.js$", script.get("src") or "")
            own = own and not script.string
            data = script.get("type") == "application/ld+json" and not script.get("src")
            assert own or data, (path, script)
        assert soup.find("iframe") is None, path
        assert not soup.find_all(attrs={"onerror": True}), path
        hrefs = [a.get("href", "") for a in soup.find_all("a")]
        assert not [h for h in hrefs if h.strip().lower().startswith("javascript:")], path


def test_every_field_shows_its_text_exactly(hostile_site):
    soup = hostile_site.page("/2026/11/hostile/")
    text = text_of(soup)
    for label in ("Title", "Claim", "Claimant", "Fact", "Source", "Publisher", "Note"):
        assert f"{label} {HOSTILE}" in text, label
    assert soup.find("meta", attrs={"name": "description"})["content"] == "Summary " + HOSTILE
    # The address in its one valid spelling (posts/weburls.py), the text as typed.
    assert soup.select_one(".source__link")["href"] == "https://www.example.org/a?b=1&c=%3C2%3E"


def test_topic_page_and_listing_escape_too(hostile_site):
    home = hostile_site.page("/")
    assert "Title " + HOSTILE in text_of(home)
    topics = hostile_site.page("/topics/")
    assert TOPIC in text_of(topics)


def test_json_ld_round_trips_every_hostile_field(hostile_site):
    import json

    soup = hostile_site.page("/2026/11/hostile/")
    blocks = [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]
    posting = next(b for b in blocks if b["@type"] == "BlogPosting")
    assert posting["headline"] == "Title " + HOSTILE
    assert posting["description"] == "Summary " + HOSTILE
    assert posting["citation"][0]["name"] == "Source " + HOSTILE
    assert posting["author"] == [{"@type": "Person", "name": "Author " + HOSTILE}]
    raw = "".join(s.string for s in soup.find_all("script", type="application/ld+json"))
    assert "</script" not in raw and "<x-hostile" not in raw
