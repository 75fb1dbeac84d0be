"""Topic addresses across the content tree: no topic without one, no two sharing one."""

from __future__ import annotations

from datetime import datetime

from pelican.settings import DEFAULT_CONFIG
from posts.tree import Entry, topic_problems


def entry(path: str, *tags: str) -> Entry:
    return Entry(path, f"/content/{path}", "article", "published", datetime(2026, 12, 1),
                 path.removesuffix(".md"), False, {"tags": 4}, (), tags)  # fmt: skip


def test_a_clash_is_told_to_each_file_once():
    found = topic_problems(
        [entry("both.md", "C++", "C"), entry("other.md", "C")], dict(DEFAULT_CONFIG)
    )
    assert [(p.path, p.line, p.field) for p in found] == [
        ("/content/both.md", 4, "tags"),
        ("/content/other.md", 4, "tags"),
    ]
    assert all("would share one topic address" in p.message for p in found)
