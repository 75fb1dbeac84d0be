"""One copy of the example project and the kinds of change an editor or developer makes
to it, for the tests that rebuild after each (one-shot builds and livereload's)."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from pelican import Pelican
from pelican.settings import read_settings
from sites import ROOT, rebuttal

from sitetools import reader_cache

EDITED = "content/posts/2026-09-03-bus-passes.md"
RETITLED = "content/posts/2026-10-14-energy-bills.md"
DELETED = "content/posts/2026-09-24-crime-has-not-doubled.md"
# A post showing a picture from the content's static files (its email edition states its size).
PICTURED = "content/posts/2026-09-10-council-tax-forty-per-cent.md"
PICTURE = "content/images/chart.svg"
# A Jinja filter in the settings, as a site adds one, used on every page.
FILTER = """

def imprint_text(text):
    return text


JINJA_FILTERS = {"imprint_text": imprint_text}
"""


def make_project(root: Path, plugins: str = "linked") -> Path:
    """The example project, with a filter in its settings and a picture in a post; its
    plugins ``linked`` to this checkout's, or ``copied`` (to change their code)."""
    root.mkdir()
    shutil.copy(ROOT / "pelicanconf.py", root / "pelicanconf.py")
    shutil.copy(ROOT / "site.toml", root / "site.toml")
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copytree(ROOT / "theme", root / "theme")
    if plugins == "copied":
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
        shutil.copytree(ROOT / "plugins", root / "plugins", ignore=ignore)
    else:
        (root / "plugins").symlink_to(ROOT / "plugins")
    with open(root / "pelicanconf.py", "a", encoding="utf-8") as settings:
        settings.write(FILTER)
    replace_in(
        root / "theme/templates/partials/footer.html", "{{ IMPRINT }}", "{{ IMPRINT|imprint_text }}"
    )
    (root / PICTURE).parent.mkdir()
    (root / PICTURE).write_text(picture(400, 300), encoding="utf-8")
    with open(root / PICTURED, "a", encoding="utf-8") as post:
        post.write("\n![A chart of council tax bills]({static}/images/chart.svg)\n")
    return root


def picture(width: int, height: int) -> str:
    """An SVG picture whose text is the same length whatever its size (3 digits each)."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:03}" height="{height:03}">'
        f'<rect width="{width:03}" height="{height:03}" fill="#336699"/></svg>\n'
    )


def build(project: Path, output: Path, cached: bool) -> None:
    """A build of ``project`` into ``output``: ``cached``, with the tasks' content cache and
    a card cache kept between builds; else clean, with empty caches of its own."""
    if cached:
        extra = {"CARDS_CACHE_PATH": str(project.parent / "cards")}
        extra |= reader_cache.settings(str(project), str(project / ".cache" / "pelican"), "test")
    else:
        extra = {
            "CACHE_PATH": str(output.parent / f"{output.name}-cache"),
            "CARDS_CACHE_PATH": str(output.parent / f"{output.name}-cards"),
        }
    settings = read_settings(
        str(project / "pelicanconf.py"), override={"OUTPUT_PATH": str(output), **extra}
    )
    Pelican(settings).run()


def build_apart(project: Path, output: Path, cached: bool) -> None:
    """``build`` in a Python process of its own, importing the project's own plugins: the
    only way a build sees a change to their code (a process imports a module once)."""
    paths = [str(project / "plugins"), str(ROOT), str(Path(__file__).parent)]
    run = "import sys; from pathlib import Path; from changes import build; "
    run += "build(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] == 'cached')"
    done = subprocess.run(
        [sys.executable, "-c", run, str(project), str(output), "cached" if cached else "clean"],
        cwd=project, capture_output=True, text=True, timeout=600,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(paths)},
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


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


def change_settings_function(project: Path) -> None:
    """The body of a function in the settings: its name and every other setting stay."""
    replace_in(project / "pelicanconf.py", "    return text\n", '    return text + " (sample)"\n')


def change_static_file(project: Path) -> None:
    """The picture redrawn at another size, in a file of the same length."""
    (project / PICTURE).write_text(picture(640, 480), encoding="utf-8")


def move_linked_post(project: Path) -> None:
    """A post another links to with {filename} moves (a new slug): the link must follow."""
    slug = "\nslug: free-bus-passes-stay"
    replace_in(project / EDITED, "\ndate: 2026-09-03", f"{slug}\ndate: 2026-09-03")


CHANGES = [
    edit, new_post, delete_post, retitle, change_template, change_setting,
    change_settings_function, change_static_file, move_linked_post,
]  # fmt: skip


def change_plugin_template(project: Path) -> None:
    """The email edition's template, which the feeds plugin renders (not Pelican)."""
    replace_in(
        project / "theme/templates/email_edition.html",
        "Read it on the site",
        "Read it on our site",
    )


def change_card_code(project: Path) -> None:
    """The card layout's margin (64 to 96), in a copy of the plugins: every card moves."""
    replace_in(project / "plugins/cards/layout.py", "    margin=64,", "    margin=96,")


def same_as_clean(rebuilt: dict[str, bytes], expected: dict[str, bytes]) -> list[str]:
    """The paths where a rebuild differs from a clean build (images: where their pixels
    differ), but for older cards, which a rebuild keeps on purpose (so previews of links
    already shared keep their image)."""
    kept_cards = {p for p in set(rebuilt) - set(expected) if p.startswith("cards/")}
    differing = sorted((set(rebuilt) - kept_cards) ^ set(expected))
    differing += [
        path
        for path in expected
        if path in rebuilt and not same_file(path, rebuilt[path], expected[path])
    ]
    return differing


def same_file(path: str, one: bytes, two: bytes) -> bool:
    """Byte for byte, or for a PNG or JPEG image, pixel for pixel."""
    if one == two:
        return True
    if not path.endswith((".png", ".jpg", ".jpeg", ".webp")):
        return False
    from PIL import Image, ImageChops

    with Image.open(io.BytesIO(one)) as first, Image.open(io.BytesIO(two)) as second:
        if first.size != second.size or first.mode != second.mode:
            return False
        return ImageChops.difference(first, second).getbbox() is None


def assert_same_as_clean_build(
    project: Path, output: Path, clean: Path, before: dict[str, bytes], change, builder=build
) -> None:
    """The rebuilt ``output`` equals a clean build of ``project`` into ``clean`` (with
    empty caches of its own), and the change did change it (else the comparison would
    prove nothing)."""
    builder(project, clean, cached=False)
    rebuilt = files(output)
    differing = same_as_clean(rebuilt, files(clean))
    assert differing == [], f"{change.__name__}: {len(differing)} files differ: {differing[:8]}"
    assert rebuilt != before, f"{change.__name__} changed nothing: the test proves nothing"
