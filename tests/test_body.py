"""Tests for posts.body: Markdown to safe HTML, and the default summary."""

import pytest
from pelican.settings import read_settings
from posts import body
from sites import ROOT

# The site's own MARKDOWN setting, so the tests follow pelicanconf.py.
MARKDOWN = read_settings(str(ROOT / "pelicanconf.py"))["MARKDOWN"]


def render(text: str) -> str:
    return body.render(text, MARKDOWN)


# -- render and sanitise: what is removed ------------------------------------------------


def test_a_script_tag_is_removed_with_its_content():
    html = render("Before.\n\n<script>alert('owned')</script>\n\nAfter.")
    assert "<script" not in html
    assert "alert" not in html
    assert "<p>Before.</p>" in html
    assert "<p>After.</p>" in html


def test_a_script_inside_a_paragraph_is_removed():
    html = render("They said <script>steal()</script> it was fine.")
    assert "<script" not in html
    assert "steal" not in html
    assert "it was fine." in html


def test_an_event_handler_attribute_is_removed():
    html = render('<img src="/images/a.png" alt="A" onerror="alert(1)">')
    assert "onerror" not in html
    assert "alert" not in html
    assert 'src="/images/a.png"' in html


@pytest.mark.parametrize(
    "markdown",
    [
        "[click me](javascript:alert(1))",
        '<a href="javascript:alert(1)">click me</a>',
        '<a href="JaVaScRiPt:alert(1)">click me</a>',
        '<a href=" javascript:alert(1)">click me</a>',
        "[click me](data:text/html,<script>alert(1)</script>)",
        "[click me](vbscript:msgbox(1))",
    ],
)
def test_a_script_link_loses_its_address_but_keeps_its_words(markdown):
    html = render(markdown)
    assert "javascript" not in html.lower()
    assert "data:" not in html
    assert "vbscript" not in html
    assert "href" not in html
    assert "click me" in html


@pytest.mark.parametrize(
    "markdown, gone",
    [
        ('<iframe src="https://evil.example/"></iframe>', "iframe"),
        ("<style>body { display: none }</style>", "display"),
        ('<p style="position:fixed">x</p>', "style"),
        ('<p onclick="x()">x</p>', "onclick"),
        ("<svg onload=alert(1)></svg>", "svg"),
        ('<form action="https://evil.example/"><input name="pw"></form>', "form"),
        ('<object data="x.swf"></object>', "object"),
    ],
)
def test_other_dangerous_html_is_removed(markdown, gone):
    assert gone not in render(markdown)


def test_sanitise_on_its_own_keeps_the_safe_parts():
    html = body.sanitise('<p onclick="x()" class="c">Hi <b>there</b><script>x()</script></p>')
    assert html == "<p>Hi <b>there</b></p>"


def test_text_that_looks_like_html_is_escaped_not_dropped():
    html = render("Tŷ & ŵ: 3 < 4 🏥")
    assert html == "<p>Tŷ &amp; ŵ: 3 &lt; 4 🏥</p>"


# -- render: ordinary Markdown survives ---------------------------------------------------


def test_headings_emphasis_and_lists_survive():
    html = render("## A heading\n\n**strong** and *em*\n\n- one\n- two\n\n1. first\n2. second\n")
    assert "<h2>A heading</h2>" in html
    assert "<strong>strong</strong> and <em>em</em>" in html
    assert "<ul>\n<li>one</li>\n<li>two</li>\n</ul>" in html
    assert "<ol>\n<li>first</li>\n<li>second</li>\n</ol>" in html


def test_web_and_mail_links_survive_with_noopener():
    html = render("[report](https://example.org/a?b=1&c=2) and [us](mailto:press@example.org)")
    assert '<a href="https://example.org/a?b=1&amp;c=2" rel="noopener">report</a>' in html
    assert '<a href="mailto:press@example.org" rel="noopener">us</a>' in html


def test_relative_links_and_images_survive():
    html = render("[older post](/2026/11/old/)\n\n![A chart of prices](/images/chart.png)")
    assert 'href="/2026/11/old/"' in html
    assert 'alt="A chart of prices"' in html
    assert 'src="/images/chart.png"' in html


def test_quotes_become_typographic_quotes():
    assert render('He said "no" and it\'s done.') == "<p>He said “no” and it’s done.</p>"


def test_blockquote_table_and_footnote_survive():
    html = render(
        "> Their words.\n\n"
        "| Year | Rate |\n|---|---|\n| 2010 | 20% |\n\n"
        "A claim.[^1]\n\n[^1]: The source.\n"
    )
    assert "<blockquote>\n<p>Their words.</p>\n</blockquote>" in html
    assert "<th>Year</th>" in html
    assert "<td>20%</td>" in html
    assert '<sup id="fnref:1"><a href="#fn:1"' in html
    assert '<li id="fn:1">' in html


def test_table_column_alignment_survives():
    html = render("| Year | Rate |\n|:--|--:|\n| 2010 | 20% |\n")
    assert "right" in html


def test_render_without_extensions_still_sanitises():
    assert body.render("Hi <script>x()</script>", {}) == "<p>Hi </p>"


# -- first_paragraph ----------------------------------------------------------------------


def test_first_paragraph_skips_headings_and_empty_paragraphs():
    html = "<h2>Heading</h2><p>  </p><p>First one.</p><p>Second one.</p>"
    assert body.first_paragraph(html) == "First one."


def test_first_paragraph_is_plain_text_with_spaces_collapsed():
    html = "<p>Prices <strong>rose</strong>\n   &amp; <a href='/x/'>fell</a> &lt;again&gt;.</p>"
    assert body.first_paragraph(html) == "Prices rose & fell <again>."


def test_first_paragraph_of_nothing_is_empty():
    assert body.first_paragraph("") == ""
    assert body.first_paragraph("<h2>Only a heading</h2>") == ""


def test_first_paragraph_of_a_rendered_body():
    html = render("## Why\n\nThey have tried this before. Here is the record.\n\nMore.")
    assert body.first_paragraph(html) == "They have tried this before. Here is the record."


def test_first_paragraph_is_cut_to_the_summary_length():
    words = " ".join(["word"] * 200)
    summary = body.first_paragraph(f"<p>{words}</p>")
    assert len(summary) <= body.SUMMARY_LENGTH
    assert summary.endswith("word…")


def test_first_paragraph_takes_a_limit():
    assert body.first_paragraph("<p>One two three four</p>", limit=10) == "One two…"


# -- shorten ----------------------------------------------------------------------------------


def test_short_text_is_unchanged():
    assert body.shorten("Short enough.", 20) == "Short enough."
    assert body.shorten("x" * 20, 20) == "x" * 20


@pytest.mark.parametrize("limit", range(5, 60))
def test_a_cut_is_at_a_word_boundary_and_fits(limit):
    text = "Tory chancellors have raised VAT three times after promising not to, again."
    short = body.shorten(text, limit)
    assert len(short) <= limit
    assert short.endswith("…")
    kept = short.removesuffix("…")
    assert text.startswith(kept)
    # The next character in the original is where a word ended.
    assert text[len(kept)] in " ,."


def test_punctuation_before_the_ellipsis_is_dropped():
    assert body.shorten("Hello, world and everyone", 12) == "Hello…"
    assert body.shorten("One; two; three; four", 11) == "One; two…"


def test_a_single_long_word_is_cut_hard():
    assert body.shorten("Llanfairpwllgwyngyll", 10) == "Llanfairp…"


def test_welsh_and_emoji_count_as_one_character_each():
    text = "Tŷ ŵ 🏥 " * 10
    short = body.shorten(text.strip(), 12)
    assert short == "Tŷ ŵ 🏥 Tŷ ŵ…"
    assert len(short) <= 12


def test_one_post_leaves_nothing_behind_for_the_next():
    """The converter is reused from post to post: abbreviations and footnotes stay in theirs."""
    first = render("HTML here.\n\n*[HTML]: Hyper Text\n\nNote[^1].\n\n[^1]: First note.")
    second = render("HTML again. Other[^1].\n\n[^1]: Second note.")
    assert "<abbr" in first and "<abbr" not in second
    assert "First note" not in second and second.count('id="fn:1"') == 1
