"""`invoke init`: a fresh copy of the kit becomes a team's own site, or nothing changes."""

from __future__ import annotations

import io
import json
import tomllib
from datetime import date
from pathlib import Path

import pytest
from posts.problems import ContentError
from projects import digest, project
from sites import ROOT, all_text, empty_site, post, rebuttal

from sitetools import ToolError, siteinit
from sitetools import settings as site_settings
from sitetools.check import run as check

NAME = "Exampleton Rapid Rebuttal"
URL = "https://facts.exampleton.test"
IMPRINT = (
    "Promoted by J. Smith on behalf of Exampleton Labour, both at 2 High St, Exampleton EX1 1AA."
)
VALUES = ["--name", NAME, "--url", URL, "--imprint", IMPRINT, "--signup", "buttondown:exampleton"]
PAGES = ["about.md", "corrections-policy.md", "how-we-check.md", "privacy.md"]
# What only the example site says: its imprint and the title of one of its posts.
EXAMPLE_IMPRINT = "Promoted by A. Organiser on behalf of the Example Party"
EXAMPLE_TITLE = "Tory chancellors have raised VAT three times"


def example_project(tmp_path: Path):
    return project(tmp_path, content=ROOT / "content")


def write_pages(copy) -> None:
    """The team writes its pages: every TODO: line replaced by its own words."""
    for name in PAGES:
        path = copy.content / "pages" / name
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(siteinit.PAGE_TODO, f"Written by {NAME}."), encoding="utf-8")


# --- The shipped files agree with init -------------------------------------------------


def test_the_shipped_site_toml_is_what_init_writes_for_its_values():
    shipped = (ROOT / "site.toml").read_text(encoding="utf-8")
    assert siteinit.render(siteinit.read_values(str(ROOT))) == shipped


def test_every_shipped_example_is_known_to_init():
    known = siteinit.shipped()
    for path in sorted((ROOT / "content").glob("*/*.md")):
        source = path.relative_to(ROOT / "content").as_posix()
        assert siteinit.digest_of(path.read_bytes()) in known.get(source, []), (
            f"{source} changed: record it with "
            "PYTHONPATH=plugins .venv/bin/python -m sitetools.siteinit --record-examples"
        )


def test_site_toml_round_trips_any_text():
    values = siteinit.Values(
        name='The "Real" Team \\ Ĉ',
        url=URL,
        imprint="Promoted by O'Brien, #1 Street",
        description="Tabs\tand ünïcode",
        timezone="Europe/London",
        signup_service="",
        signup_form_url="",
    )
    data = tomllib.loads(siteinit.render(values))
    assert data["name"] == values.name and data["imprint"] == values.imprint
    assert data["description"] == values.description


# --- The values ---------------------------------------------------------------------------


def test_signup_choices():
    assert siteinit.parse_signup("none") == ("", "")
    assert siteinit.parse_signup("buttondown:exampleton") == (
        "buttondown",
        "https://buttondown.com/api/emails/embed-subscribe/exampleton",
    )
    form = "https://exampleton.us6.list-manage.com/subscribe/post?u=abc&id=def"
    assert siteinit.parse_signup(f"mailchimp:{form}") == ("mailchimp", form)
    with pytest.raises(ToolError, match="buttondown:USERNAME, mailchimp:FORM-URL"):
        siteinit.parse_signup("substack:me")


def test_missing_values_are_refused_without_a_terminal():
    current = siteinit.read_values(str(ROOT))
    with pytest.raises(ToolError, match=r'no terminal.*--url "…" --imprint "…"'):
        siteinit.complete({"name": NAME}, current, interactive=False)


def test_missing_values_are_asked_for_on_a_terminal():
    current = siteinit.read_values(str(ROOT))
    answers = iter([URL, IMPRINT, "none"])
    asked = []

    def ask(question):
        asked.append(question)
        return next(answers)

    values = siteinit.complete({"name": NAME}, current, interactive=True, ask=ask)
    assert [q.split(" ")[1] for q in asked] == ["public", "imprint", "form:"]
    assert (values.name, values.url, values.imprint) == (NAME, URL, IMPRINT)
    assert (values.signup_service, values.timezone) == ("", current.timezone)


def test_each_bad_value_is_named():
    settings = site_settings.load(str(ROOT / "pelicanconf.py"), str(ROOT / "content"))
    values = siteinit.Values(
        name=NAME,
        url="http://facts.exampleton.test",
        imprint="Promoted by someone who writes at great length. " * 12,
        description="One line.",
        timezone="Europe/Atlantis",
        signup_service="buttondown",
        signup_form_url="https://buttondown.com/api/emails/embed-subscribe/a/b",
    )
    found = "\n".join(siteinit.problems_with(values, settings))
    assert "url: 'http://facts.exampleton.test' is not an https address" in found
    assert "timezone: 'Europe/Atlantis' is not a time zone" in found
    # The cards plugin's own check: the law wants the whole imprint on every card.
    assert "imprint: IMPRINT is too long to fit whole on the landscape share card" in found
    assert "signup: SIGNUP_FORM_URL" in found


def test_a_value_holding_what_the_contract_refuses_in_text_is_named():
    settings = site_settings.load(str(ROOT / "pelicanconf.py"), str(ROOT / "content"))
    values = siteinit.Values(
        name="Exampleton\x0bFacts",
        url="https://facts.exampleton.test",
        imprint="Promoted by A on behalf of B, both at 1 Road.\u202e",
        description="Two\nlines.",
        timezone="Europe/London",
        signup_service="",
        signup_form_url="",
    )
    found = siteinit.problems_with(values, settings)
    assert found == [
        "name: contains U+000B, a line break pasted from Word: use a new line or a space",
        "imprint: contains U+202E, a right-to-left override mark, invisible, which can make "
        "text display in another order than it reads: delete it",
        "description: contains U+000A, a line break",
    ]


# --- TODO: in pages and in drafts ------------------------------------------------------------


def test_check_refuses_a_public_page_with_todo_and_accepts_drafts(tmp_path):
    site = empty_site(tmp_path)
    site.write("pages/about.md", post("About", slug="about", body="Intro.\n\nTODO: who we are"))
    site.write("pages/later.md", post("Later", status="draft", body="TODO: write it"))
    site.write("posts/draft.md", rebuttal("Not yet", status="draft", claim="TODO: their words"))
    err = io.StringIO()
    assert check(str(ROOT / "pelicanconf.py"), str(site.content), io.StringIO(), err) == 1
    problems = [line for line in err.getvalue().splitlines() if ": TODO: " in line]
    # Only the public page, at the line of its placeholder (after five of front matter).
    assert problems == [
        f"{site.content / 'pages/about.md'}:8: TODO: this page is still to be written: "
        "replace each TODO: placeholder with your own words, then the page can go live"
    ]


def test_a_page_with_todo_stops_a_production_build_and_warns_in_development(tmp_path, caplog):
    site = empty_site(tmp_path)
    site.write("pages/about.md", post("About", slug="about", body="TODO: who we are"))
    site.build("pelicanconf.py")
    assert (site.output / "about/index.html").exists()
    assert "about.md:6: TODO: this page is still to be written" in caplog.text
    with pytest.raises(ContentError, match=r"about\.md:6: TODO: this page is still to be written"):
        site.build("publishconf.py", OUTPUT_PATH=str(tmp_path / "production"))
    assert not (tmp_path / "production/about/index.html").exists()


# --- The whole thing, on a fresh copy ---------------------------------------------------------


@pytest.mark.build
def test_init_then_check_then_a_production_build_of_the_teams_own_site(tmp_path, monkeypatch):
    monkeypatch.delenv("SITEURL", raising=False)  # the address comes from site.toml
    copy = example_project(tmp_path)
    (copy.output / "cards").mkdir(parents=True)
    (copy.output / "cards/an-example-card.png").write_bytes(b"an example's card")

    done = copy.invoke("init", *VALUES)
    assert done.returncode == 0, done.stderr
    for step in ("Write your pages", "SITEURL", "gh-pages", "BUTTONDOWN_API_KEY", "dev.py new"):
        assert step in done.stdout
    assert sorted(p.name for p in (copy.content / "posts").iterdir()) == []
    assert json.loads((copy.content / "published.json").read_text())["posts"] == {}
    assert not copy.output.exists()  # the examples' pages and cards went with it
    written = tomllib.loads((copy.root / "site.toml").read_text())
    assert (written["name"], written["url"], written["imprint"]) == (NAME, URL, IMPRINT)

    checked = copy.invoke("check")
    assert checked.returncode == 1
    for name in PAGES:
        assert f"content/pages/{name}:7: TODO: this page is still to be written" in checked.stderr
    refused = copy.invoke("publish")
    assert refused.returncode == 1 and "content/pages/privacy.md:7: TODO:" in refused.stderr
    assert not copy.output.exists()

    write_pages(copy)
    drafted = copy.invoke("new", "They are wrong about buses")
    assert drafted.returncode == 0, drafted.stderr
    assert copy.invoke("check").returncode == 0
    published = copy.invoke("publish")
    assert published.returncode == 0, published.stderr

    pages = all_text(copy)
    assert {"about/index.html", "privacy/index.html", "index.html"} <= set(pages)
    for page, text in pages.items():
        assert NAME in text and IMPRINT in text, page
        assert EXAMPLE_IMPRINT not in text and EXAMPLE_TITLE not in text, page
    home = (copy.output / "index.html").read_text()
    assert f'href="{URL}/"' in home
    assert "https://buttondown.com/api/emails/embed-subscribe/exampleton" in home
    shipped = json.loads((ROOT / "content/published.json").read_text())["posts"]
    for source, record in shipped.items():
        if source.startswith("posts/"):
            assert not (copy.output / record["url"]).exists(), source
    assert "drafts" not in {p.name for p in copy.output.iterdir()}


# --- Safe to run ----------------------------------------------------------------------------


@pytest.mark.build
def test_a_site_with_posts_of_its_own_is_refused_unless_forced(tmp_path):
    copy = example_project(tmp_path)
    own = copy.write("posts/2026-12-01-our-own.md", rebuttal("Our own rebuttal"))
    before = digest(copy.root)

    refused = copy.invoke("init", *VALUES)
    assert refused.returncode == 1
    assert "content/posts/2026-12-01-our-own.md" in refused.stderr
    assert "--force" in refused.stderr and "Nothing was changed." in refused.stderr
    assert digest(copy.root) == before

    forced = copy.invoke("init", *VALUES, "--force")
    assert forced.returncode == 0, forced.stderr
    assert [p.name for p in (copy.content / "posts").iterdir()] == [own.name]
    assert "Kept 1 posts of your own" in forced.stdout


def test_an_edited_example_and_a_published_history_count_as_the_teams_own(tmp_path):
    copy = example_project(tmp_path)
    settings = site_settings.load(str(copy.root / "pelicanconf.py"), str(copy.content))
    values = siteinit.read_values(str(copy.root))
    edited = copy.content / "posts/2026-09-03-bus-passes.md"
    edited.write_text(edited.read_text() + "\nOur own paragraph.\n")
    with pytest.raises(ToolError, match="posts of its own.*bus-passes.md"):
        siteinit.plan(settings, values, str(copy.root), [], today=date(2027, 1, 4))
    edited.unlink()
    ledger = json.loads((copy.content / "published.json").read_text())
    ledger["posts"]["posts/2026-12-01-withdrawn.md"] = {
        "id": "urn:uuid:1", "url": "2026/12/withdrawn/", "published": "2026-12-01T09:00:00+00:00",
        "previous_urls": [],
    }  # fmt: skip
    (copy.content / "published.json").write_text(json.dumps(ledger))
    with pytest.raises(ToolError, match=r"withdrawn\.md \(in published\.json\)"):
        siteinit.plan(settings, values, str(copy.root), [], today=date(2027, 1, 4))


@pytest.mark.build
@pytest.mark.parametrize(
    "flag, value, said",
    [
        ("--url", "http://facts.exampleton.test", "is not an https address"),
        ("--imprint", "Promoted by a very long-winded agent. " * 15, "IMPRINT is too long"),
        ("--signup", "buttondown:not/a/name", "SIGNUP_FORM_URL"),
    ],
)
def test_an_invalid_value_changes_nothing(tmp_path, flag, value, said):
    copy = example_project(tmp_path)
    (copy.output / "index.html").parent.mkdir()
    (copy.output / "index.html").write_text("the last build")
    before = digest(copy.root)
    values = list(VALUES)
    values[values.index(flag) + 1] = value
    refused = copy.invoke("init", *values)
    assert refused.returncode == 1
    assert said in refused.stderr and "Nothing was changed." in refused.stderr
    assert "Traceback" not in refused.stderr
    assert digest(copy.root) == before


@pytest.mark.build
def test_without_a_terminal_init_asks_for_the_values_on_its_command_line(tmp_path):
    copy = example_project(tmp_path)
    before = digest(copy.root)
    refused = copy.invoke("init", "--name", NAME)
    assert refused.returncode == 1
    assert '--url "…" --imprint "…"' in refused.stderr
    assert digest(copy.root) == before


@pytest.mark.build
def test_a_mistake_in_site_toml_is_said_with_its_line(tmp_path):
    copy = example_project(tmp_path)
    with open(copy.root / "site.toml", "a", encoding="utf-8") as file:
        file.write("name = unquoted words\n")
    checked = copy.invoke("check")
    assert checked.returncode == 1
    assert "site.toml: " in checked.stderr and "(at line 21, column" in checked.stderr
    assert "Traceback" not in checked.stderr


def test_init_takes_a_brand_colour_and_logo_checks_the_colour_and_writes_them():
    settings = site_settings.load(str(ROOT / "pelicanconf.py"), str(ROOT / "content"))
    current = siteinit.read_values(str(ROOT))
    given = {"name": NAME, "url": URL, "imprint": IMPRINT, "colour": "#f2b705", "logo": "a.gif"}
    values = siteinit.complete(given, current, interactive=False)
    found = siteinit.problems_with(values, settings)
    assert any(p.startswith("colour: BRAND_COLOUR") and "1.81:1" in p for p in found), found
    assert "logo: 'a.gif' must be an .svg or .png file" in found
    given |= {"colour": "#8a1538", "logo": "brand/logo.svg"}
    values = siteinit.complete(given, current, interactive=False)
    assert siteinit.problems_with(values, settings) == []
    written = tomllib.loads(siteinit.render(values))
    assert written["brand"] == {"colour": "#8a1538", "logo": "brand/logo.svg"}
    # Given again without them, init keeps what site.toml holds.
    again = siteinit.complete({"name": NAME, "url": URL, "imprint": IMPRINT}, values, False)
    assert (again.brand_colour, again.brand_logo) == ("#8a1538", "brand/logo.svg")
