"""Checks across the whole content tree: stray files, addresses and the ledger.

Shared by the build (on Pelican's content objects) and by ``invoke check``
(on files read straight from disk, without rendering anything).
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from . import addresses, cache, placeholders
from .contract import lookup_problems, read_own
from .model import Post
from .problems import Problem
from .reader import contract_settings, derive_slug, display_path, folder_of, read_source

# Files in the post folders that look like a post the build would not read.
POST_LIKE = {".txt", ".rst", ".html", ".htm", ".mdown", ".mkd", ".mkdn", ".mdwn", ".text", ""}
POST_TYPES = {".md", ".markdown"}
PUBLIC = ("published", "hidden")


@dataclass(frozen=True)
class Entry:
    """One readable post or page, as the tree checks see it."""

    source: str  # relative to the content folder
    path: str  # absolute
    kind: str  # "article" or "page"
    status: str
    date: datetime
    slug: str
    explicit_slug: bool
    field_lines: dict
    aliases: tuple[str, ...] = ()


def ledger_path(settings: dict) -> str:
    return os.path.join(settings["PATH"], settings["PUBLISHED_LEDGER"])


def content_files(settings: dict) -> list[tuple[str, str]]:
    """Every file under the post and page folders, as (source, kind), sorted."""
    found = []
    root = settings["PATH"]
    for kind, key in (("article", "ARTICLE_PATHS"), ("page", "PAGE_PATHS")):
        for folder in settings[key]:
            top = os.path.join(root, folder)
            for dirpath, dirnames, filenames in os.walk(top, followlinks=True):
                dirnames[:] = sorted(d for d in dirnames if not _ignored(d, settings))
                here = os.path.relpath(dirpath, root).replace(os.sep, "/")
                for name in sorted(filenames):
                    if not _ignored(name, settings):
                        found.append((name if here == "." else f"{here}/{name}", kind))
    return found


def _ignored(name: str, settings: dict) -> bool:
    patterns = settings.get("IGNORE_FILES", [])
    return name.startswith(".") or any(fnmatch.fnmatch(name, p) for p in patterns)


def stray_files(files: list[tuple[str, str]], settings: dict) -> list[Problem]:
    """Files that look like posts but would be skipped: a post must not vanish."""
    problems = []
    root = os.path.realpath(settings["PATH"])
    folders: dict[str, str] = {}
    for source, _ in files:
        real = _realpath(os.path.join(settings["PATH"], source), folders)
        if os.path.commonpath([root, real]) != root:
            problems.append(
                Problem(
                    display_path(os.path.join(settings["PATH"], source)),
                    1,
                    "file",
                    "is a link to a file outside the content folder; copy the file in instead",
                )
            )
            continue
        extension = os.path.splitext(source)[1].lower()
        if extension in POST_LIKE:
            problems.append(
                Problem(
                    display_path(os.path.join(settings["PATH"], source)),
                    1,
                    "file",
                    "is not read as a post: posts are Markdown files ending in .md",
                )
            )
    return problems


def _realpath(path: str, folders: dict[str, str]) -> str:
    """``os.path.realpath``, resolving each folder once (``folders`` remembers them)."""
    if os.path.islink(path):
        return os.path.realpath(path)
    folder, name = os.path.split(path)
    if folder not in folders:
        folders[folder] = os.path.realpath(folder)
    return os.path.join(folders[folder], name)


def is_public(status: str, date: datetime, now: datetime, with_future: bool) -> bool:
    return status in PUBLIC and (with_future or date <= now)


def place(
    entries: list[Entry], settings: dict, unreadable: list[str] = (), now: datetime | None = None
):
    """Addresses for every public entry, from the ledger: see addresses.assign.

    ``unreadable`` names files that exist but broke the contract, so that they
    are not also reported as gone.
    """
    now = now or datetime.now(UTC)
    with_future = settings.get("WITH_FUTURE_DATES", False)
    url_templates = {"article": settings["ARTICLE_URL"], "page": settings["PAGE_URL"]}
    items = [
        _published(entry, url_templates)
        for entry in entries
        if is_public(entry.status, entry.date, now, with_future)
    ]
    draft_templates = {"article": settings["DRAFT_URL"], "page": settings["DRAFT_PAGE_URL"]}
    drafts = [
        replace(item, url_template=draft_templates[entry.kind])
        for entry in entries
        if not is_public(entry.status, entry.date, now, with_future)
        for item in [_published(entry, url_templates)]
    ]
    present = {source: "unreadable" for source in unreadable}
    for entry in entries:
        scheduled = entry.status == "published" and not is_public(
            entry.status, entry.date, now, with_future
        )
        present[entry.source] = "scheduled for later" if scheduled else entry.status
    return addresses.assign(
        items,
        addresses.load(read_text(ledger_path(settings))),
        present,
        ledger_name=settings["PUBLISHED_LEDGER"],
        content_dir=display_path(settings["PATH"]),
        drafts=drafts,
        reserved=reserved_folders(settings),
    )


def _published(entry: Entry, url_templates: dict[str, str]) -> addresses.Published:
    return addresses.Published(
        source=entry.source,
        display=display_path(entry.path),
        date=entry.date,
        slug=entry.slug,
        explicit_slug=entry.explicit_slug,
        url_template=url_templates[entry.kind],
        slug_line=entry.field_lines.get("slug", entry.field_lines.get("title", 1)),
        aliases=entry.aliases,
        aliases_line=entry.field_lines.get("aliases", 1),
    )


def reserved_folders(settings: dict) -> tuple[str, ...]:
    """Top-level folders the site writes itself: no post or page may live there."""
    urls = [settings.get(key) or "" for key in ("TAG_URL", "TAGS_URL", "ARCHIVES_URL")]
    folders = {url.strip("/").split("/", 1)[0] for url in urls}
    folders |= {settings["THEME_STATIC_DIR"], "page", "drafts"}
    folders |= {settings.get(key, "").split("/", 1)[0] for key in ("DRAFT_URL", "DRAFT_PAGE_URL")}
    return tuple(sorted(f for f in folders if f and "{" not in f))


def read_text(path: str) -> str | None:
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as file:
        return file.read()


def save_ledger(ledger: dict, settings: dict) -> bool:
    """Write the ledger if it changed; True when it did."""
    path = ledger_path(settings)
    text = addresses.dump(ledger)
    old = read_text(path)
    if text == old or (old is None and not ledger):
        return False
    with open(path, "w", encoding="utf-8") as file:
        file.write(text)
    return True


@dataclass
class Survey:
    """The content tree read once: every readable file, its address, and what is wrong."""

    entries: list[tuple[Entry, Post]]  # every readable post and page, with its model
    unreadable: list[str]  # sources that broke the contract
    problems: list[Problem]  # reading problems (not stray files or addresses)


def read_all(settings: dict, files: list[tuple[str, str]] | None = None) -> Survey:
    """Parse every post and page under the post and page folders, each once."""
    files = content_files(settings) if files is None else files
    problems: list[Problem] = []
    entries: list[tuple[Entry, Post]] = []
    for source, kind in files:
        if os.path.splitext(source)[1].lower() not in POST_TYPES:
            continue
        path = os.path.join(settings["PATH"], source)
        post, found = read_source(path, settings)
        problems.extend(found)
        if post is not None:
            entry = Entry(source, path, kind, **entry_fields(post, path, settings))
            entries.append((entry, post))
    readable = {entry.source for entry, _ in entries}
    unreadable = [source for source, _ in files if source not in readable]
    return Survey(entries, unreadable, problems)


def entry_fields(post: Post, path: str, settings: dict) -> dict:
    """What the tree checks need of a valid post, besides where its file is."""
    return {
        "status": post.status,
        "date": post.date,
        "slug": post.slug or derive_slug(post.title, path, settings),
        "explicit_slug": post.slug is not None,
        "field_lines": post.field_lines,
        "aliases": post.aliases,
    }


def read_for_check(
    settings: dict, files: list[tuple[str, str]]
) -> tuple[list[Entry], list[str], list[Problem]]:
    """``read_all`` for the check alone (no Post models), with its cache.

    A file whose bytes, settings and code are as last time is not parsed again: its own
    reading comes from the cache (see cache.py). Its lookups (link targets, the share
    image) are made every time, as in ``read_post``, so the answer is the same.
    Returns the valid entries, the unreadable sources and every reading problem.
    """
    key = cache.fingerprint(settings)
    kept = cache.load(settings, key)
    rules = contract_settings(settings)
    readings: dict[str, cache.Own] = {}
    entries: list[Entry] = []
    problems: list[Problem] = []
    for source, kind in files:
        if os.path.splitext(source)[1].lower() not in POST_TYPES:
            continue
        path = os.path.join(settings["PATH"], source)
        with open(path, "rb") as file:
            raw = file.read()
        shown = display_path(path)
        digest = cache.digest_of(raw)
        own = kept.get(source)
        if own is None or own.digest != digest:
            reading = read_own(raw, shown, rules, folder_of(path, settings))
            post = reading.post
            fields = entry_fields(post, path, settings) if post is not None else None
            found = tuple((p.line, p.field, p.message) for p in reading.problems)
            own = cache.Own(digest, fields, found, tuple(reading.lookups))
        readings[source] = own
        # Problems are kept without the file's name, which depends on the working folder.
        found = [Problem(shown, *problem) for problem in own.problems]
        found += lookup_problems(own.lookups, shown, rules)
        problems.extend(found)
        if own.fields is not None and not found:
            entries.append(Entry(source, path, kind, **own.fields))
    if readings.keys() != kept.keys() or any(kept[s] is not own for s, own in readings.items()):
        cache.save(settings, key, readings)
    readable = {entry.source for entry in entries}
    unreadable = [source for source, _ in files if source not in readable]
    return entries, unreadable, problems


def check(
    settings: dict, files: list[tuple[str, str]] | None = None
) -> tuple[list[Problem], list[str]]:
    """Validate every post and page without rendering: the editor's fast check.

    The same answer as ``inspect``, reading only the files that changed since the last
    check (see read_for_check).
    """
    files = content_files(settings) if files is None else files
    entries, unreadable, found = read_for_check(settings, files)
    _, _, address_problems, warnings = place(entries, settings, unreadable)
    problems = stray_files(files, settings) + found + address_problems
    problems += unwritten_pages(entries, settings)
    return sorted(problems), warnings


def unwritten_pages(entries: list[Entry], settings: dict, now: datetime | None = None):
    """The ``TODO:`` lines of the pages a build would publish (see placeholders.py)."""
    now = now or datetime.now(UTC)
    with_future = settings.get("WITH_FUTURE_DATES", False)
    return placeholders.unwritten_pages(
        entry.path
        for entry in entries
        if entry.kind == "page" and is_public(entry.status, entry.date, now, with_future)
    )


def inspect(settings: dict, now: datetime | None = None):
    """The whole check, keeping what it read: problems, warnings, the Survey, addresses."""
    files = content_files(settings)
    survey = read_all(settings, files)
    _, placed, address_problems, warnings = place(
        [entry for entry, _ in survey.entries], settings, survey.unreadable, now=now
    )
    problems = stray_files(files, settings) + survey.problems + address_problems
    return sorted(problems), warnings, survey, placed
