"""docs/posts.md states the contract's limits exactly as plugins/posts/limits.py sets them."""

from __future__ import annotations

from posts.limits import MAX_BODY, MAX_COUNT, MAX_FRONT_MATTER, MAX_LENGTH
from sites import ROOT

# How the docs name each of the body's bounds; a new bound needs its words here.
BODY_WORDS = {
    "block": ("body: one paragraph, list item or table row", "characters"),
    "[": ("body: `[` (links, images, footnotes)", "in the whole body"),
    "<": ("body: `<` (HTML tags, `<https://…>` links)", "in the whole body"),
    "*_`": ("body: `*`, `_` and `` ` `` (emphasis and code)", "in the whole body"),
    "abbreviations": ("body: uses of its abbreviations (`*[EU]: …`)", "in the whole body"),
    "markdown=": ('body: HTML blocks with Markdown inside (`markdown="1"`)', "in the whole body"),
    "nesting": ("body: indentation, `>` and list markers before a line", "characters"),
}


def limits_table() -> str:
    """The table docs/posts.md must hold, made from limits.py."""
    rows = ["| field | at most |", "|---|---|"]
    rows += [f"| `{field}` | {n:,} characters |" for field, n in MAX_LENGTH.items()]
    rows += [f"| `{field}` | {n:,} items |" for field, n in MAX_COUNT.items()]
    rows += [
        f"| {BODY_WORDS[key][0]} | {n:,} {BODY_WORDS[key][1]} |" for key, n in MAX_BODY.items()
    ]
    rows.append(f"| the front matter, between the `---` lines | {MAX_FRONT_MATTER:,} characters |")
    return "\n".join(rows) + "\n"


def test_the_docs_hold_the_limits_table_made_from_limits_py():
    docs = (ROOT / "docs" / "posts.md").read_text(encoding="utf-8")
    table = limits_table()
    assert table in docs, "docs/posts.md's limits table is out of date; it should read:\n" + table
