"""README.md and docs/: they render as Markdown (tables as tables), their links lead
somewhere, the README stays short, and every setting the code reads is documented."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown
import pytest
from bs4 import BeautifulSoup
from pelican.settings import DEFAULT_CONFIG
from sites import ROOT

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
README_MOST_LINES = 250


def rendered(path: Path) -> BeautifulSoup:
    html = markdown.markdown(path.read_text(encoding="utf-8"), extensions=["tables", "fenced_code"])
    return BeautifulSoup(html, "html.parser")


def anchor(heading: str) -> str:
    """The id GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = unicodedata.normalize("NFC", heading).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    found = set()
    for heading in rendered(path).find_all(re.compile(r"^h[1-6]$")):
        name, n = anchor(heading.get_text()), 1
        while name in found:  # GitHub numbers repeated headings: name, name-1, name-2
            name, n = f"{anchor(heading.get_text())}-{n}", n + 1
        found.add(name)
    return found


def shown(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("path", DOCS, ids=shown)
def test_every_table_renders_as_a_table(path):
    page = rendered(path)
    # A row cut off from its table (a blank line inside it) renders as a paragraph
    # starting with a pipe.
    strays = [
        p.get_text()[:70] for p in page.find_all("p") if p.get_text().lstrip().startswith("|")
    ]
    assert strays == [], f"{shown(path)}: table rows that render as text: {strays}"
    source = path.read_text(encoding="utf-8")
    outside_code = re.sub(r"```.*?```", "", source, flags=re.S)
    rows = [line for line in outside_code.splitlines() if re.match(r"\s*\|.*\|\s*$", line)]
    if rows:
        cells = len(page.find_all("tr"))
        separators = sum(bool(re.fullmatch(r"\s*\|[\s:|-]+\|\s*", row)) for row in rows)
        assert cells == len(rows) - separators, f"{shown(path)}: a table row is not in a table"


@pytest.mark.parametrize("path", DOCS, ids=shown)
def test_every_relative_link_leads_to_a_file_and_heading_that_exist(path):
    broken = []
    for tag in rendered(path).find_all(["a", "img"]):
        target = tag.get("href") or tag.get("src") or ""
        parts = urlsplit(target)
        if parts.scheme or parts.netloc or target.startswith("mailto:"):
            continue
        file = (path.parent / unquote(parts.path)).resolve() if parts.path else path
        if not file.exists():
            broken.append(f"{target} (no file {file.relative_to(ROOT)})")
        elif parts.fragment and file.suffix == ".md" and parts.fragment not in anchors(file):
            broken.append(f"{target} (no heading #{parts.fragment} in {shown(file)})")
    assert broken == [], f"{shown(path)}: {broken}"


def test_the_readme_is_short():
    lines = (ROOT / "README.md").read_text(encoding="utf-8").count("\n")
    assert lines < README_MOST_LINES


def test_the_readme_links_every_page_of_the_docs():
    linked = {
        (ROOT / urlsplit(a["href"]).path).resolve()
        for a in rendered(ROOT / "README.md").find_all("a", href=True)
        if not urlsplit(a["href"]).scheme
    }
    index = ROOT / "docs" / "README.md"
    assert index in linked
    listed = {(index.parent / urlsplit(a["href"]).path).resolve()
              for a in rendered(index).find_all("a", href=True)}  # fmt: skip
    missing = [shown(p) for p in DOCS[1:] if p != index and p not in listed]
    assert missing == [], f"docs/README.md does not list {missing}"


# A settings name in the plugins' code: settings["X"], settings.get("X"), setdefault("X").
READ = re.compile(r"""settings(?:\.get|\.setdefault|\[)\(?\s*["']([A-Z][A-Z0-9_]+)["']""")
# The defaults dicts of the plugins' settings modules: "X": value, one a line.
DEFAULT = re.compile(r"""^\s+["']([A-Z][A-Z0-9_]+)["']\s*:""", re.M)


def settings_read() -> dict[str, str]:
    found = {}
    for file in sorted((ROOT / "plugins").rglob("*.py")):
        text = file.read_text(encoding="utf-8")
        names = READ.findall(text)
        if file.name == "settings.py":
            names += DEFAULT.findall(text)
        for name in names:
            found.setdefault(name, shown(file))
    return {name: where for name, where in found.items() if name not in DEFAULT_CONFIG}


def test_every_setting_the_plugins_read_is_in_the_settings_page():
    page = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    found = settings_read()
    assert len(found) > 50  # the scan still finds them
    missing = [f"{name} ({where})" for name, where in found.items() if f"`{name}`" not in page]
    assert missing == [], f"docs/settings.md does not say what these are: {missing}"


def test_every_setting_the_settings_files_add_is_in_the_settings_page():
    page = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    missing = []
    for name in ("pelicanconf.py", "publishconf.py"):
        text = (ROOT / name).read_text(encoding="utf-8")
        for setting in re.findall(r"^([A-Z][A-Z0-9_]+)\s*=", text, flags=re.M):
            if setting not in DEFAULT_CONFIG and f"`{setting}`" not in page:
                missing.append(f"{setting} ({name})")
    assert missing == [], f"docs/settings.md does not say what these are: {missing}"


def test_every_key_of_site_toml_is_in_the_settings_page():
    page = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    with open(ROOT / "site.toml", "rb") as file:
        values = tomllib.load(file)
    keys = [key for key, value in values.items() if not isinstance(value, dict)]
    keys += [f"{table}" for table, value in values.items() if isinstance(value, dict)]
    keys += [key for value in values.values() if isinstance(value, dict) for key in value]
    missing = [key for key in keys if f"`{key}`" not in page and f"`[{key}]`" not in page]
    assert missing == [], f"docs/settings.md does not name these keys of site.toml: {missing}"


def test_every_task_is_in_the_tasks_page():
    import tasks

    page = (ROOT / "docs" / "tasks.md").read_text(encoding="utf-8")
    missing = [name for name in tasks.tasks().task_names
               if name != "help" and f"| `{name}" not in page]  # fmt: skip
    assert missing == [], f"docs/tasks.md does not list {missing}"
