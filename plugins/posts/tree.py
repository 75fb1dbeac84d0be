"""Checks across the whole content tree: stray files, addresses and the ledger.

Shared by the build (on Pelican's content objects) and by ``invoke check``
(on files read straight from disk, without rendering anything).
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from pelican.utils import slugify

from . import addresses, check_cache, placeholders
from .characters import forbidden, shown
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
    tags: tuple[str, ...] = ()
    title: str = ""


def ledger_path(settings: dict) -> str:
    return os.path.join(settings["PATH"], settings["POSTS_PUBLISHED_LEDGER"])


def content_files(settings: dict) -> list[tuple[str, str]]:
    """Every file under the post and page folders, as (source, kind), sorted."""
    found = []
    root = settings["PATH"]
    for kind, key in (("article", "ARTICLE_PATHS"), ("page", "PAGE_PATHS")):
        for folder in settings[key]:
            top = os.path.join(root, folder)
            # Links are never followed: unsafe_paths refuses every one of them.
            for dirpath, dirnames, filenames in os.walk(top):
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
    try:
        ledger = addresses.load(read_text(ledger_path(settings)))
    except (ValueError, TypeError, AttributeError) as error:
        broken = Problem(
            display_path(ledger_path(settings)),
            1,
            "file",
            f"cannot be read as the ledger ({shown(str(error))}); restore it from git",
        )
        return {}, {}, [broken], []
    return addresses.assign(
        items,
        ledger,
        present,
        ledger_name=settings["POSTS_PUBLISHED_LEDGER"],
        content_dir=display_path(settings["PATH"]),
        drafts=drafts,
        reserved=reserved_folders(settings),
        reserved_patterns=reserved_patterns(settings),
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


# Names the build writes at the site's root whatever the posts say: the plugins' files
# and folders at their default settings (the settings below add any others).
SITE_NAMES = (
    "404.html", "_headers", "_redirects", "atom.xml", "cards", "corrections", "drafts",
    "email", "feed.json", "feed.xml", "index.html", "join", "manifest.webmanifest", "page",
    "pagefind", "robots.txt", "search", "share", "sitemap.xml", "subscribe", "theme",
)  # fmt: skip
# Settings naming an address or folder the site writes (plugins' settings included).
SITE_ADDRESS_SETTINGS = (
    "TAG_URL", "TAGS_URL", "ARCHIVES_URL", "SEARCH_URL", "DRAFT_URL", "DRAFT_PAGE_URL",
    "CORRECTIONS_URL", "SIGNUP_URL", "SUBSCRIBE_URL", "THEME_STATIC_DIR", "CARDS_OUTPUT_DIR",
    "FEEDS_EMAIL_DIR",
)  # fmt: skip


def reserved_folders(settings: dict) -> tuple[str, ...]:
    """Names at the site's root the site writes itself: no post, page or alias may be there.

    Folders (topics/, search/, cards/…) and files (atom.xml, robots.txt, _headers…),
    the content's static folders (images/) and the theme's root files (favicon.ico).
    """
    values = [settings.get(key) or "" for key in SITE_ADDRESS_SETTINGS]
    values += list((settings.get("FEEDS_SITE_PATHS") or {}).values())
    values += list(settings.get("STATIC_PATHS") or [])
    names = {str(value).strip("/").split("/", 1)[0] for value in values}
    names |= set(SITE_NAMES)
    root = os.path.join(settings.get("THEME") or "", "root")
    if os.path.isdir(root):
        names |= set(os.listdir(root))
    return tuple(sorted(n for n in names if n and "{" not in n))


def reserved_patterns(settings: dict) -> tuple[str, ...]:
    """Files the site writes below the root, as patterns: archives and list pages.

    ``2026/11/`` is November's archive and ``2026/11/page/2/`` its second page, inside
    the folders where posts live; extra Search pages (``pagefind-1/``) are numbered.
    """
    patterns = [r"pagefind-\d+/.*", r"(?:.*/)?page/\d+/index\.html"]
    for key in ("YEAR_ARCHIVE_SAVE_AS", "MONTH_ARCHIVE_SAVE_AS", "DAY_ARCHIVE_SAVE_AS"):
        template = settings.get(key) or ""
        if template:
            pattern = re.escape(template)
            for field, digits in (("%Y", 4), ("%m", 2), ("%d", 2)):
                pattern = pattern.replace(re.escape(f"{{date:{field}}}"), rf"\d{{{digits}}}")
            patterns.append(re.sub(r"\\\{[^}]*\\\}", "[^/]+", pattern))
    return tuple(patterns)


def topic_problems(entries: list[Entry], settings: dict) -> list[Problem]:
    """Topics with no address (``🏥``), or two that would share one (``C++`` and ``C``).

    Pelican would write the first at /topics// and silently merge the second; the
    contract names the tags instead. Spellings of one topic (``Cost of living`` and
    ``cost of living``) are one topic, not a clash.
    """
    problems = []
    names: dict[str, dict[str, list[Entry]]] = defaultdict(lambda: defaultdict(list))
    slugs: dict[str, str] = {}  # a site has a few dozen topics on thousands of posts
    for entry in entries:
        line = entry.field_lines.get("tags", 1)
        for tag in entry.tags:
            if tag not in slugs:
                slugs[tag] = topic_slug(tag, settings)
            slug = slugs[tag]
            if not slug:
                problems.append(
                    Problem(display_path(entry.path), line, "tags",
                            f"'{shown(tag)}' has no letters or digits to make the topic's "
                            "address from; add a word (for example 'Health')")
                )  # fmt: skip
            else:
                names[slug][tag.casefold()].append(entry)
    told = set()  # a file holding both tags of a clash is told once, not once for each
    for slug, spellings in sorted(names.items()):
        if len(spellings) < 2:
            continue
        url = "/" + settings["TAG_URL"].format(slug=slug)
        for name, users in sorted(spellings.items()):
            for entry in users:
                if (entry.path, slug) in told:
                    continue
                told.add((entry.path, slug))
                tag = next(t for t in entry.tags if t.casefold() == name)
                others = sorted(
                    {
                        f"'{shown(next(t for t in other.tags if t.casefold() == n))}' "
                        f"({display_path(other.path)})"
                        for n, others_ in spellings.items()
                        if n != name
                        for other in others_
                    }
                )
                problems.append(
                    Problem(
                        display_path(entry.path),
                        entry.field_lines.get("tags", 1),
                        "tags",
                        f"'{shown(tag)}' and {', '.join(others[:3])} would share one topic "
                        f"address, {url}; rename one of them",
                    )
                )
    return problems


def topic_slug(tag: str, settings: dict) -> str:
    """A topic's address part, exactly as Pelican's Tag makes it (without its warning)."""
    subs = settings.get("TAG_REGEX_SUBSTITUTIONS", settings.get("SLUG_REGEX_SUBSTITUTIONS", []))
    return slugify(
        tag,
        regex_subs=subs,
        preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
        use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
    )


def unsafe_paths(settings: dict) -> list[Problem]:
    """Every link under the content folder, and every name that is not UTF-8.

    Pelican's static copy follows links, so ``images/env.txt -> /proc/self/environ`` or
    a linked folder would publish what is outside the site (the deploy's token, /etc).
    Checked before anything else reads the tree; links are not followed here either.
    """
    problems = []
    for dirpath, dirnames, filenames in os.walk(settings["PATH"]):
        for name in sorted(dirnames + filenames):
            path = os.path.join(dirpath, name)
            if not _utf8(name):
                problems.append(
                    Problem(display_path(path), 1, "file",
                            "its name is not UTF-8 text; rename it with letters, digits and -")
                )  # fmt: skip
            elif forbidden(name) or "\n" in name or "\r" in name:
                problems.append(
                    Problem(display_path(path), 1, "file",
                            "its name holds a control character; rename it with letters, "
                            "digits and -")
                )  # fmt: skip
            if os.path.islink(path):
                problems.append(
                    Problem(display_path(path), 1, "file",
                            "is a symbolic link; copy the file in instead (a link could "
                            "publish a file from outside the site)")
                )  # fmt: skip
        dirnames[:] = sorted(d for d in dirnames if _utf8(d))
    return problems


def _utf8(name: str) -> bool:
    """False for a name that was not UTF-8 on disk (Python holds its bytes as surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


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
        "tags": post.tags,
        "title": post.title,
    }


def read_for_check(
    settings: dict, files: list[tuple[str, str]]
) -> tuple[list[Entry], list[str], list[Problem]]:
    """``read_all`` for the check alone (no Post models), with its cache.

    A file whose bytes, settings and code are as last time is not parsed again: its own
    reading comes from the cache (see check_cache.py). Its lookups (link targets, the share
    image) are made every time, as in ``read_post``, so the answer is the same.
    Returns the valid entries, the unreadable sources and every reading problem.
    """
    key = check_cache.fingerprint(settings)
    kept = check_cache.load(settings, key)
    rules = contract_settings(settings)
    readings: dict[str, check_cache.Own] = {}
    entries: list[Entry] = []
    problems: list[Problem] = []
    for source, kind in files:
        if os.path.splitext(source)[1].lower() not in POST_TYPES:
            continue
        path = os.path.join(settings["PATH"], source)
        with open(path, "rb") as file:
            raw = file.read()
        shown = display_path(path)
        digest = check_cache.digest_of(raw)
        own = kept.get(source)
        if own is None or own.digest != digest:
            reading = read_own(raw, shown, rules, folder_of(path, settings))
            post = reading.post
            fields = entry_fields(post, path, settings) if post is not None else None
            found = tuple((p.line, p.field, p.message) for p in reading.problems)
            own = check_cache.Own(digest, fields, found, tuple(reading.lookups))
        readings[source] = own
        # Problems are kept without the file's name, which depends on the working folder.
        found = [Problem(shown, *problem) for problem in own.problems]
        found += lookup_problems(own.lookups, shown, rules)
        problems.extend(found)
        if own.fields is not None and not found:
            entries.append(Entry(source, path, kind, **own.fields))
    if readings.keys() != kept.keys() or any(kept[s] is not own for s, own in readings.items()):
        check_cache.save(settings, key, readings)
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
    unsafe = unsafe_paths(settings)
    if unsafe:
        return sorted(unsafe), []
    files = content_files(settings) if files is None else files
    entries, unreadable, found = read_for_check(settings, files)
    _, _, address_problems, warnings = place(entries, settings, unreadable)
    problems = stray_files(files, settings) + found + address_problems
    problems += unwritten_pages(entries, settings)
    problems += topic_problems(entries, settings)
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
    problems += topic_problems([entry for entry, _ in survey.entries], settings)
    return sorted(problems), warnings, survey, placed
