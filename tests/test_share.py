"""Share links: one per network, percent-encoded, within each network's limit."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from share.networks import NETWORKS, Shareable
from share.share import share_links
from share.text import compose, fit
from sites import empty_site, rebuttal

HOSTILE = "“Quotes” & 'apostrophes' <b>tags</b> #hash ?q=1&x=2 ŵ ŷ 🚀 100% +plus"
URL = "https://response.example.org/2026/11/a-post/"


def item(**fields) -> Shareable:
    values = {"title": HOSTILE, "text": HOSTILE, "url": URL, "hashtags": ("ExampleParty",)}
    return Shareable(**{**values, **fields}, facts=("Fact one & <two>", "Fact two"))


def query(link: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(link).query).items()}


def test_every_network_is_one_registered_function():
    assert set(NETWORKS) >= {
        "x", "facebook", "whatsapp", "telegram", "bluesky",
        "threads", "linkedin", "reddit", "email", "mastodon",
    }  # fmt: skip


@pytest.mark.parametrize(
    "network, host, field",
    [
        ("x", "x.com", "text"),
        ("whatsapp", "wa.me", "text"),
        ("telegram", "t.me", "text"),
        ("bluesky", "bsky.app", "text"),
        ("threads", "www.threads.net", "text"),
        ("reddit", "www.reddit.com", "title"),
    ],
)
def test_text_decodes_back_exactly(network, host, field):
    link = NETWORKS[network].link(item())
    assert urlsplit(link).scheme == "https" and urlsplit(link).netloc == host
    assert query(link)[field].startswith(HOSTILE)


@pytest.mark.parametrize("network", ["x", "facebook", "telegram", "linkedin", "reddit"])
def test_link_parameter_decodes_back_exactly(network):
    link = NETWORKS[network].link(item(url=URL + "?a=1&b=<2>"))
    params = query(link)
    assert (params.get("url") or params.get("u")) == URL + "?a=1&b=<2>"


@pytest.mark.parametrize("network", ["whatsapp", "bluesky", "threads", "mastodon"])
def test_link_ends_the_text_whole(network):
    assert query(NETWORKS[network].link(item()))["text"].endswith(" " + URL)


def test_email_has_subject_and_body_with_facts_and_link():
    link = NETWORKS["email"].link(item())
    assert link.startswith("mailto:?")
    assert "+" not in link  # spaces are %20 in mailto, never +
    params = {k: unquote(v) for k, v in (p.split("=", 1) for p in link[8:].split("&"))}
    assert params["subject"] == HOSTILE
    assert params["body"].split("\r\n") == [
        HOSTILE, "", "• Fact one & <two>", "• Fact two", "", URL
    ]  # fmt: skip


def test_mastodon_goes_through_this_sites_own_page():
    link = NETWORKS["mastodon"].link(item(site_url="https://response.example.org"))
    assert link.startswith("https://response.example.org/share/mastodon/?text=")


@pytest.mark.parametrize("length", [10, 100, 240, 257, 258, 280, 400, 2000])
def test_x_text_fits_280_counting_the_link_as_23(length):
    words = ("word " * length)[:length].strip() or "w"
    text = query(NETWORKS["x"].link(item(text=words)))["text"]
    assert len(text) + 1 + 23 <= 280
    kept = text.removesuffix("…").removesuffix(" #ExampleParty")
    assert words.startswith(kept) and (kept == words or words[len(kept)] == " ")


@pytest.mark.parametrize("length", [50, 250, 299, 300, 1000])
def test_bluesky_fits_300_without_cutting_a_word_or_the_link(length):
    words = ("Aberdŵr " * length)[:length].strip()
    text = query(NETWORKS["bluesky"].link(item(text=words)))["text"]
    assert len(text) <= 300
    assert text.endswith(" " + URL)


def test_hashtags_go_before_the_title_is_cut():
    assert fit("Short title", ("Tag",), 100) == "Short title #Tag"
    assert fit("Short title", ("Tag",), 12) == "Short title"
    assert fit("Short title here", (), 12) == "Short title…"
    assert compose("A", (), URL, 100) == f"A {URL}"


def test_links_follow_the_configured_order():
    links = share_links(item(), ["email", "x"])
    assert [link["network"] for link in links] == ["email", "x"]
    assert links[0]["label"] == "Email"


@pytest.mark.build
def test_post_page_has_every_share_link_with_words_and_an_icon(tmp_path):
    site = empty_site(tmp_path)
    site.write("posts/a.md", rebuttal("Share me", share_text="Custom " + HOSTILE))
    site.build("publishconf.py", SITEURL="https://response.example.org")
    soup = site.page("/2026/11/share-me/")
    links = soup.select(".share__link")
    networks = [link["data-network"] for link in links]
    assert networks[:3] == ["whatsapp", "x", "facebook"] and len(networks) == 10
    for link in links:
        assert link.get_text(" ", strip=True).startswith("Share on")
        assert link.find("svg")
    x = query(soup.select_one('[data-network="x"]')["href"])
    assert x["text"].startswith("Custom " + HOSTILE)
    assert x["url"] == "https://response.example.org/2026/11/share-me/"
    assert soup.select_one("[data-copy-link]")["data-copy-link"] == x["url"]
    assert soup.select_one("[data-share-extras]").has_attr("hidden")
    assert (site.output / "share/mastodon/index.html").exists()


@pytest.mark.build
def test_share_primary_networks_lead_in_their_order_and_the_rest_wait_in_a_disclosure(tmp_path):
    site = empty_site(tmp_path)
    site.write("posts/a.md", rebuttal("Share me"))
    site.build(SHARE_PRIMARY=["email", "reddit"])
    soup = site.page("/2026/11/share-me/")
    primary = [a["data-network"] for a in soup.select(".share__list--primary .share__link")]
    assert primary == ["email", "reddit"]
    more = soup.select_one("details.share__more")
    assert more.summary.get_text(strip=True) == "More ways to share"
    assert len(more.select(".share__link")) == 8 and not more.has_attr("open")


@pytest.mark.build
def test_an_unknown_share_primary_network_stops_the_build_with_its_name(tmp_path):
    site = empty_site(tmp_path)
    site.write("posts/a.md", rebuttal("Share me"))
    with pytest.raises(SystemExit, match="SHARE_PRIMARY names unknown networks: myspace"):
        site.build(SHARE_PRIMARY=["whatsapp", "myspace"])
