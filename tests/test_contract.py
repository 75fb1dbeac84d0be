"""Tests for posts.contract: every field of shared/spec/posts.md, and what bad input gets."""

import io
import os
from datetime import date, datetime, timedelta, timezone

import pytest
from PIL import Image
from posts.contract import ContractSettings, read_post
from posts.model import Card, Claim, Correction, Fact, Post, Source
from posts.problems import Problem
from posts.verdicts import DEFAULT_VERDICTS

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures", "posts")
LONDON = "Europe/London"
VERDICTS = tuple(DEFAULT_VERDICTS)

UPDATE = "title: An update\ndate: 2026-11-24\n"
# A complete rebuttal without its facts, so a test can add the facts it exercises.
REBUTTAL_HEAD = (
    "title: A rebuttal\n"
    "date: 2026-11-24\n"
    "claim: Crime has doubled.\n"
    "claimant: A. Minister\n"
    "verdict: false\n"
)
ONE_FACT = "facts:\n  - fact: Recorded crime fell.\n    source: https://www.example.org/crime\n"
REBUTTAL = REBUTTAL_HEAD + ONE_FACT


def contract(root=FIXTURES, verdicts=VERDICTS, zone=LONDON) -> ContractSettings:
    return ContractSettings(verdicts=verdicts, timezone=zone, content_root=str(root))


def read(fields: str, body: str = "Body.\n", **settings) -> tuple[Post | None, list[Problem]]:
    """Read a post made of ``fields`` (front-matter lines, each ending in a newline)."""
    raw = f"---\n{fields}---\n{body}".encode()
    return read_post(raw, "content/posts/post.md", contract(**settings))


def valid(fields: str, body: str = "Body.\n", **settings) -> Post:
    post, problems = read(fields, body, **settings)
    assert [str(p) for p in problems] == []
    assert post is not None
    return post


def problems(fields: str, **settings) -> list[tuple[int, str, str]]:
    post, found = read(fields, **settings)
    assert post is None, "a post with problems must not be returned"
    return [(p.line, p.field, p.message) for p in found]


def where(fields: str, **settings) -> list[tuple[int, str]]:
    """The (line, field) of every problem with the post."""
    return [(line, field) for line, field, _ in problems(fields, **settings)]


def read_fixture(name: str, root=FIXTURES) -> tuple[Post | None, list[Problem]]:
    path = os.path.join(FIXTURES, name)
    with open(path, "rb") as file:
        raw = file.read()
    return read_post(raw, f"content/posts/{name}", contract(root))


# -- bad input: one fixture per case -------------------------------------------------------

BAD_CASES = {
    "alias_not_a_path.md": [(4, "aliases[1]", "must be a path on this site")],
    "broken_yaml.md": [(3, "front-matter", "is not valid YAML")],
    "broken_yaml_unclosed_list.md": [(5, "front-matter", "is not valid YAML")],
    "card_not_a_mapping.md": [(4, "card", "must be a set of 'name: value' fields")],
    "card_unknown_key.md": [(6, "card.kickr", "unknown field; did you mean kicker?")],
    "claim_date_not_a_date.md": [(6, "claim_date", "'last week' is not a date")],
    "claim_url_javascript.md": [(6, "claim_url", "is not a web address")],
    "correction_before_date.md": [(5, "corrections[1].date", "is before the post's date")],
    "correction_missing_note.md": [(5, "corrections[1].note", "is required")],
    "date_not_a_date.md": [(3, "date", "'next Tuesday' is not a date")],
    "duplicate_key.md": [(4, "title", "is given twice; the first is at line 2")],
    "empty.md": [(1, "file", "is empty")],
    "fact_key_typo.md": [
        (5, "facts[1].fact", "is required"),
        (5, "facts[1].fatc", "unknown field; did you mean fact?"),
    ],
    "fact_not_a_mapping.md": [(5, "facts[1]", "must be a set of 'name: value' fields")],
    "fact_source_and_sources.md": [(8, "facts[1].source", "not both")],
    "facts_empty_list.md": [(7, "facts", "needs at least one fact")],
    "facts_not_a_list.md": [(4, "facts", "must be a list")],
    "field_name_not_a_word.md": [(2, "front-matter", "a field name must be a word")],
    "front_matter_no_fields.md": [(1, "front-matter", "has no fields")],
    "front_matter_not_fields.md": [(2, "front-matter", "'field: value'")],
    "image_missing.md": [(4, "image", "does not exist under the content folder")],
    "image_not_an_image.md": [(4, "image", "must be a PNG, JPEG or WebP image")],
    "image_outside_content.md": [(4, "image", "is outside the content folder")],
    "many_problems.md": [
        (2, "title", "is empty"),
        (3, "date", "'yesterday' is not a date"),
        (4, "slug", "only lowercase letters, digits and single hyphens"),
        (5, "status", "'live' is not one of published, draft, hidden"),
        (6, "claimant", "is required with claim"),
        (7, "claim_url", "is not a web address"),
        (8, "verdict", "did you mean false?"),
        (11, "facts[1].source", "is not a web address"),
        (12, "facts[2].fact", "is required"),
        (14, "tagz", "unknown field; did you mean tags?"),
    ],
    "modified_before_date.md": [(4, "modified", "is before the post's date")],
    "no_closing_dashes.md": [(1, "front-matter", "no closing '---'")],
    "no_front_matter.md": [(1, "front-matter", "must start with a line '---'")],
    "not_utf8.md": [(2, "file", "is not UTF-8")],
    "only_whitespace.md": [(1, "file", "is empty")],
    "rebuttal_missing_source.md": [(8, "facts[1].sources", "every fact needs at least one source")],
    "rebuttal_without_claimant.md": [(4, "claimant", "is required with claim")],
    "rebuttal_without_verdict.md": [(4, "verdict", "is required with claim")],
    "slug_uppercase.md": [(4, "slug", "only lowercase letters, digits and single hyphens")],
    "source_key_typo.md": [
        (8, "facts[1].sources[1].pubisher", "unknown field; did you mean publisher?")
    ],
    "source_url_javascript.md": [
        (7, "facts[1].sources[1].url", "'javascript:alert(1)' is not a web address"),
        (9, "facts[1].sources[2]", "'ftp://example.org/report.pdf' is not a web address"),
    ],
    "status_unknown.md": [(4, "status", "'publish' is not one of published, draft, hidden")],
    "tags_empty_item.md": [(4, "tags", "has an empty item between commas")],
    "tags_list_empty_item.md": [(6, "tags", "each item must be a piece of text")],
    "title_and_date_missing.md": [(2, "date", "is required"), (2, "title", "is required")],
    "title_empty.md": [(2, "title", "is empty")],
    "title_is_a_list.md": [(2, "title", "must be text, not a list")],
    "title_too_long.md": [(2, "title", "is 201 characters long; at most 200 fit")],
    "unknown_field_far.md": [(4, "colour", "unknown field; the fields here are: title, date")],
    "unknown_field_typo.md": [
        (4, "facts", "is required with claim"),
        (7, "facs", "unknown field; did you mean facts?"),
    ],
    "verdict_unknown.md": [(6, "verdict", "'mislead' is not a verdict; did you mean misleading?")],
    "verdict_without_claim.md": [(4, "verdict", "belongs to a rebuttal, which needs a claim")],
    # A list that contains itself must be a reported problem, not a crash.
    "yaml_recursive_alias.md": [(4, "front-matter", "uses a YAML alias")],
}
VALID_CASES = (
    "hostile_text.md",
    "rebuttal_complete.md",
    "update_with_facts.md",
    "yaml11_words_stay_text.md",
)


def test_every_fixture_is_exercised():
    on_disk = {name for name in os.listdir(FIXTURES) if name.endswith(".md")}
    assert on_disk == set(BAD_CASES) | set(VALID_CASES)


@pytest.mark.parametrize("name", sorted(BAD_CASES))
def test_bad_post_is_refused_with_every_problem_at_its_line(name):
    post, found = read_fixture(name)
    expected = BAD_CASES[name]
    assert post is None
    assert [(p.line, p.field) for p in found] == [(line, field) for line, field, _ in expected]
    for problem, (line, field, phrase) in zip(found, expected, strict=True):
        assert phrase in problem.message
        # Printed as the contract says: path:line: field: what is wrong.
        assert str(problem) == f"content/posts/{name}:{line}: {field}: {problem.message}"


@pytest.mark.parametrize("name", VALID_CASES)
def test_valid_fixture_is_accepted(name):
    post, found = read_fixture(name)
    assert [str(p) for p in found] == []
    assert isinstance(post, Post)


def test_every_problem_is_reported_in_one_call():
    post, found = read_fixture("many_problems.md")
    assert post is None
    assert len(found) == 10
    assert len({p.field for p in found}) == 10
    assert found == sorted(found)


def test_problems_keep_their_lines_with_windows_line_endings():
    with open(os.path.join(FIXTURES, "many_problems.md"), "rb") as file:
        raw = file.read().replace(b"\n", b"\r\n")
    post, found = read_post(raw, "many_problems.md", contract())
    assert post is None
    assert [(p.line, p.field) for p in found] == [
        (line, field) for line, field, _ in BAD_CASES["many_problems.md"]
    ]


def test_a_problem_prints_as_path_line_field_message():
    problem = Problem("content/posts/a.md", 3, "date", "is required")
    assert str(problem) == "content/posts/a.md:3: date: is required"


# -- valid fixtures: the values they convert to -----------------------------------------------


def test_the_contracts_complete_rebuttal():
    post, _ = read_fixture("rebuttal_complete.md")
    assert post.title == "Tory chancellors have raised VAT three times after promising not to"
    assert post.date == datetime(2015, 3, 30, 9, 0, tzinfo=timezone(timedelta(hours=1)))
    assert post.date.utcoffset() == timedelta(hours=1)  # British Summer Time began 29 March
    assert post.tags == ("VAT", "Economy")
    assert post.is_rebuttal
    assert post.claim == Claim(
        "We have no plans to raise VAT.", "Conservative Party", date(2015, 3, 29), None
    )
    assert post.verdict == "misleading"
    assert post.facts == (
        Fact(
            "Three times in the last few elections, Tory chancellors raised VAT after "
            "promising they had no plans to.",
            (
                Source(
                    url="https://www.example.org/vat-history",
                    title="VAT rates since 1973",
                    publisher="House of Commons Library",
                ),
            ),
        ),
    )
    assert post.body == "They have tried this before. Here is the record.\n"
    assert post.status == "published"
    assert (post.slug, post.summary, post.modified, post.last_modified) == (None,) * 4
    assert post.field_lines["claim"] == 5
    assert post.field_lines["facts"] == 9


def test_a_byte_order_mark_is_accepted():
    with open(os.path.join(FIXTURES, "rebuttal_complete.md"), "rb") as file:
        raw = file.read()
    plain, _ = read_post(raw, "a.md", contract())
    marked, found = read_post(b"\xef\xbb\xbf" + raw, "a.md", contract())
    assert found == []
    assert marked == plain


def test_an_update_with_facts():
    post, _ = read_fixture("update_with_facts.md")
    assert not post.is_rebuttal
    assert (post.claim, post.verdict) == (None, None)
    assert post.summary == "A round-up of the day's answers."
    assert post.tags == ("Round-up", "Health")
    assert post.authors == ("Ann Jones", "Bob Smith")
    assert post.status == "draft"
    long_form, short_form = post.facts
    assert long_form.text == "The waiting list grew by 12,000 in September."
    assert long_form.sources == (
        Source(
            url="https://www.example.org/waiting-list",
            title="Waiting list statistics",
            publisher="NHS England",
            date=date(2026, 10, 9),
            accessed=date(2026, 10, 20),
            archived_url="https://web.archive.org/web/2026/https://www.example.org/waiting-list",
        ),
        # A bare address in a sources list is the short form of {url: ...}.
        Source(url="https://www.example.org/waiting-list-notes"),
    )
    assert short_form == Fact(
        "A shorter form takes a single source address.",
        (Source("https://www.example.org/report"),),
    )


def test_yaml_11_words_stay_the_text_typed():
    post, _ = read_fixture("yaml11_words_stay_text.md")
    assert post.title == "No"
    assert post.claim.text == "Off"
    assert post.claim.claimant == "Norway"
    assert post.verdict == "false"
    assert post.tags == ("on", "yes", "10:30")
    assert post.share_text == "012"
    assert post.card == Card(headline="1e3", kicker="Yes")
    assert post.facts[0].text == "null"


def test_hostile_text_survives_unchanged_in_every_field():
    post, _ = read_fixture("hostile_text.md")
    assert post.title == "Tŷ Gwyn \"clinic\" <script>alert('x')</script> & ŵ 🏥"
    assert post.summary == 'It\'s "closing" <b>not</b> & ŷ 🚑'
    assert post.tags == ('Iechyd & "Gofal" ŵ', "<i>Tŷ</i> 🏥")
    assert post.authors == ("Siân O'Brien & <Team> ŵ",)
    assert post.claim == Claim(
        'The "clinic" will close </script> & ŷ 😬',
        'Cllr. Dafydd "Dai" <Jones> & ŵ',
        None,
        # Addresses alone are changed: into their one valid spelling (posts/weburls.py).
        "https://www.example.org/?a=1&b=%3C2%3E",
    )
    assert post.facts == (
        Fact(
            'The clinic\'s budget <rose> & stays "open" ŵ ✅',
            (
                Source(
                    url="https://www.example.org/t%C5%B7-gwyn",
                    title='Adroddiad "Tŷ" <2026> & ŵ',
                    publisher='Cyngor <Sir> & "Aberdŵr" 📄',
                ),
            ),
        ),
    )
    assert post.card == Card('Ni fydd Tŷ Gwyn yn cau "eto" <b> & ŵ', 'Gwir? "No" & <i> 🔍')
    assert post.share_text == 'Tŷ Gwyn stays "open" <script> & ŷ 🎉'
    assert post.corrections[0].note == 'We misspelt "Aberdŵr" <oops> & ŷ 😳'
    assert post.body == 'The body keeps its own "quotes" <script>alert(1)</script> & ŵ ŷ 🏥.\n'


# -- title ---------------------------------------------------------------------------------


def test_title_of_200_characters_fits():
    assert valid(f"title: {'ŵ' * 200}\ndate: 2026-11-24\n").title == "ŵ" * 200


def test_title_is_stripped_of_surrounding_spaces():
    assert valid("title: '  Spaced out  '\ndate: 2026-11-24\n").title == "Spaced out"


def test_title_is_required():
    assert where("date: 2026-11-24\n") == [(2, "title")]


# -- date and modified ---------------------------------------------------------------------


def test_a_day_alone_is_midnight_in_the_site_timezone():
    post = valid("title: x\ndate: 2026-11-24\n")
    assert post.date.isoformat() == "2026-11-24T00:00:00+00:00"
    assert post.date.tzinfo is not None


def test_a_summer_time_without_offset_is_british_summer_time():
    post = valid("title: x\ndate: 2026-07-14 09:30\n")
    assert post.date.isoformat() == "2026-07-14T09:30:00+01:00"


def test_a_winter_time_without_offset_is_greenwich_mean_time():
    post = valid("title: x\ndate: 2026-01-14 09:30\n")
    assert post.date.isoformat() == "2026-01-14T09:30:00+00:00"


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("2026-07-14T09:30:00+02:00", "2026-07-14T09:30:00+02:00"),
        ("2026-07-14T09:30:00-05:00", "2026-07-14T09:30:00-05:00"),
        ("2026-07-14T08:30:00Z", "2026-07-14T08:30:00+00:00"),
        ("2026-07-14T09:30+01:00", "2026-07-14T09:30:00+01:00"),
    ],
)
def test_an_iso_8601_offset_is_kept(typed, expected):
    assert valid(f"title: x\ndate: {typed}\n").date.isoformat() == expected


def test_the_site_timezone_setting_is_used():
    post = valid("title: x\ndate: 2026-07-14 09:30\n", zone="America/New_York")
    assert post.date.isoformat() == "2026-07-14T09:30:00-04:00"


@pytest.mark.parametrize("typed", ["24/11/2026", "24 November 2026", "2026-13-01", "tomorrow"])
def test_a_date_in_another_form_is_refused(typed):
    (found,) = problems(f"title: x\ndate: {typed}\n")
    assert found[:2] == (3, "date")
    assert f"'{typed}' is not a date" in found[2]


def test_date_must_be_one_value():
    assert problems("title: x\ndate: [2026-11-24]\n") == [(3, "date", "must be text, not a list")]


def test_modified_after_date_is_kept():
    post = valid("title: x\ndate: 2026-07-14 09:30\nmodified: 2026-07-15 10:00\n")
    assert post.modified.isoformat() == "2026-07-15T10:00:00+01:00"
    assert post.last_modified == post.modified


def test_modified_at_the_moment_of_publication_is_not_before_it():
    post = valid("title: x\ndate: 2026-07-14 09:30\nmodified: 2026-07-14T08:30:00Z\n")
    assert post.modified == post.date


def test_modified_before_date_is_refused_even_across_offsets():
    # 09:00 in London is 08:00 UTC: an hour before publication.
    found = problems("title: x\ndate: 2026-07-14 09:30\nmodified: 2026-07-14T08:00:00Z\n")
    assert found == [(4, "modified", "is before the post's date")]


def test_modified_by_day_alone_on_the_day_of_publication_is_accepted():
    post = valid("title: x\ndate: 2026-11-24 09:30\nmodified: 2026-11-24\n")
    assert post.modified.date() == date(2026, 11, 24)


def test_modified_not_a_date_is_refused():
    assert where("title: x\ndate: 2026-11-24\nmodified: soon\n") == [(4, "modified")]


# -- slug ----------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", ["crime-figures", "crime", "2026-budget", "a1-b2-c3"])
def test_slug_of_lowercase_letters_digits_and_hyphens(slug):
    assert valid(f"{UPDATE}slug: {slug}\n").slug == slug


@pytest.mark.parametrize(
    "slug",
    ["Crime", "crime_figures", "crime--figures", "-crime", "crime-", "crime figures", "crîme"],
)
def test_other_slugs_are_refused(slug):
    (found,) = problems(f"{UPDATE}slug: {slug}\n")
    assert found[:2] == (4, "slug")
    assert "lowercase letters, digits" in found[2]


def test_slug_absent_is_none():
    assert valid(UPDATE).slug is None


# -- summary and share_text ------------------------------------------------------------------


def test_summary_is_text():
    assert valid(f"{UPDATE}summary: One sentence. Two.\n").summary == "One sentence. Two."


def test_summary_may_span_lines():
    post = valid(f"{UPDATE}summary: >\n  First line\n  second line.\n")
    assert post.summary == "First line second line."


def test_summary_absent_is_left_to_the_reader():
    assert valid(UPDATE).summary is None


def test_summary_must_be_text():
    assert problems(f"{UPDATE}summary:\n  - a\n") == [(4, "summary", "must be text, not a list")]


def test_share_text_is_text():
    assert valid(f"{UPDATE}share_text: Read this\n").share_text == "Read this"


def test_share_text_must_be_text():
    found = problems(f"{UPDATE}share_text: {{a: b}}\n")
    assert found == [(4, "share_text", "must be text, not a set of fields")]


# -- tags and authors ------------------------------------------------------------------------


def test_tags_as_a_list():
    assert valid(f"{UPDATE}tags:\n  - VAT\n  - Cost of living\n").tags == ("VAT", "Cost of living")


def test_tags_as_comma_separated_text():
    assert valid(f"{UPDATE}tags: VAT,  Cost of living ,Economy\n").tags == (
        "VAT",
        "Cost of living",
        "Economy",
    )


def test_tags_that_differ_only_in_case_are_one_topic():
    post = valid(f"{UPDATE}tags: [Cost of living, VAT, cost of living, COST OF LIVING, vat]\n")
    assert post.tags == ("Cost of living", "VAT")


def test_a_single_tag_as_text():
    assert valid(f"{UPDATE}tags: Economy\n").tags == ("Economy",)


def test_tags_absent_is_empty():
    assert valid(UPDATE).tags == ()


@pytest.mark.parametrize(
    "value, phrase",
    [
        ("[]", "is an empty list"),
        ('""', "is empty"),
        ("' , '", "is empty"),
        ("{a: b}", "must be a list or comma-separated text"),
        ("[[a, b]]", "each item must be a piece of text"),
    ],
)
def test_tags_that_are_not_topics_are_refused(value, phrase):
    (found,) = problems(f"{UPDATE}tags: {value}\n")
    assert found[:2] == (4, "tags")
    assert phrase in found[2]


def test_authors_as_text():
    assert valid(f"{UPDATE}authors: Siân Jones\n").authors == ("Siân Jones",)


def test_authors_as_a_list():
    assert valid(f"{UPDATE}authors:\n  - Ann Jones\n  - Bob Smith\n").authors == (
        "Ann Jones",
        "Bob Smith",
    )


def test_authors_absent_is_left_to_the_site_default():
    assert valid(UPDATE).authors == ()


def test_authors_must_not_be_empty():
    assert where(f"{UPDATE}authors: []\n") == [(4, "authors")]


# -- status ------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["published", "draft", "hidden"])
def test_status_values(status):
    assert valid(f"{UPDATE}status: {status}\n").status == status


def test_status_defaults_to_published():
    assert valid(UPDATE).status == "published"


@pytest.mark.parametrize("status", ["Draft", "live", "private"])
def test_other_statuses_are_refused(status):
    (found,) = problems(f"{UPDATE}status: {status}\n")
    assert found[:2] == (4, "status")
    assert "is not one of published, draft, hidden" in found[2]


# -- claim, claimant, claim_date, claim_url, verdict ---------------------------------------------


def test_a_rebuttal_with_every_claim_field():
    post = valid(
        "title: x\n"
        "date: 2026-11-24\n"
        "claim: Crime has doubled.\n"
        "claimant: A. Minister\n"
        "claim_date: 2026-11-23\n"
        "claim_url: https://www.example.org/speech?id=1#para-4\n"
        "verdict: exaggerated\n" + ONE_FACT
    )
    assert post.is_rebuttal
    assert post.claim == Claim(
        "Crime has doubled.",
        "A. Minister",
        date(2026, 11, 23),
        "https://www.example.org/speech?id=1#para-4",
    )
    assert type(post.claim.date) is date
    assert post.verdict == "exaggerated"


def test_claim_date_and_url_are_optional():
    post = valid(REBUTTAL)
    assert (post.claim.date, post.claim.url) == (None, None)


def test_claim_date_with_a_time_keeps_the_day():
    post = valid(REBUTTAL + "claim_date: 2026-11-23 21:15\n")
    assert post.claim.date == date(2026, 11, 23)


@pytest.mark.parametrize("url", ["http://example.org/", "https://www.example.org/a/b?c=d"])
def test_claim_url_http_and_https(url):
    assert valid(f"{REBUTTAL}claim_url: {url}\n").claim.url == url


def test_a_space_typed_in_a_claim_url_is_written_percent_encoded():
    url = 'https://www.example.org/a speech?said="so"'
    written = valid(f"{REBUTTAL}claim_url: '{url}'\n").claim.url
    assert written == "https://www.example.org/a%20speech?said=%22so%22"


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "ftp://example.org/",
        "www.example.org/speech",
        "https://",
        "https://www.exa mple.org/speech",
        "data:text/html,<script>alert(1)</script>",
        "//www.example.org/speech",
    ],
)
def test_claim_url_that_is_not_a_web_address_is_refused(url):
    (found,) = problems(f"{REBUTTAL}claim_url: '{url}'\n")
    assert found[:2] == (10, "claim_url")
    assert "is not a web address" in found[2]


def test_a_rebuttal_needs_claimant_verdict_and_facts_all_reported_at_the_claim():
    found = where("title: x\ndate: 2026-11-24\nclaim: Crime has doubled.\n")
    assert found == [(4, "claimant"), (4, "facts"), (4, "verdict")]


@pytest.mark.parametrize("field", ["claimant", "claim_date", "claim_url", "verdict"])
def test_claim_fields_without_a_claim_are_refused(field):
    value = {"claim_date": "2026-11-23", "claim_url": "https://example.org/"}.get(field, "false")
    (found,) = problems(f"{UPDATE}{field}: {value}\n")
    assert found[:2] == (4, field)
    assert "belongs to a rebuttal, which needs a claim" in found[2]


def test_verdict_is_checked_against_the_sites_own_verdicts():
    custom = ("pants-on-fire", "true")
    head = REBUTTAL_HEAD.replace("verdict: false", "verdict: pants-on-fire")
    assert valid(head + ONE_FACT, verdicts=custom).verdict == "pants-on-fire"
    # 'false' is a default verdict, but not one of this site's.
    (found,) = problems(REBUTTAL, verdicts=custom)
    assert found[:2] == (6, "verdict")
    assert "'false' is not a verdict" in found[2]
    assert "the verdicts are: pants-on-fire, true" in found[2]


@pytest.mark.parametrize("verdict", VERDICTS)
def test_every_default_verdict_is_accepted(verdict):
    head = REBUTTAL_HEAD.replace("verdict: false", f"verdict: {verdict}")
    assert valid(head + ONE_FACT).verdict == verdict


def test_default_verdict_keys_are_the_contracts():
    assert VERDICTS == ("false", "misleading", "missing-context", "exaggerated", "unsupported")


# -- facts -------------------------------------------------------------------------------------


def test_a_fact_with_every_source_field():
    post = valid(
        REBUTTAL_HEAD + "facts:\n"
        "  - fact: In 2010 VAT rose to 20%.\n"
        "    sources:\n"
        "      - url: https://www.gov.uk/budget-2010\n"
        "        title: Budget 2010 (June)\n"
        "        publisher: HM Treasury\n"
        "        date: 2010-06-22\n"
        "        accessed: 2015-03-30\n"
        "        archived_url: https://web.archive.org/web/2015/https://www.gov.uk/budget-2010\n"
        "      - https://www.example.org/second\n"
    )
    assert post.facts == (
        Fact(
            "In 2010 VAT rose to 20%.",
            (
                Source(
                    "https://www.gov.uk/budget-2010",
                    "Budget 2010 (June)",
                    "HM Treasury",
                    date(2010, 6, 22),
                    date(2015, 3, 30),
                    "https://web.archive.org/web/2015/https://www.gov.uk/budget-2010",
                ),
                Source("https://www.example.org/second"),
            ),
        ),
    )


def test_the_short_form_takes_one_source_address():
    post = valid(REBUTTAL)
    assert post.facts == (Fact("Recorded crime fell.", (Source("https://www.example.org/crime"),)),)


def test_facts_keep_their_order():
    post = valid(
        REBUTTAL_HEAD + "facts:\n"
        "  - fact: First.\n    source: https://example.org/1\n"
        "  - fact: Second.\n    source: https://example.org/2\n"
        "  - fact: Third.\n    source: https://example.org/3\n"
    )
    assert [fact.text for fact in post.facts] == ["First.", "Second.", "Third."]


def test_facts_on_an_update_follow_the_same_rules():
    found = problems(f"{UPDATE}facts:\n  - fact: No source here.\n")
    assert found == [(5, "facts[1].sources", "every fact needs at least one source")]


def test_a_fact_with_an_empty_sources_list_is_refused():
    found = where(f"{UPDATE}facts:\n  - fact: x\n    sources: []\n")
    assert found == [(6, "facts[1].sources")]


def test_a_source_without_url_is_refused_at_its_first_line():
    found = problems(f"{UPDATE}facts:\n  - fact: x\n    sources:\n      - title: A report\n")
    assert found == [(7, "facts[1].sources[1].url", "is required")]


def test_source_dates_and_archived_url_are_checked():
    found = where(
        f"{UPDATE}facts:\n"
        "  - fact: x\n"
        "    sources:\n"
        "      - url: https://example.org/\n"
        "        date: soon\n"
        "        accessed: later\n"
        "        archived_url: javascript:void(0)\n"
    )
    assert found == [
        (8, "facts[1].sources[1].date"),
        (9, "facts[1].sources[1].accessed"),
        (10, "facts[1].sources[1].archived_url"),
    ]


def test_problems_in_several_facts_are_all_reported():
    found = where(
        REBUTTAL_HEAD + "facts:\n"
        "  - fact: One.\n    source: javascript:x\n"
        "  - fact: Two.\n"
        "  - source: https://example.org/\n"
    )
    assert found == [
        (9, "facts[1].source"),
        (10, "facts[2].sources"),
        (11, "facts[3].fact"),
    ]


# -- card ----------------------------------------------------------------------------------------


def test_card_headline_and_kicker():
    post = valid(f"{UPDATE}card:\n  headline: Crime has not doubled\n  kicker: Fact check\n")
    assert post.card == Card(headline="Crime has not doubled", kicker="Fact check")


def test_card_with_only_a_kicker():
    assert valid(f"{UPDATE}card: {{kicker: Fact check}}\n").card == Card(None, "Fact check")


def test_card_absent_is_none():
    assert valid(UPDATE).card is None


def test_card_headline_must_be_text():
    assert where(f"{UPDATE}card:\n  headline: [a, b]\n") == [(5, "card.headline")]


# -- image ---------------------------------------------------------------------------------------


def _image_bytes(size=(1200, 630), kind="PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "#b3261e").save(buffer, kind)
    return buffer.getvalue()


# A share graphic of the smallest size the platforms show as a large preview.
PNG = _image_bytes()


@pytest.fixture
def content(tmp_path):
    """A content folder holding images/card.png, with a secret image beside it."""
    root = tmp_path / "content"
    (root / "images").mkdir(parents=True)
    (root / "images" / "card.png").write_bytes(PNG)
    (root / "images" / "photo.JPG").write_bytes(PNG)
    (tmp_path / "secret.png").write_bytes(PNG)
    return root


@pytest.mark.parametrize(
    # Pelican's {static} must be quoted: unquoted, YAML reads '{' as a mapping.
    "typed",
    ["images/card.png", "/images/card.png", "'{static}/images/card.png'"],
)
def test_image_under_the_content_folder(content, typed):
    assert valid(f"{UPDATE}image: {typed}\n", root=content).image == "images/card.png"


def test_image_extension_case_does_not_matter(content):
    assert valid(f"{UPDATE}image: images/photo.JPG\n", root=content).image == "images/photo.JPG"


def test_image_through_a_symlinked_content_folder(content, tmp_path):
    (tmp_path / "linked").symlink_to(content, target_is_directory=True)
    post = valid(f"{UPDATE}image: images/card.png\n", root=tmp_path / "linked")
    assert post.image == "images/card.png"


@pytest.mark.parametrize("typed", ["../secret.png", "images/../../secret.png"])
def test_image_escaping_with_dot_dot_is_refused(content, typed):
    assert (content.parent / "secret.png").is_file()
    found = problems(f"{UPDATE}image: {typed}\n", root=content)
    assert found == [(4, "image", f"'{typed}' is outside the content folder")]


def test_image_escaping_through_a_symlink_is_refused(content):
    (content / "images" / "leak.png").symlink_to(content.parent / "secret.png")
    found = problems(f"{UPDATE}image: images/leak.png\n", root=content)
    assert found == [(4, "image", "'images/leak.png' is outside the content folder")]


def test_image_symlinked_inside_the_content_folder_is_accepted(content):
    (content / "alias.png").symlink_to(content / "images" / "card.png")
    assert valid(f"{UPDATE}image: alias.png\n", root=content).image == "alias.png"


def test_image_that_does_not_exist_is_refused(content):
    found = problems(f"{UPDATE}image: images/missing.png\n", root=content)
    assert found == [(4, "image", "'images/missing.png' does not exist under the content folder")]


def test_image_that_is_a_folder_is_refused(content):
    (content / "images" / "folder.png").mkdir()
    assert where(f"{UPDATE}image: images/folder.png\n", root=content) == [(4, "image")]


@pytest.mark.parametrize("typed", ["images/card.gif", "images/card.svg", "images"])
def test_image_of_another_type_is_refused(content, typed):
    (found,) = problems(f"{UPDATE}image: {typed}\n", root=content)
    assert found[:2] == (4, "image")
    assert "must be a PNG, JPEG or WebP image" in found[2]


def test_image_too_small_for_a_large_preview_is_refused(content):
    (content / "images" / "small.png").write_bytes(_image_bytes((600, 315)))
    found = problems(f"{UPDATE}image: images/small.png\n", root=content)
    assert found == [
        (
            4,
            "image",
            "'images/small.png' is 600×315 pixels; a share graphic must be at least 1200×630, "
            "or Facebook, LinkedIn and X show it as a small thumbnail instead of a large preview",
        )
    ]


@pytest.mark.parametrize("size", [(1199, 630), (1200, 629)])
def test_image_one_pixel_short_is_refused(content, size):
    (content / "images" / "short.png").write_bytes(_image_bytes(size))
    (found,) = problems(f"{UPDATE}image: images/short.png\n", root=content)
    assert "a share graphic must be at least 1200×630" in found[2]


def test_image_too_heavy_for_whatsapp_is_refused(content):
    noise = Image.frombytes("RGB", (1200, 630), os.urandom(1200 * 630 * 3))
    noise.save(content / "images" / "heavy.png")
    (found,) = problems(f"{UPDATE}image: images/heavy.png\n", root=content)
    assert found[:2] == (4, "image")
    assert found[2].startswith("'images/heavy.png' weighs ")
    assert "WhatsApp shows no preview for an image over 300 KB" in found[2]


def test_image_too_small_and_too_heavy_reports_both(content):
    noise = Image.frombytes("RGB", (1000, 600), os.urandom(1000 * 600 * 3))
    noise.save(content / "images" / "both.png")
    found = problems(f"{UPDATE}image: images/both.png\n", root=content)
    assert len(found) == 2
    assert "1000×600 pixels" in found[0][2] and "WhatsApp" in found[1][2]


def test_image_is_reported_with_every_other_problem(content):
    (content / "images" / "small.png").write_bytes(_image_bytes((300, 200)))
    found = where(f"{UPDATE}image: images/small.png\nslug: Not A Slug\n", root=content)
    assert found == [(4, "image"), (5, "slug")]


def test_image_at_the_smallest_size_the_platforms_take_is_accepted(content):
    (content / "images" / "exact.jpg").write_bytes(_image_bytes((1200, 630), "JPEG"))
    assert valid(f"{UPDATE}image: images/exact.jpg\n", root=content).image == "images/exact.jpg"


def test_image_that_is_not_an_image_inside_is_refused(content):
    (content / "images" / "fake.png").write_text("not a picture")
    found = problems(f"{UPDATE}image: images/fake.png\n", root=content)
    assert found == [(4, "image", "'images/fake.png' cannot be read as a PNG, JPEG or WebP image")]


def test_image_of_another_format_with_a_png_name_is_refused(content):
    Image.new("RGB", (1200, 630)).save(content / "images" / "really.png", "GIF")
    (found,) = problems(f"{UPDATE}image: images/really.png\n", root=content)
    assert "is a GIF file inside" in found[2]


# -- corrections and last_modified ----------------------------------------------------------------


def test_corrections_are_read_in_order():
    post = valid(
        "title: x\n"
        "date: 2026-07-14 09:30\n"
        "corrections:\n"
        "  - date: 2026-07-15 10:00\n"
        "    note: Fixed a figure.\n"
        "  - date: 2026-07-16\n"
        "    note: Added a source.\n"
    )
    assert post.corrections == (
        Correction(datetime.fromisoformat("2026-07-15T10:00:00+01:00"), "Fixed a figure."),
        Correction(datetime.fromisoformat("2026-07-16T00:00:00+01:00"), "Added a source."),
    )
    assert post.corrections[0].date.isoformat() == "2026-07-15T10:00:00+01:00"


def test_a_correction_counts_as_a_modification():
    post = valid(
        "title: x\ndate: 2026-07-14 09:30\nmodified: 2026-07-15 08:00\n"
        "corrections:\n  - date: 2026-07-20 12:00\n    note: n\n"
    )
    assert post.last_modified.isoformat() == "2026-07-20T12:00:00+01:00"


def test_last_modified_is_modified_when_later_than_every_correction():
    post = valid(
        "title: x\ndate: 2026-07-14 09:30\nmodified: 2026-07-21 08:00\n"
        "corrections:\n  - date: 2026-07-20 12:00\n    note: n\n"
    )
    assert post.last_modified == post.modified


def test_a_same_day_correction_by_day_alone_is_never_before_publication():
    post = valid(
        "title: x\ndate: 2026-07-14 09:30\ncorrections:\n  - date: 2026-07-14\n    note: n\n"
    )
    assert post.corrections[0].date.isoformat() == "2026-07-14T00:00:00+01:00"
    assert post.last_modified == post.date


def test_last_modified_is_none_for_an_unchanged_post():
    assert valid(UPDATE).last_modified is None


def test_correction_fields_are_checked():
    found = problems(
        f"{UPDATE}corrections:\n"
        "  - date: 2026-11-25\n"
        "    notes: typo\n"
        "  - note: no date\n"
        "  - Just a sentence.\n"
    )
    assert found == [
        (5, "corrections[1].note", "is required"),
        (6, "corrections[1].notes", "unknown field; did you mean note?"),
        (7, "corrections[2].date", "is required"),
        (8, "corrections[3]", "must be a set of 'name: value' fields"),
    ]


def test_corrections_must_be_a_list():
    assert where(f"{UPDATE}corrections: Fixed a typo.\n") == [(4, "corrections")]


# -- aliases ------------------------------------------------------------------------------------


def test_aliases_as_a_list_of_site_paths():
    post = valid(f"{UPDATE}aliases:\n  - /2026/11/old-slug/\n  - /drafts/crime.html\n")
    assert post.aliases == ("/2026/11/old-slug/", "/drafts/crime.html")


def test_aliases_as_comma_separated_text():
    assert valid(f"{UPDATE}aliases: /a/, /b/\n").aliases == ("/a/", "/b/")


@pytest.mark.parametrize(
    "alias, why",
    [
        ("2026/11/old-slug/", "must be a path on this site starting with /"),
        ("https://www.example.org/2026/11/old-slug/", "must be a path on this site"),
        ("//www.example.org/old/", "is an address on another site"),
        ("/2026/../../etc/", "has a '..' segment"),
        ("javascript:alert(1)", "must be a path on this site"),
    ],
)
def test_an_alias_that_is_not_a_site_path_is_refused(alias, why):
    (found,) = problems(f"{UPDATE}aliases:\n  - '{alias}'\n")
    assert found[:2] == (4, "aliases[1]")
    assert found[2].startswith(f"'{alias}' {why}")


# -- unknown fields ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typo, meant",
    [("facs", "facts"), ("Title", "title"), ("tag", "tags"), ("claimaint", "claimant")],
)
def test_an_unknown_field_suggests_the_nearest(typo, meant):
    found = problems(f"{UPDATE}{typo}: x\n")
    assert found == [(4, typo, f"unknown field; did you mean {meant}?")]


def test_a_typo_for_facts_on_a_rebuttal_never_drops_the_facts_silently():
    post, found = read(REBUTTAL.replace("facts:", "facs:"))
    assert post is None
    assert "facs: unknown field; did you mean facts?" in [f"{p.field}: {p.message}" for p in found]


# -- text is text ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "character, words",
    [
        ("\x0b", "U+000B, a line break pasted from Word: use a new line or a space"),
        ("\x00", "U+0000, a null character"),
        ("\x1b", "U+001B, an escape character"),
        ("\x85", "U+0085, a next-line character"),
        ("\x92", "U+0092, a control character, often a Word quote or dash in the wrong"),
        ("\ufffe", "U+FFFE, a noncharacter"),
        ("\ufdd0", "U+FDD0, a noncharacter"),
        ("\U0010ffff", "U+10FFFF, a noncharacter"),
        ("\u202e", "U+202E, a right-to-left override mark"),
        ("\u2066", "U+2066, a left-to-right isolate mark"),
    ],
)
def test_a_character_that_is_not_text_is_named_in_words_in_the_field(character, words):
    # Typed into the file, and written as a YAML escape: the same field, the same words.
    escape = f"\\u{ord(character):04x}" if ord(character) < 0x10000 else f"\\U{ord(character):08x}"
    for typed in (f"Before{character}after", f'"Before{escape}after"'):
        (found,) = problems(f"{UPDATE}summary: {typed}\n")
        assert found[:2] == (4, "summary")
        assert found[2].startswith(f"contains {words}")


def test_a_tab_is_refused_in_a_field_but_allowed_in_the_body():
    (found,) = problems(f'{UPDATE}share_text: "a\\tb"\n')
    assert found == (4, "share_text", "contains U+0009, a tab: use a space")
    assert valid(UPDATE, body="Intro.\n\n\tcode\n").body == "Intro.\n\n\tcode\n"


def test_a_control_character_in_the_body_is_named_at_its_line():
    post, found = read(UPDATE, body="One.\nTwo\x0bthree.\n\nFour \x1b[31m.\n")
    assert post is None
    assert [(p.line, p.field, p.message[:19]) for p in found] == [
        (6, "body", "contains U+000B, a "),
        (8, "body", "contains U+001B, an"),
    ]


def test_lines_are_counted_at_newlines_only_whatever_else_is_a_line_break_to_python():
    """str.splitlines() ends lines at U+000B and U+000C too: line numbers would drift."""
    post, found = read("title: A\x0cB\ndate: 2026-11-24\nslug: Not-Lower\n")
    assert [(p.line, p.field) for p in found] == [(2, "title"), (4, "slug")]


def test_no_message_prints_a_control_character_from_the_file():
    # Typed into the file, and as YAML escapes (\\e is ESC) in a field's name and value.
    fields = f'{UPDATE}stauts: x\x1b[2J\n"st\\e[2Jtus": x\nslug: "\\e]0;pwned\\a"\n'
    post, found = read(fields)
    printed = "\n".join(str(p) for p in found)
    assert "\x1b" not in printed and "\x07" not in printed
    assert "\\x1b" in printed


def test_a_long_value_is_quoted_short():
    (found,) = problems(f"{UPDATE}status: {'x' * 5000}\n")
    assert found[:2] == (4, "status") and len(found[2]) < 200


# -- bounded work ----------------------------------------------------------------------------


def test_lists_over_their_count_are_refused_before_their_items_are_read():
    tags = ", ".join(f"t{n}" for n in range(5000))
    assert problems(f"{UPDATE}tags: [{tags}]\n") == [(4, "tags", "has 5,000 items; at most 12 fit")]


def test_a_fact_over_its_length_is_named_with_its_place():
    facts = f"facts:\n  - fact: {'w' * 1501}\n    source: https://www.example.org/\n"
    assert where(f"{REBUTTAL_HEAD}{facts}") == [(8, "facts[1].fact")]


@pytest.mark.parametrize(
    "body, line, message",
    [
        ("[" * 20_000, 5, "has 20,000 '[' (links, images and footnotes); at most 1,000 fit"),
        ("<a " * 2_001, 5, "has 2,001 '<' (HTML tags); at most 2,000 fit"),
        ("Intro.\n\n" + "word " * 1_001, 7, "has a paragraph of more than 5,000 characters"),
        (("*a* " * 1000 + "\n\n") * 11, 25, "has 22,000 '*' '_' '`' (emphasis and code marks)"),
        (
            "*[EU]: European Union\n\n" + "EU " * 1001,
            5,
            "uses its abbreviations (*[…]: lines) 1,001",
        ),
        ('<div markdown="1">\n' * 900 + "x\n", 105, "has 900 'markdown=' (HTML blocks with"),
        ("```\n" + "code\n" * 2000 + "```\n", None, None),
        ("```\n" + "not code " * 1000, 5, "has a paragraph of more than 5,000 characters"),
        ("> ```\n> " + "quoted " * 1000 + "\n> ```\n", 5, "has a paragraph of more than 5,000"),
        ("1. " * 40 + "deep", 5, "this line is nested 120 characters deep"),
        ("> " * 60 + "quoted", 5, "this line is nested 120 characters deep"),
        ("Intro.\n\n" + "\t" * 26 + "- tabbed", 7, "this line is nested 106 characters deep"),
    ],
)
def test_a_body_markdown_would_take_seconds_on_is_refused(body, line, message):
    post, found = read(UPDATE, body=body)
    if message is None:  # fenced code is set aside before Markdown's inline patterns
        assert found == []
        return
    assert post is None
    assert (line, "body") in [(p.line, p.field) for p in found]
    assert any(p.message.startswith(message) for p in found), [p.message for p in found]


def test_a_long_body_of_ordinary_paragraphs_and_lists_passes():
    paragraph = "A sentence with a [link](https://www.example.org/) in it. " * 20 + "\n\n"
    items = "".join(f"- item {n} with *emphasis*\n" for n in range(200))
    valid(UPDATE, body=(paragraph * 40) + items)


def test_front_matter_nested_beyond_the_parsers_stack_is_refused_not_crashed():
    for nested in ("[" * 30_000, "{a: " * 20_000, "- " * 30_000 + "x"):
        post, found = read(f"{UPDATE}tags: {nested}\n")
        assert post is None and [p.field for p in found] == ["front-matter"]
