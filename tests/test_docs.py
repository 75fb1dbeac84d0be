"""The README and docs/ as a reader sees them: rendered by a real Markdown parser, every
table a table, every link to a file or heading that exists, every setting documented."""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown
import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = sorted([ROOT / "README.md", ROOT / "plugins" / "README.md", *ROOT.glob("docs/*.md")])
# Every plugin module that fills in defaults for the settings it adds.
SETTINGS_MODULES = (
    "assets.assets",
    "brand.brand",
    "cards.settings",
    "corrections.corrections",
    "discovery.discovery",
    "editor.editor",
    "feeds.settings",
    "hosting.hosting",
    "imprint.imprint",
    "posts.posts",
    "search.search",
    "share.share",
    "structured_data.structured_data",
    "supporters.settings",
)


def rendered(path: Path) -> BeautifulSoup:
    text = path.read_text(encoding="utf-8")
    html = markdown.markdown(text, extensions=["tables", "fenced_code"])
    return BeautifulSoup(html, "html.parser")


def anchors(path: Path) -> set[str]:
    """The heading anchors GitHub makes for a Markdown file."""
    text = re.sub(r"^```.*?^```", "", path.read_text(encoding="utf-8"), flags=re.M | re.S)
    found = set()
    for heading in re.findall(r"^#{1,6} (.+)$", text, flags=re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        found.add(slug)
    return found


def name(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("path", DOCUMENTS, ids=name)
def test_every_table_renders_as_a_table(path):
    page = rendered(path)
    for paragraph in page.find_all("p"):
        # A row cut off from its table (a blank line inside it) becomes a paragraph.
        assert not paragraph.get_text().lstrip().startswith("|"), (
            f"{name(path)}: a table row renders as text: {paragraph.get_text()[:80]!r}"
        )
    text = re.sub(r"^```.*?^```", "", path.read_text(encoding="utf-8"), flags=re.M | re.S)
    rows = [line.strip() for line in text.splitlines() if line.strip().startswith("|")]
    rows = [row for row in rows if not re.fullmatch(r"[|\-: ]+", row)]  # not the rule under a head
    assert len(page.find_all("tr")) == len(rows), f"{name(path)}: a table lost rows"


@pytest.mark.parametrize("path", DOCUMENTS, ids=name)
def test_every_relative_link_leads_somewhere(path):
    for element in rendered(path).find_all(["a", "img"]):
        address = element.get("href") or element.get("src")
        parts = urlsplit(address)
        if parts.scheme or address.startswith("//"):
            continue
        target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
        assert target.exists(), f"{name(path)}: {address} leads to no file"
        if parts.fragment:
            assert target.suffix == ".md", f"{name(path)}: {address}"
            assert parts.fragment in anchors(target), (
                f"{name(path)}: {address}: no heading #{parts.fragment} in {name(target)}"
            )


def test_the_readme_is_short():
    lines = (ROOT / "README.md").read_text(encoding="utf-8").count("\n")
    assert lines < 250, f"README.md has {lines} lines: move the reference into docs/"


def test_the_quick_start_is_two_commands_and_names_new_and_release():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.*?)```", start, flags=re.S)[0].strip().splitlines()
    assert [line.split("#")[0].strip() for line in commands] == [
        "python3 dev.py build",
        "python3 dev.py test",
    ]
    assert "`python3 dev.py new" in start and "makes a draft" in start
    assert "`python3 dev.py release" in start and "publishes it" in start


def test_the_readme_and_docs_need_nothing_outside_the_repository():
    for path in DOCUMENTS:
        assert "../shared" not in path.read_text(encoding="utf-8"), name(path)


@pytest.mark.parametrize("module", SETTINGS_MODULES)
def test_every_setting_a_plugin_adds_is_in_the_settings_reference(module):
    documented = set(
        re.findall(r"`([A-Z][A-Z0-9_]+)`", (ROOT / "docs" / "settings.md").read_text())
    )
    defaults = importlib.import_module(module).DEFAULTS
    assert defaults, module
    missing = sorted(set(defaults) - documented)
    assert not missing, f"docs/settings.md does not describe {missing} ({module})"
