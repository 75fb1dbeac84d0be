"""`invoke release`: a draft (a prebuttal written ahead of the attack) becomes a post dated now.

Only the ``status`` and ``date`` lines of the front-matter change, and the draft's note
that `invoke new` wrote goes; every other byte of the file stays as the editor wrote it,
so the commit shows exactly what release did.
"""

from __future__ import annotations

import os
import re
import tempfile
from datetime import datetime
from zoneinfo import ZoneInfo

from posts.placeholders import marked_lines
from posts.reader import display_path, read_source

from . import ToolError, content
from .newpost import DRAFT_NOTE, PLACEHOLDER

_LINE_END = re.compile(r"\r\n|\n|\r")


def find(items: list[content.Item], name: str) -> content.Item:
    """The post called ``name``: its slug, its file name (with or without the date), or path."""
    wanted = name.strip().strip("/").removesuffix(".md")
    wanted = wanted.rsplit("/", 1)[-1] if "/" in wanted else wanted

    def names(item: content.Item) -> set[str]:
        stem = os.path.splitext(os.path.basename(item.source))[0]
        return {item.slug, stem, re.sub(r"^\d{4}-\d{2}-\d{2}-", "", stem)}

    matches = [item for item in items if wanted in names(item)]
    if not matches:
        drafts = sorted(item.slug for item in items if item.status == "draft")
        hint = f" The drafts are: {', '.join(drafts)}." if drafts else " There are no drafts."
        raise ToolError(f"No post is called '{name}'.{hint}")
    if len(matches) > 1:
        files = ", ".join(item.source for item in matches)
        raise ToolError(f"'{name}' names more than one post ({files}); give the file name.")
    return matches[0]


def placeholders(text: str) -> list[int]:
    """Line numbers still holding a ``TODO:`` placeholder from `invoke new`."""
    return marked_lines(text)


def rewrite(raw: bytes, lines: dict[int, str | None]) -> bytes:
    """``raw`` with the given 1-based lines replaced (``None``: removed with its line
    ending), keeping each other line's own ending."""
    text = raw.decode("utf-8")
    parts: list[str | None] = _LINE_END.split(text)
    ends = _LINE_END.findall(text) + [""]
    for number, new in lines.items():
        parts[number - 1] = new
    kept = zip(parts, ends, strict=True)
    return "".join(part + end for part, end in kept if part is not None).encode("utf-8")


def note_lines(text: str) -> list[int]:
    """The lines of `invoke new`'s draft note in the front matter, exactly as written
    (a line the editor changed is theirs, and stays)."""
    found = []
    for number, line in enumerate(_LINE_END.split(text)[1:], start=2):
        if line.strip() == "---":
            break
        if line in DRAFT_NOTE:
            found.append(number)
    return found


def released_text(item: content.Item, raw: bytes, when: datetime) -> bytes:
    """The file's bytes with ``status: published``, ``date:`` now, and no draft note."""
    field_lines = item.entry.field_lines
    changes: dict[int, str | None] = dict.fromkeys(note_lines(raw.decode("utf-8")))
    changes[field_lines["status"]] = "status: published"
    changes[field_lines["date"]] = f"date: {when:%Y-%m-%d %H:%M}"
    return rewrite(raw, changes)


def release(settings: dict, name: str, now: datetime | None = None) -> content.Item:
    """Publish the draft ``name`` dated now; return it as the build will see it."""
    zone = ZoneInfo(settings["TIMEZONE"])
    when = (now or datetime.now(zone)).astimezone(zone).replace(second=0, microsecond=0)
    items, _ = content.read(settings, now=when)
    item = find(items, name)
    shown = display_path(item.path)
    if item.status != "draft":
        scheduled = item.status == "published" and not item.public
        why = f"is scheduled for {item.entry.date:%Y-%m-%d %H:%M}" if scheduled else "is live"
        if item.status == "hidden":
            why = "is hidden (published, but not listed)"
        raise ToolError(f"{shown} is not a draft: it {why}. Only a draft can be released.")

    with open(item.path, "rb") as file:
        raw = file.read()
    todo = placeholders(raw.decode("utf-8"))
    if todo:
        where = ", ".join(str(n) for n in todo)
        raise ToolError(
            f"{shown} still has {PLACEHOLDER} placeholders (line{'s' * (len(todo) > 1)} "
            f"{where}); fill them in before it goes out."
        )
    new = released_text(item, raw, when)
    problems = _problems_in(new, item, settings)
    if problems:
        raise ToolError(
            "\n".join(problems) + f"\n{shown} would break the contract once released; "
            "it was not changed."
        )
    with open(item.path, "wb") as file:
        file.write(new)
    # Checks across files (two posts at one address) need the whole tree: undo on a clash.
    released, problems = content.read(settings, now=when)
    mine = [str(p) for p in problems if os.path.abspath(p.path) == os.path.abspath(item.path)]
    if mine:
        with open(item.path, "wb") as file:
            file.write(raw)
        raise ToolError("\n".join(mine) + f"\n{shown} was not released; it is unchanged.")
    return next(i for i in released if i.source == item.source)


def _problems_in(raw: bytes, item: content.Item, settings: dict) -> list[str]:
    """The contract's verdict on the released text, before the file is touched."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, os.path.basename(item.path))
        with open(path, "wb") as file:
            file.write(raw)
        _, problems = read_source(path, settings)
    shown = display_path(item.path)
    return [f"{shown}:{p.line}: {p.field}: {p.message}" for p in problems]
