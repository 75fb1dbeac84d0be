"""Faults in the content tree: each builds correctly or fails naming the file."""

from __future__ import annotations

import os

import pytest
from posts.problems import ContentError
from sites import empty_site, post

pytestmark = pytest.mark.build


def failure(site) -> str:
    with pytest.raises(ContentError) as raised:
        site.build()
    return str(raised.value.code)


def test_an_image_the_body_links_to_but_that_is_missing(tmp_path):
    site = empty_site(tmp_path)
    (site.content / "images").mkdir()
    (site.content / "images/here.png").write_bytes(b"png")
    body = "Intro.\n\n![Chart]({static}/images/here.png)\n\n![Gone]({static}/images/gone.png)\n"
    site.write("posts/a.md", post("Charts", body=body))
    site.write("posts/b.md", post("Linking", body="See [this]({filename}missing.md)."))
    report = failure(site)
    assert "posts/a.md:9: body: links to /images/gone.png, which is not in the content" in report
    assert "posts/b.md:5: body: links to missing.md" in report
    assert "here.png" not in report


def test_a_link_to_a_post_in_the_same_folder_resolves(tmp_path):
    site = empty_site(tmp_path)
    site.write("posts/a.md", post("First", slug="first"))
    site.write("posts/b.md", post("Second", slug="second", body="See [it]({filename}a.md)."))
    site.build()
    assert (
        'href="../../../2026/11/first/"' in (site.output / "2026/11/second/index.html").read_text()
    )


def test_a_symlink_to_a_file_outside_content_is_refused(tmp_path):
    site = empty_site(tmp_path / "site")
    outside = tmp_path / "secret.md"
    outside.write_text(post("Outside"))
    (site.content / "posts").mkdir(parents=True)
    os.symlink(outside, site.content / "posts/linked.md")
    assert "posts/linked.md:1: file: is a symbolic link; copy the file in instead" in failure(site)


def test_a_huge_post_is_refused_with_its_size(tmp_path):
    site = empty_site(tmp_path)
    site.write("posts/huge.md", post("Huge", body="word " * 1_100_000))
    assert "posts/huge.md:1: file: is 5.5 MB; a post may be at most 2 MB" in failure(site)


def test_one_broken_post_among_two_thousand_is_named_and_nothing_written(tmp_path):
    from sitetools.check import run

    site = empty_site(tmp_path)
    folder = site.content / "posts"
    folder.mkdir()
    for n in range(2000):
        day = f"2026-{n % 12 + 1:02d}-{n % 28 + 1:02d} {n % 24:02d}:{n % 60:02d}"
        (folder / f"p{n:04d}.md").write_text(post(f"Post {n}", date=day))
    (folder / "p1234.md").write_text(post("Post 1234", date="2026-13-45"))
    expected = (
        "posts/p1234.md:3: date: '2026-13-45' is not a date; "
        "write it as 2026-11-24, 2026-11-24 09:30 or 2026-11-24T09:30:00+00:00"
    )
    # The editor's check reads all 2,000 files and names the one.
    err = __import__("io").StringIO()
    assert run(str(__import__("sites").ROOT / "pelicanconf.py"), str(site.content), err=err) == 1
    assert expected in err.getvalue() and "1 problem in 1 file" in err.getvalue()
    # The build names it too and writes nothing; a tenth of the tree keeps the suite quick.
    for n in range(200, 2000):
        if n != 1234:
            (folder / f"p{n:04d}.md").unlink()
    report = failure(site)
    assert report.splitlines()[0].endswith(expected) and "1 problem in 1 file" in report
    assert not site.output.exists() or not list(site.output.rglob("*.html"))


def test_a_body_markdown_fails_on_is_named_not_a_traceback(tmp_path, monkeypatch):
    """Every known input that breaks Python-Markdown is refused by the contract's bounds;
    one nobody has found yet is still named, at the body's first line."""
    from posts import body

    render = body.render

    def failing(text, settings):
        if "unforeseen" in text:
            raise RecursionError("maximum recursion depth exceeded")
        return render(text, settings)

    monkeypatch.setattr(body, "render", failing)
    site = empty_site(tmp_path)
    site.write("posts/fine.md", post("Fine"))
    site.write("posts/odd.md", post("Odd", body="Something unforeseen."))
    report = failure(site)
    assert (
        "posts/odd.md:5: body: Markdown could not render it (RecursionError); "
        "simplify its nesting or its HTML" in report
    )
    assert "fine.md" not in report
