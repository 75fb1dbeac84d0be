"""The web editor (plugins/editor): its form is the post contract, /admin/ is served from
the site and kept out of everything public, and the files it writes keep to the contract."""

from __future__ import annotations

import json
import re
import subprocess

import pytest
from editor import config
from editor_tools import require_editor
from posts import contract
from posts.limits import MAX_COUNT, MAX_LENGTH
from posts.verdicts import DEFAULT_VERDICTS
from sites import ROOT, empty_site, example_site, rebuttal

ADMIN = "admin"


def form(verdicts=DEFAULT_VERDICTS) -> list[dict]:
    made = config.cms_config(
        folder="content/posts", media_folder="content/images", public_folder="images",
        verdicts=verdicts, site_url="https://r.example.org",
    )  # fmt: skip
    return made["collections"][0]["fields"]


def by_path(fields: list[dict], prefix: str = "") -> dict[str, dict]:
    found = {}
    for one in fields:
        path = prefix + one["name"]
        found[path] = one
        inner = path + "[]" if one["widget"] == "list" else path
        if "field" in one:
            found[inner] = one["field"]
        if "fields" in one:
            found |= by_path(one["fields"], inner + ".")
    return found


def contract_paths() -> set[str]:
    """Every field the contract knows, named as posts.limits names them."""
    paths = set(contract.POST_FIELDS)
    paths |= {f"facts[].{name}" for name in contract.FACT_FIELDS}
    paths |= {f"facts[].sources[].{name}" for name in contract.SOURCE_FIELDS}
    paths |= {f"card.{name}" for name in contract.CARD_FIELDS}
    paths |= {f"corrections[].{name}" for name in contract.CORRECTION_FIELDS}
    return paths


def test_every_contract_field_is_in_the_form():
    fields = by_path(form())
    missing = contract_paths() - set(fields) - set(config.SHORT_FORMS)
    assert not missing, f"contract fields with no place in the editor's form: {missing}"
    # The short forms are written in their long form, which the form has.
    assert set(config.SHORT_FORMS.values()) <= set(fields)
    # And the form asks for nothing the contract does not know (the body aside).
    assert set(fields) - {"body"} - {p for p in fields if p.endswith("[]")} <= contract_paths()


def test_the_contract_limits_are_the_forms():
    fields = by_path(form())
    for path, limit in MAX_LENGTH.items():
        if path in fields and fields[path]["widget"] in ("string", "text"):
            pattern, message = fields[path]["pattern"]
            assert f"{{0,{limit}}}" in pattern and f"{limit:,}" in message, path
            # The longest text the contract takes here, in the form the field wants.
            start = {"aliases[]": "/"}.get(path, "https://a.example/" if "https" in pattern else "")
            longest = start
            longest += "a" * (limit - len(longest))
            assert re.fullmatch(pattern, longest), path
            assert not re.fullmatch(pattern, longest + "a"), path
    for path, count in MAX_COUNT.items():
        assert fields[path]["max"] == count, path


def test_patterns_follow_the_contract():
    fields = by_path(form())
    url = fields["facts[].sources[].url"]["pattern"][0]
    assert fields["facts[].sources[].url"]["required"] is True
    for good in ("https://www.gov.uk/x?y=1", "http://example.org"):
        assert re.match(url, good) and contract.is_web_url(good)
    for bad in ("javascript:alert(1)", "www.gov.uk", "https://a b", "ftp://example.org"):
        assert not re.match(url, bad) and not contract.is_web_url(bad)
    slug = fields["slug"]["pattern"][0]
    assert re.match(slug, "a-good-slug") and not re.match(slug, "Not--good")
    alias = fields["aliases[]"]["pattern"][0]
    assert re.match(alias, "/2026/11/old-slug/") and not re.match(alias, "//evil.example/")
    assert [f["name"] for f in form()] == [*contract.POST_FIELDS, "body"]


def test_verdicts_are_the_sites_in_words_and_statuses_the_contracts():
    scale = {"wrong": {"label": "Plain wrong", "colour": "#aa0000", "description": "It is."}}
    fields = by_path(form(scale))
    assert fields["verdict"]["options"] == [{"label": "Plain wrong", "value": "wrong"}]
    assert "Plain wrong: It is." in fields["verdict"]["hint"]
    assert [o["value"] for o in fields["status"]["options"]] == list(contract.STATUSES)
    assert fields["status"]["default"] == "draft"
    # Every field has a hint in words, and only title, date, status and body are required
    # by the form itself (the rest depend on each other: the contract checks them).
    top = {f["name"]: f for f in form()}
    assert all(f.get("hint") for f in top.values())
    assert {n for n, f in top.items() if f["required"]} == {"title", "date", "status", "body"}


def test_dates_are_written_in_the_contracts_forms():
    fields = by_path(form())
    assert fields["date"]["format"] == "YYYY-MM-DD HH:mm"
    assert fields["claim_date"]["format"] == "YYYY-MM-DD"
    assert fields["facts[].sources[].accessed"]["time_format"] is False


def test_production_uses_github_and_the_editorial_workflow():
    made = config.cms_config(
        folder="content/posts", media_folder="content/images", public_folder="images",
        verdicts=DEFAULT_VERDICTS, site_url="https://r.example.org", repo="team/site",
    )  # fmt: skip
    assert made["backend"] == {"name": "github", "repo": "team/site", "branch": "main"}
    assert made["publish_mode"] == "editorial_workflow"
    assert "local_backend" not in made and made["load_config_file"] is False


def test_enabled_without_the_bundle_says_how_to_install_it(tmp_path):
    site = empty_site(tmp_path)
    site.write("posts/a.md", rebuttal())
    with pytest.raises(SystemExit, match=r"--prefix sitetools/npm/editor.*EDITOR_ENABLED = False"):
        site.build(EDITOR_ENABLED=True, EDITOR_BUNDLE=str(tmp_path / "nothing"))
    assert not (site.output / "index.html").exists()


@pytest.mark.build
def test_off_by_default_and_the_site_builds_without_it(tmp_path):
    site = empty_site(tmp_path)
    site.write("posts/a.md", rebuttal())
    site.build(SEARCH_INDEX=False, EDITOR_BUNDLE=str(tmp_path / "nothing"))
    assert (site.output / "index.html").exists()
    assert not (site.output / ADMIN).exists()
    assert "/admin/" not in (site.output / "_headers").read_text()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    require_editor()
    site = empty_site(tmp_path_factory.mktemp("editor"))
    site.write("posts/a.md", rebuttal())
    site.build("publishconf.py", SITEURL="https://r.example.org", EDITOR_ENABLED=True,
               EDITOR_REPO="team/site")  # fmt: skip
    return site


@pytest.mark.build
def test_admin_is_served_from_the_site_and_kept_out_of_public_view(built):
    admin = built.output / ADMIN
    page = built.page("/admin/")
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex, nofollow"
    scripts = [s["src"] for s in page.find_all("script")]
    assert scripts == ["init.js", "decap-cms.js", "editor.js"]  # no CDN: all from /admin/
    assert all((admin / src).is_file() for src in scripts)
    assert (admin / "yaml" / "index.js").is_file() and (admin / "format.js").is_file()
    settings = json.loads((admin / "editor.json").read_text())
    assert settings["config"]["backend"]["repo"] == "team/site"
    # Uploaded share images go under content/, named as the contract's `image` wants.
    assert settings["config"]["media_folder"] == "content/images"
    assert settings["config"]["public_folder"] == "images"
    assert settings["config"]["collections"][0]["folder"] == "content/posts"
    assert settings["preview"]["stylesheet"].startswith("../theme/css/site.")
    assert (admin / settings["preview"]["stylesheet"]).resolve().is_file()
    # Not in the sitemap, the feeds or the search index; not linked from any page.
    public = [p for p in built.output.rglob("*") if p.is_file() and ADMIN not in p.parts]
    for path in public:
        if path.suffix in (".xml", ".json", ".html", ".txt"):
            assert "/admin" not in path.read_text(encoding="utf-8"), path
    assert "data-pagefind-body" not in (admin / "index.html").read_text()


@pytest.mark.build
def test_admin_has_its_own_policy_allowing_only_the_git_hosts_api(built):
    headers = (built.output / "_headers").read_text()
    block = headers.split("\n/admin/*\n", 1)[1].split("\n\n")[0]
    assert "  ! Content-Security-Policy" in block  # the site's policy detached here
    policy = re.search(r"Content-Security-Policy: (.*)", block)[1]
    hosts = set(re.findall(r"https?://[^\s;]+", policy))
    assert hosts == {"https://api.github.com", "https://avatars.githubusercontent.com"}
    assert "connect-src 'self' https://api.github.com;" in policy
    assert "X-Robots-Tag: noindex" in block
    # The public pages keep the site's strict policy.
    assert "'unsafe-eval'" not in headers.split("\n/admin/*\n")[0]
    home = built.page("/").find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert "'unsafe-eval'" not in home["content"] and "api.github.com" not in home["content"]


ROUND_TRIP = """
import { readFileSync, writeFileSync, readdirSync } from "node:fs";
const [admin, folder] = process.argv.slice(1);  // node -e: no script name
const { readPost, writePost } = await import(admin + "/format.js");
const { config } = JSON.parse(readFileSync(admin + "/editor.json", "utf8"));
const fields = config.collections[0].fields.filter((field) => field.name !== "body");
for (const name of readdirSync(folder).filter((name) => name.endsWith(".md"))) {
  const path = folder + "/" + name;
  writeFileSync(path, writePost(readPost(readFileSync(path, "utf8")), fields));
}
"""


@pytest.mark.build
def test_example_posts_saved_by_the_editor_pass_check_and_build_the_same_pages(built, tmp_path):
    """Each example post read and written by the editor's own format code (the YAML
    library and version Decap uses), as a save without a change does."""
    before = example_site(tmp_path / "before")
    after = example_site(tmp_path / "after")
    folder = after.content / "posts"
    subprocess.run(
        ["node", "--input-type=module", "-e", ROUND_TRIP, str(built.output / ADMIN), str(folder)],
        check=True, timeout=60,
    )  # fmt: skip
    originals = {p.name: p.read_text() for p in (before.content / "posts").glob("*.md")}
    saved = {p.name: p.read_text() for p in folder.glob("*.md")}
    assert saved.keys() == originals.keys() and saved != originals
    assert 'verdict: "false"' in saved["2026-09-03-bus-passes.md"]  # text, never a boolean
    checked = subprocess.run(
        [str(ROOT / ".venv/bin/invoke"), "check", "--content", str(after.content)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr
    for site in (before, after):
        site.build(SEARCH_INDEX=False)
    pages = {p.relative_to(before.output): p.read_bytes() for p in before.html_files()}
    assert pages == {p.relative_to(after.output): p.read_bytes() for p in after.html_files()}


WRITE = """
import { readFileSync } from "node:fs";
const [admin] = process.argv.slice(1);  // node -e: no script name
const { writePost } = await import(admin + "/format.js");
const { config } = JSON.parse(readFileSync(admin + "/editor.json", "utf8"));
const fields = config.collections[0].fields.filter((field) => field.name !== "body");
process.stdout.write(writePost(JSON.parse(readFileSync(0, "utf8")), fields));
"""

# Text another YAML reader would take for something else, or that YAML must quote.
AWKWARD = [
    "false", "No", "Norway", "yes", "null", "~", "10:30", "2026", "1e3", "0x1F", ".inf",
    "2026-11-24", "- a list?", "#not a comment", "'single'", '"double"', "a: b", "[1, 2]",
    "{a: 1}", "*alias", "&anchor", "!tag", "%percent", "@at", "`tick`", "| pipe", "> fold",
    "</script><script>alert(1)</script>", "Tŷ Gwyn, Aberdŵr", "£5 😀", "two\nlines",
]  # fmt: skip


@pytest.mark.build
def test_text_the_editor_writes_is_read_back_as_the_same_text(built):
    """Whatever a press officer types, the file the editor writes holds that text."""
    posts = []
    for index, text in enumerate(AWKWARD):
        posts.append({
            "title": text, "date": "2026-11-24 09:30", "status": "published", "claim": text,
            "claimant": text, "verdict": "false", "tags": [text], "summary": text,
            "facts": [{"fact": text, "sources": [{"url": "https://a.example/", "title": text,
                                                   "publisher": text, "date": "2026-11-20"}]}],
            "card": {"headline": text, "kicker": ""}, "share_text": text,
            "corrections": [{"date": "2026-11-25 10:00", "note": text}], "aliases": [],
            "body": f"Body {index}.\n",
        })  # fmt: skip
    settings = contract.ContractSettings(verdicts=tuple(DEFAULT_VERDICTS))
    for data, text in zip(posts, AWKWARD, strict=True):
        written = subprocess.run(
            ["node", "--input-type=module", "-e", WRITE, str(built.output / ADMIN)],
            input=json.dumps(data), capture_output=True, text=True, check=True, timeout=60,
        ).stdout  # fmt: skip
        post, problems = contract.read_post(written.encode(), "a.md", settings)
        assert not problems, (text, written, problems)
        fact = post.facts[0]
        assert {post.title, post.claim.text, post.claim.claimant, post.summary, post.tags[0],
                fact.text, fact.sources[0].title, fact.sources[0].publisher, post.card.headline,
                post.share_text, post.corrections[0].note} == {text}, written  # fmt: skip
        assert post.verdict == "false" and post.card.kicker is None
        assert "kicker" not in written and "aliases" not in written  # empty: left out
