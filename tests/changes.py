"""One copy of the example project and the kinds of change an editor or developer makes
to it, for the tests that rebuild after each (one-shot builds and livereload's)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from pelican import Pelican
from pelican.settings import read_settings
from sites import ROOT, rebuttal

from sitetools import cache

EDITED = "content/posts/2026-09-03-bus-passes.md"
RETITLED = "content/posts/2026-10-14-energy-bills.md"
DELETED = "content/posts/2026-09-24-crime-has-not-doubled.md"


def make_project(root: Path) -> Path:
    root.mkdir()
    shutil.copy(ROOT / "pelicanconf.py", root / "pelicanconf.py")
    shutil.copy(ROOT / "site.toml", root / "site.toml")
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copytree(ROOT / "theme", root / "theme")
    (root / "plugins").symlink_to(ROOT / "plugins")
    return root


def build(project: Path, output: Path, cached: bool) -> None:
    extra = {"CARDS_CACHE_PATH": str(project.parent / "cards")}
    if cached:
        extra |= cache.settings(str(project), str(project / ".cache" / "pelican"), "test")
    else:
        extra["CACHE_PATH"] = str(output.parent / f"{output.name}-cache")
    settings = read_settings(
        str(project / "pelicanconf.py"), override={"OUTPUT_PATH": str(output), **extra}
    )
    Pelican(settings).run()


def files(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def edit(project: Path) -> None:
    replace_in(project / EDITED, "Our manifesto says the opposite", "Our manifesto says otherwise")


def new_post(project: Path) -> None:
    text = rebuttal("A brand new rebuttal", date="2026-11-25 08:00", tags=["Transport"])
    (project / "content/posts/2026-11-25-brand-new.md").write_text(text, encoding="utf-8")


def delete_post(project: Path) -> None:
    """Withdrawn as the README says: the file and its entry in the ledger."""
    (project / DELETED).unlink()
    ledger_path = project / "content" / "published.json"
    ledger = json.loads(ledger_path.read_text(encoding="utf-8"))
    del ledger["posts"][DELETED.removeprefix("content/")]
    ledger_path.write_text(json.dumps(ledger, indent=2) + "\n", encoding="utf-8")


def retitle(project: Path) -> None:
    path = project / RETITLED
    title = next(
        line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("title:")
    )
    replace_in(path, title, "title: Energy bills, and what they did not say")


def change_template(project: Path) -> None:
    replace_in(
        project / "theme/templates/partials/footer.html",
        "Every post</a></li>",
        "Every post</a></li>\n      <li>Checked by volunteers</li>",
    )


def change_setting(project: Path) -> None:
    replace_in(
        project / "pelicanconf.py", 'SHARE_HASHTAGS = ["ExampleParty"]', 'SHARE_HASHTAGS = ["Vote"]'
    )


CHANGES = [edit, new_post, delete_post, retitle, change_template, change_setting]


def same_as_clean(rebuilt: dict[str, bytes], expected: dict[str, bytes]) -> list[str]:
    """The paths where a rebuild differs from a clean build, but for older cards, which
    a rebuild keeps on purpose (so previews of links already shared keep their image)."""
    kept_cards = {p for p in set(rebuilt) - set(expected) if p.startswith("cards/")}
    differing = sorted((set(rebuilt) - kept_cards) ^ set(expected))
    differing += [path for path in expected if path in rebuilt and rebuilt[path] != expected[path]]
    return differing


def assert_same_as_clean_build(
    project: Path, output: Path, clean: Path, before: dict[str, bytes], change
) -> None:
    """The rebuilt ``output`` equals a clean build of ``project`` into ``clean``, and the
    change did change it (else the comparison would prove nothing)."""
    build(project, clean, cached=False)
    rebuilt = files(output)
    assert same_as_clean(rebuilt, files(clean)) == [], change.__name__
    assert rebuilt != before, f"{change.__name__} changed nothing: the test proves nothing"
