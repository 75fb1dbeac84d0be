"""The parts of incremental builds that decide what is made again: digests, the templates'
names, the record of pages and the memo. Whole builds are in test_incremental.py."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import jinja2
import pytest
from incremental import memo
from incremental.digest import Digester
from incremental.pages import Record, TemplateNames, addresses
from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG


def article(tmp_path, name: str, title: str, text: str = "<p>Body</p>") -> Article:
    source = tmp_path / f"{name}.md"
    source.write_text(f"{title}\n{text}\n", encoding="utf-8")
    settings = dict(DEFAULT_CONFIG)
    metadata = {"title": title, "date": datetime(2026, 11, 1, 9, 0), "slug": name}
    return Article(text, metadata=metadata, settings=settings, source_path=str(source))


@dataclass(frozen=True)
class Fact:
    text: str


class Unprintable:
    def __init__(self, value):
        self.value = value


def test_digests_are_the_same_for_the_same_values_in_another_digester():
    value = {"b": [1, 2.5, None, True], "a": ("x", {"y", "z"}), "f": Fact("one")}
    assert Digester().of(value) == Digester().of(dict(value))
    assert Digester().of({"s": {"y", "z"}}) == Digester().of({"s": {"z", "y"}})
    assert Digester().of(Unprintable(1)) == Digester().of(Unprintable(1))  # no address


def test_digests_differ_when_a_value_order_or_type_differs():
    assert Digester().of(Fact("one")) != Digester().of(Fact("two"))
    assert Digester().of(["a", "b"]) != Digester().of(["b", "a"])
    assert Digester().of({"a": 1, "b": 2}) != Digester().of({"b": 2, "a": 1})  # shown in order
    assert Digester().of(1) != Digester().of("1")
    assert Digester().of(Unprintable(1)) != Digester().of(Unprintable(2))


def functions(source: str) -> dict:
    """The names a settings file defines, run from ``source`` as Pelican runs it."""
    names: dict = {}
    exec(compile(source, "/site/pelicanconf.py", "exec"), names)  # noqa: S102 - test input
    return names


SETTINGS = """
import functools, re
WORD = re.compile(r"\\w+")
def shout(text, times=1):
    return helper(text) * times
def helper(text):
    return text.upper()
def scale(n):
    def by(x):
        return x * n
    return by
FILTERS = {"shout": shout, "twice": functools.partial(shout, times=2), "by3": scale(3)}
def count(text):
    return len(WORD.findall(text))
"""


def test_a_function_in_the_settings_is_digested_by_what_it_does_not_its_name():
    def digest(source: str, name: str = "FILTERS") -> str:
        return Digester().of({name: functions(source)[name]})

    before = digest(SETTINGS)
    assert digest(SETTINGS) == before
    assert digest("# a comment moves every line\n" + SETTINGS) == before
    for old, new in [
        ("return text.upper()", "return text.lower()"),  # a helper it calls
        ("times=1", "times=3"),  # a default
        ("times=2", "times=4"),  # a partial's argument
        ("scale(3)", "scale(4)"),  # a value in a closure
        ("* times", "+ text * times"),  # its own body
    ]:
        assert old in SETTINGS
        assert digest(SETTINGS.replace(old, new)) != before, new
    counted = digest(SETTINGS, "count")
    assert digest(SETTINGS.replace(r"\w+", r"\S+"), "count") != counted  # a pattern it reads


def test_a_post_digest_takes_in_its_source_attributes_and_neighbours(tmp_path):
    one, two, three = (article(tmp_path, f"p{n}", f"Post {n}") for n in (1, 2, 3))
    one.older_article = two
    before = Digester().of(one)
    assert Digester().of(one) == before

    two.title = "Post two, retitled"  # a neighbour's title shows on the post's page
    assert Digester().of(one) != before
    two.title = "Post 2"
    assert Digester().of(one) == before

    three.title = "Unrelated"
    assert Digester().of(one) == before

    one.reading_time = {"minutes": 4}  # set by a plugin the digest knows nothing of
    with_links = Digester().of(one)
    assert with_links != before

    (tmp_path / "p1.md").write_text("Post 1\n<p>Edited</p>\n", encoding="utf-8")
    assert Digester().of(one) != with_links  # the source file stands for what it says


def test_a_post_linking_to_a_file_takes_in_that_files_address_not_every_address(tmp_path):
    linking = article(
        tmp_path, "linking", "Linking", '<a href="{filename}/pages/about.md">About</a>'
    )
    plain = article(tmp_path, "plain", "Plain")

    class Item:
        def __init__(self, url):
            self.url = url

    def digests(**sites):
        context = {"generated_content": {name: Item(url) for name, url in sites.items()}}
        table = addresses(context)
        return Digester(table).of(linking), Digester(table).of(plain)

    pages = {"pages/about.md": "about/", "posts/a.md": "2026/11/a/"}
    before = digests(**pages)
    # A new post elsewhere changes neither.
    assert digests(**pages, **{"posts/new.md": "2026/11/new/"}) == before
    # The linked page moving changes the linking post, and only it.
    moved = digests(**{**pages, "pages/about.md": "who-we-are/"})
    assert moved[0] != before[0] and moved[1] == before[1]


def test_template_names_follow_includes_but_not_names_a_with_block_sets():
    env = jinja2.Environment(
        loader=jinja2.DictLoader(
            {
                "base.html": "{{ SITENAME }}{% block content %}{% endblock %}",
                "post.html": (
                    '{% extends "base.html" %}{% block content %}{{ article.title }}'
                    '{% with tags = article.tags %}{% include "topics.html" %}{% endwith %}'
                    '{% for link in links %}{% include "icons/" ~ link ~ ".svg" %}{% endfor %}'
                    "{% endblock %}"
                ),
                "topics.html": "{% for tag in tags %}{{ tag }}{% endfor %}{{ TOPICS_URL }}",
                "icons/x.svg": "<svg>{{ ICON_COLOUR }}</svg>",
                "listing.html": "{% include page_template %}",
            }
        )
    )
    names = TemplateNames(env, "test-templates")
    used = names.used("post.html")
    assert {"SITENAME", "article", "TOPICS_URL", "links", "ICON_COLOUR"} <= used
    assert "tags" not in used, "the site's own list of topics is not what the page shows"
    assert names.used("listing.html") is None  # a name computed at render time: everything


def test_the_record_trusts_a_page_only_while_its_file_is_as_written(tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    (output / "page.html").write_text("made", encoding="utf-8")
    record = Record(str(tmp_path / "record.json"))
    record.note(str(output), "page.html", "key-1")
    record.save()

    again = Record(str(tmp_path / "record.json"))
    assert again.fresh(str(output), "page.html", "key-1")
    assert not again.fresh(str(output), "page.html", "key-2")
    (output / "page.html").write_text("changed by hand", encoding="utf-8")
    assert not again.fresh(str(output), "page.html", "key-1")
    os.remove(output / "page.html")
    assert not again.fresh(str(output), "page.html", "key-1")


def test_a_broken_record_is_a_cold_start(tmp_path):
    (tmp_path / "record.json").write_text("{not json", encoding="utf-8")
    assert Record(str(tmp_path / "record.json")).previous == {}


def test_the_memo_returns_what_an_earlier_build_made_for_the_same_inputs(tmp_path):
    made = []

    def make(value):
        made.append(value)
        return [value, "made"]

    memo.start(str(tmp_path))
    assert memo.cached("test", "v1", ("a",), lambda: make("a")) == ["a", "made"]
    memo.save()

    memo.start(str(tmp_path))
    assert memo.cached("test", "v1", ("a",), lambda: make("a")) == ["a", "made"]
    assert made == ["a"], "the second build used the kept result"
    assert memo.cached("test", "v2", ("a",), lambda: make("a")) == ["a", "made"]
    assert made == ["a", "a"], "new code, new key"
    memo.cached("test", "v1", (Unprintable(1),), lambda: make("b"))
    memo.cached("test", "v1", (Unprintable(1),), lambda: make("b"))
    assert made == ["a", "a", "b", "b"], "inputs without a stable repr are never kept"
    memo.save()

    memo.start(None)  # as a new process would: the store is read from its file
    memo.start(str(tmp_path))
    assert memo.cached("test", "v2", ("a",), lambda: make("a")) == ["a", "made"]
    assert made == ["a", "a", "b", "b"]
    memo.save()
    memo.start(None)


def test_a_process_that_builds_again_keeps_the_memo_in_memory(tmp_path):
    made = []
    memo.start(str(tmp_path))
    memo.cached("test", "v1", ("a",), lambda: made.append("a"))
    memo.save()
    (tmp_path / "memo" / "test.pickle").unlink()  # so a hit can only come from memory
    memo.start(str(tmp_path))
    memo.cached("test", "v1", ("a",), lambda: made.append("a"))
    assert made == ["a"]
    memo.save()
    memo.start(None)


def test_a_broken_memo_store_is_a_cold_start(tmp_path):
    (tmp_path / "memo").mkdir()
    (tmp_path / "memo" / "test.pickle").write_bytes(b"not a pickle")
    memo.start(str(tmp_path))
    assert memo.cached("test", "v1", ("a",), lambda: "fresh") == "fresh"
    memo.save()
    memo.start(None)


def test_pelican_internals_stop_a_build_on_another_pelican_version():
    from incremental import pelican_internals

    pelican_internals.check_version(pelican_internals.WRITTEN_FOR)
    with pytest.raises(pelican_internals.PelicanVersionError) as stopped:
        pelican_internals.check_version("4.13.0")
    said = str(stopped.value)
    assert "Pelican 4.13.0 is installed" in said and "pelican==4.12.0" in said
    assert "Traceback" not in said


def test_no_other_module_reaches_inside_pelican():
    """The private names the project uses are used in pelican_internals.py alone."""
    private = re.compile(r"\b(_open_w|FileDataCacher|_file_update_required|_copy_paths|_cache)\b")
    root = Path(__file__).resolve().parent.parent
    found = [
        f"{path.relative_to(root)}: {name}"
        for folder in ("plugins", "sitetools")
        for path in sorted((root / folder).rglob("*.py"))
        if path.name != "pelican_internals.py"
        for name in private.findall(path.read_text(encoding="utf-8"))
    ]
    assert found == []
