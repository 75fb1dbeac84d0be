"""Tests for posts.frontmatter: decoding, cutting at '---' and keeping every key's line."""

import os

import pytest
from posts import frontmatter
from posts.frontmatter import Mapping, Scalar, Sequence

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures", "posts")


def fixture_bytes(name: str) -> bytes:
    with open(os.path.join(FIXTURES, name), "rb") as file:
        return file.read()


def split_text(text: str, path: str = "post.md"):
    return frontmatter.split(text, path)


def composed(yaml_lines: str) -> Mapping:
    """The front-matter tree of a file whose fields are ``yaml_lines``."""
    parts, problems = split_text(f"---\n{yaml_lines}---\nBody.\n")
    assert problems == []
    assert parts is not None
    return parts.front_matter


# -- decode ------------------------------------------------------------------------


def test_decode_plain_utf8():
    text, problems = frontmatter.decode("---\ntitle: Tŷ 🏥\n".encode(), "post.md")
    assert problems == []
    assert text == "---\ntitle: Tŷ 🏥\n"


def test_decode_drops_a_byte_order_mark():
    text, problems = frontmatter.decode(b"\xef\xbb\xbf---\ntitle: x\n", "post.md")
    assert problems == []
    assert text.startswith("---\n")


def test_decode_names_the_line_of_the_first_bad_byte():
    text, problems = frontmatter.decode(fixture_bytes("not_utf8.md"), "posts/not_utf8.md")
    assert text is None
    assert [(p.path, p.line, p.field) for p in problems] == [("posts/not_utf8.md", 2, "file")]
    assert "is not UTF-8" in problems[0].message
    assert "0xe9" in problems[0].message


# -- split: the file's shape ------------------------------------------------------

FILE_SHAPE_CASES = [
    ("empty.md", 1, "file", "is empty"),
    ("only_whitespace.md", 1, "file", "is empty"),
    ("no_front_matter.md", 1, "front-matter", "must start with a line '---'"),
    ("no_closing_dashes.md", 1, "front-matter", "no closing '---'"),
    ("front_matter_no_fields.md", 1, "front-matter", "has no fields"),
    ("front_matter_not_fields.md", 2, "front-matter", "'field: value'"),
    ("broken_yaml.md", 3, "front-matter", "is not valid YAML"),
    # The list opens on line 4, but the parser only stops on line 5.
    ("broken_yaml_unclosed_list.md", 5, "front-matter", "is not valid YAML"),
]


@pytest.mark.parametrize(
    "name, line, field, phrase", FILE_SHAPE_CASES, ids=[c[0] for c in FILE_SHAPE_CASES]
)
def test_split_refuses_a_badly_shaped_file(name, line, field, phrase):
    text, _ = frontmatter.decode(fixture_bytes(name), name)
    parts, problems = split_text(text, name)
    assert parts is None
    assert [(p.path, p.line, p.field) for p in problems] == [(name, line, field)]
    assert phrase in problems[0].message


def test_split_separates_fields_and_body():
    parts, problems = split_text(
        "---\ntitle: Hello\ndate: 2026-11-24\n---\nFirst line.\n\nSecond.\n"
    )
    assert problems == []
    assert set(parts.front_matter.entries) == {"title", "date"}
    assert parts.body == "First line.\n\nSecond.\n"
    # The body starts on the line after the closing '---'.
    assert parts.body_line == 5


def test_split_keeps_a_horizontal_rule_in_the_body():
    parts, _ = split_text("---\ntitle: x\n---\nAbove.\n\n---\n\nBelow.\n")
    assert parts.body == "Above.\n\n---\n\nBelow.\n"


def test_split_accepts_windows_line_endings_and_trailing_spaces():
    parts, problems = split_text("---  \r\ntitle: x\r\ndate: 2026-11-24\r\n--- \r\nBody.\r\n")
    assert problems == []
    assert parts.front_matter.entries["title"].value.text == "x"
    assert parts.front_matter.entries["date"].line == 3
    assert parts.body == "Body.\r\n"


def test_split_ignores_an_indented_dash_line_inside_a_block():
    parts, problems = split_text("---\nsummary: |\n  a\n  ---\n  b\ntitle: x\n---\nBody\n")
    assert problems == []
    assert parts.front_matter.entries["summary"].value.text == "a\n---\nb\n"
    assert parts.front_matter.entries["title"].line == 6


# -- compose: every value stays text, every key keeps its line -------------------------


@pytest.mark.parametrize(
    "typed",
    ["No", "no", "yes", "on", "Off", "false", "True", "null", "~", "10:30", "012", "1e3", "0x1F"],
)
def test_yaml_11_words_and_numbers_stay_the_text_typed(typed):
    tree = composed(f"title: {typed}\n")
    assert tree.entries["title"].value == Scalar(typed, 2)


def test_a_date_stays_text_for_the_validator():
    tree = composed("date: 2026-11-24 09:30\n")
    assert tree.entries["date"].value.text == "2026-11-24 09:30"


def test_quoted_and_block_values_keep_their_text():
    tree = composed("title: 'It''s \"fine\"'\nsummary: >\n  One\n  line.\n")
    assert tree.entries["title"].value.text == 'It\'s "fine"'
    assert tree.entries["summary"].value.text == "One line.\n"


def test_every_key_keeps_the_line_it_is_on_in_the_file():
    tree = composed(
        "title: x\n"  # line 2
        "\n"
        "# a comment\n"
        "tags:\n"  # line 5
        "  - a\n"  # line 6
        "  - b\n"  # line 7
        "facts:\n"  # line 8
        "  - fact: y\n"  # line 9
        "    source: https://example.org/\n"  # line 10
    )
    assert tree.line == 2
    assert {key: entry.line for key, entry in tree.entries.items()} == {
        "title": 2,
        "tags": 5,
        "facts": 8,
    }
    tags = tree.entries["tags"].value
    assert isinstance(tags, Sequence)
    assert [(item.text, item.line) for item in tags.items] == [("a", 6), ("b", 7)]
    fact = tree.entries["facts"].value.items[0]
    assert isinstance(fact, Mapping)
    assert fact.line == 9
    assert fact.entries["fact"].line == 9
    assert fact.entries["source"].line == 10


def test_flow_collections_are_lists_and_mappings():
    tree = composed("tags: [a, b]\ncard: {headline: h, kicker: k}\n")
    assert [item.text for item in tree.entries["tags"].value.items] == ["a", "b"]
    card = tree.entries["card"].value
    assert isinstance(card, Mapping)
    assert card.entries["kicker"].value.text == "k"


def test_a_repeated_key_is_reported_and_the_first_value_kept():
    text, _ = frontmatter.decode(fixture_bytes("duplicate_key.md"), "duplicate_key.md")
    parts, problems = split_text(text, "duplicate_key.md")
    assert problems == []  # the split succeeds; the repeat travels with it
    assert [(p.line, p.field) for p in parts.problems] == [(4, "title")]
    assert "is given twice; the first is at line 2" in parts.problems[0].message
    assert parts.front_matter.entries["title"].value.text == "First title"


def test_a_repeated_key_inside_a_fact_is_reported_at_its_line():
    parts, _ = split_text(
        "---\nfacts:\n  - fact: a\n    fact: b\n    source: https://example.org/\n---\n"
    )
    assert [(p.line, p.field) for p in parts.problems] == [(4, "fact")]


def test_a_field_name_that_is_not_a_word_is_reported():
    text, _ = frontmatter.decode(fixture_bytes("field_name_not_a_word.md"), "f.md")
    parts, _ = split_text(text, "f.md")
    assert [(p.line, p.field) for p in parts.problems] == [(2, "front-matter")]
    assert "a field name must be a word" in parts.problems[0].message
    assert set(parts.front_matter.entries) == {"title", "date"}


def test_a_reused_anchor_is_refused_at_the_alias():
    parts, problems = split_text("---\ntitle: &t Hello\nsummary: *t\ndate: 2026-11-24\n---\n")
    assert parts is None
    assert [(p.line, p.field) for p in problems] == [(3, "front-matter")]
    assert "uses a YAML alias" in problems[0].message


def test_a_list_that_contains_itself_is_refused_not_a_crash():
    text, _ = frontmatter.decode(fixture_bytes("yaml_recursive_alias.md"), "a.md")
    parts, problems = split_text(text, "a.md")
    assert parts is None
    assert [(p.line, p.field) for p in problems] == [(4, "front-matter")]


def test_absurdly_deep_nesting_is_refused():
    deep = "[" * (frontmatter.MAX_DEPTH + 5) + "]" * (frontmatter.MAX_DEPTH + 5)
    parts, problems = split_text(f"---\ntitle: x\ntags: {deep}\n---\n")
    assert parts is None
    assert [(p.line, p.field) for p in problems] == [(3, "front-matter")]
    assert "nested more than" in problems[0].message


def test_facts_and_sources_are_well_within_the_depth_limit():
    parts, problems = split_text(
        "---\nfacts:\n  - fact: a\n    sources:\n      - url: https://example.org/\n---\n"
    )
    assert problems == []
    source = parts.front_matter.entries["facts"].value.items[0].entries["sources"].value.items[0]
    assert source.entries["url"].value.text == "https://example.org/"


def test_old_mac_line_ends_are_line_ends():
    parts, problems = frontmatter.split("---\rtitle: A\rdate: 2026-11-02\r---\rBody.\r", "a.md")
    assert problems == [] and parts.body == "Body.\n" and parts.body_line == 5
    assert parts.front_matter.entries["date"].line == 3
