"""Hostile posts (tests/fixtures/hostile/): each refused by `check` and by a real build.

Each file is written the way an attacker with a web-editor account, or a press officer
pasting from Word, would write it (issue 15). The whole folder is checked and built
at once, as a site holding all of them, in a subprocess: a hang or a crash of the
parser fails the test instead of the test run (the timeouts are hang guards, not speed
assertions). Every problem must be named ``path:line: field: ...`` with no traceback
and no raw control character; nothing may be published.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pytest
from sites import ROOT, empty_site, post

pytestmark = pytest.mark.build

HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
BIN = os.path.dirname(sys.executable)
HANG_GUARD = 300  # seconds; every run here takes a few
# Where the alias and topic cases aim: a post at /2026/10/neighbour/ tagged C, and /about/.
NEIGHBOUR = post("Neighbour", date="2026-10-02 09:00", slug="neighbour", tags=["C"])
ABOUT = post("About", date="2026-10-01", slug="about")

# What each file gets: "line: field: the start of the message" (one file may get more).
EXPECTED = {
    "alias_fast_import_payload.md": ["4: aliases[1]: '/a\\x0adata 0\\x0a\\x0aM 100644"],
    "alias_redirects_newline.md": ["4: aliases[1]: '/x\\x0a/* https://evil.example/:splat"],
    "alias_redirects_space.md": ["4: aliases[1]: '/old path/ https://evil.example/' contains a"],
    "alias_atom_feed.md": ["4: aliases[1]: the address /atom.xml belongs to the site itself"],
    "alias_robots.md": ["4: aliases[1]: the address /robots.txt belongs to the site itself"],
    "alias_headers.md": ["4: aliases[1]: the address /_headers belongs to the site itself"],
    "alias_search_page.md": ["4: aliases[1]: the address /search/ belongs to the site itself"],
    "alias_pagefind_script.md": ["4: aliases[1]: the address /pagefind/pagefind.js belongs"],
    "alias_dot_segment.md": ["4: aliases[1]: '/./' has a '.' segment"],
    "alias_encoded_dot_dot.md": ["4: aliases[1]: '/%2e%2e/' has a '..' segment"],
    "alias_query_fragment.md": ["4: aliases[1]: '/x?y=1#z' has a query or fragment"],
    "alias_other_post_without_slash.md": [
        "4: aliases[1]: the address /2026/10/neighbour is also used by content/posts/neighbour.md"
    ],
    "alias_through_a_post_file.md": [
        "4: aliases[1]: the address /2026/10/neighbour/index.html/x/ would need a folder where "
        "/2026/10/neighbour/ (content/posts/neighbour.md) is a file"
    ],
    "alias_about_page.md": ["4: aliases[1]: the address /about is also used by content/pages/"],
    "alias_shared_first.md": ["4: aliases[1]: the address /old/shared/ is also used by"],
    "alias_shared_second.md": ["4: aliases[1]: the address /old/shared is also used by"],
    "alias_site_files.md": [
        f"4: aliases[{n}]: the address {alias} belongs to the site itself"
        for n, alias in enumerate(
            [
                "/_redirects",
                "/sitemap.xml",
                "/404.html",
                "/cards/a.png",
                "/theme/css/site.css",
                "/email/2026/10/neighbour/",
                "/topics/",
                "/favicon.ico",
                "/2026/10/",
                "/page/2/",
                "/images/chart.png",
                "/Atom.XML",
                "/feed.json",
                "/index.html",
            ],
            start=1,
        )
    ],  # fmt: skip
    "control_vt_title.md": [
        "2: title: contains U+000B, a line break pasted from Word: use a new line or a space"
    ],
    "control_vt_body.md": ["6: body: contains U+000B, a line break pasted from Word"],
    "control_escape_codes_title.md": ["2: title: contains U+001B, an escape character"],
    "control_escape_in_yaml.md": ["4: summary: contains U+000B, a line break pasted from Word"],
    "noncharacter_in_claim.md": ["4: claim: contains U+FFFE, a noncharacter"],
    "bidi_override_author.md": ["4: authors: contains U+202E, a right-to-left override"],
    "lone_surrogate_escape.md": ["2: front-matter: is not valid YAML"],
    "tags_5000.md": ["4: tags: has 5,000 items; at most 12 fit"],
    "body_20000_brackets.md": ["5: body: has 20,000 '[' (links, images and footnotes)"],
    "front_matter_30000_nested.md": ["2: front-matter: is nested more than 20 levels deep"],
    "fact_200000_char_word.md": ["1: front-matter: the fields take 200,145 characters"],
    "claim_5000_char_word.md": ["4: claim: is 5,000 characters long; at most 1,000 fit"],
    "tag_without_address.md": ["4: tags: '🏥' has no letters or digits to make the topic's"],
    "tag_sharing_an_address.md": [
        "4: tags: 'C++' and 'C' (content/posts/neighbour.md) would share one topic address, "
        "/topics/c/"
    ],
}
# Any character a terminal could act on, besides the line ends between problems.
RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    site = empty_site(tmp_path_factory.mktemp("hostile"))
    (site.content / "posts").mkdir()
    for name in sorted(os.listdir(HOSTILE)):
        shutil.copy(HOSTILE / name, site.content / "posts" / name)
    site.write("posts/neighbour.md", NEIGHBOUR)
    site.write("pages/about.md", ABOUT)
    return site


def run(site, *args) -> str:
    """Run a command in the site's folder with a hang guard; its output, which must fail."""
    result = subprocess.run(args, cwd=site.root, capture_output=True, text=True, timeout=HANG_GUARD)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output[-2000:]  # refused: not passed, not crashed
    return output


def check(site) -> str:
    code = "import sys; from sitetools.check import run; sys.exit(run(sys.argv[1], 'content'))"
    env_path = os.pathsep.join([str(ROOT / "plugins"), str(ROOT)])
    return run(
        site,
        sys.executable,
        "-c",
        f"import sys; sys.path[:0] = {env_path.split(os.pathsep)!r}; {code}",
        str(ROOT / "pelicanconf.py"),
    )


def build(site) -> str:
    pelican = os.path.join(BIN, "pelican")
    return run(site, pelican, "content", "-s", str(ROOT / "pelicanconf.py"), "-o", "output")


@pytest.fixture(scope="module")
def checked(hostile_site) -> str:
    return check(hostile_site)


@pytest.fixture(scope="module")
def built(hostile_site) -> str:
    return build(hostile_site)


def test_every_hostile_file_has_its_expectation():
    assert sorted(os.listdir(HOSTILE)) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_check_and_build_refuse_each_hostile_post_naming_line_and_field(name, checked, built):
    for output in (checked, built):
        for expected in EXPECTED[name]:
            assert f"content/posts/{name}:{expected}" in output, (name, expected)


def test_the_reports_hold_only_problem_lines_and_no_control_character(checked, built):
    problem = re.compile(r"^content/[\w/.-]+:\d+: [\w\[\].-]+: \S")
    for output, last in ((checked, "problems in"), (built, "The build stopped:")):
        assert "Traceback" not in output
        assert not RAW_CONTROL.search(output), RAW_CONTROL.search(output)
        lines = [line for line in output.splitlines() if line.startswith("content/")]
        assert lines and all(problem.match(line) for line in lines)
        assert last in output
    # The same problems from both, since they share the contract's code.
    assert sorted(_problems(checked)) == sorted(_problems(built))


def test_nothing_is_published(hostile_site, built):
    output = hostile_site.output
    assert not output.exists() or not list(output.rglob("*.html"))
    assert not (output / "_redirects").exists()


def _problems(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("content/")]


# -- the content tree itself: links and names -----------------------------------------------


@pytest.fixture(scope="module")
def linked_site(tmp_path_factory):
    """Links to secrets (the deploy token in the environment, /etc) and a non-UTF-8 name."""
    site = empty_site(tmp_path_factory.mktemp("linked"))
    site.write("posts/fine.md", post("Fine"))
    (site.content / "images").mkdir()
    os.symlink("/proc/self/environ", site.content / "images/env.txt")
    os.symlink("/etc", site.content / "images/etc")
    try:
        (site.content / "posts" / os.fsdecode(b"caf\xe9.md")).write_text(post("Latin-1 name"))
    except OSError:  # a file system that stores only UTF-8 names (macOS) cannot hold one
        pytest.skip("this file system refuses names that are not UTF-8")
    (site.content / "posts" / "\x1b[2Jred.md").write_text(post("A name that clears screens"))
    return site


LINKED = [
    "content/images/env.txt:1: file: is a symbolic link; copy the file in instead",
    "content/images/etc:1: file: is a symbolic link",
    "content/posts/caf\\udce9.md:1: file: its name is not UTF-8 text",
    "content/posts/\\x1b[2Jred.md:1: file: its name holds a control character",
]


@pytest.mark.parametrize("command", [check, build], ids=["check", "build"])
def test_links_and_undecodable_names_under_content_are_refused(linked_site, command):
    output = command(linked_site)
    for expected in LINKED:
        assert expected in output
    assert "Traceback" not in output and not RAW_CONTROL.search(output)
    # Refused before Pelican's static copy could follow a link.
    assert not (linked_site.output / "images").exists()
    assert not list(linked_site.root.rglob("passwd"))


def test_a_tampered_ledger_is_refused_by_check_and_build(tmp_path):
    """published.json is in content/: an old address in it becomes a redirect, as an alias."""
    site = empty_site(tmp_path)
    site.write("posts/a.md", post("A", date="2026-11-02 09:30", slug="a"))
    ledger = {
        "version": 1,
        "posts": {
            "posts/a.md": {
                "id": "urn:uuid:6b1f7d0e-3c55-4d0a-9a43-5f2b7a3e9c12",
                "url": "2026/11/a/",
                "published": "2026-11-02T09:30:00+00:00",
                "previous_urls": ["x/\n/* https://evil.example/:splat 301!"],
            }
        },
    }
    (site.content / "published.json").write_text(json.dumps(ledger))
    for output in (check(site), build(site)):
        assert (
            "content/published.json:1: file: the address 'x/\\x0a/* https://evil.example/" in output
        )
        assert "Traceback" not in output and not RAW_CONTROL.search(output)
    assert not site.output.exists() or not (site.output / "_redirects").exists()
