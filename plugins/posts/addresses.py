"""Addresses and feed ids that never change, kept in a ledger of published posts.

The ledger (``published.json`` in the content folder, committed with the posts)
records, for every post and page that has been published, its address, its
feed id and its first-publication date. A retitled post keeps its address; a
new ``slug`` moves it and the old address is kept for a redirect; a moved file
is recognised by its date; a post whose file has gone is reported.

A post that is not yet in the ledger (committed from a web editor, never built
locally) gets the same address and id on every build until its title or date
changes, because both are derived from the file alone.
"""

from __future__ import annotations

import json
import re
import uuid
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import datetime

from .characters import shown
from .problems import Problem
from .sitepaths import file_of, normalise

LEDGER_VERSION = 1
# Fixed forever: feed ids are uuid5 names in this namespace.
ID_NAMESPACE = uuid.UUID("6b1f7d0e-3c55-4d0a-9a43-5f2b7a3e9c11")


@dataclass
class Record:
    id: str
    url: str
    published: str
    previous_urls: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Published:
    """What the ledger needs of one published post or page."""

    source: str  # relative to the content folder, with forward slashes
    display: str  # how problems name the file
    date: datetime
    slug: str  # the slug the file asks for now: given, or derived from the title
    explicit_slug: bool
    url_template: str  # e.g. "{date:%Y}/{date:%m}/{slug}/"
    slug_line: int = 1
    aliases: tuple[str, ...] = ()
    aliases_line: int = 1


@dataclass(frozen=True)
class Address:
    url: str
    slug: str
    id: str
    published: str
    redirect_from: tuple[str, ...]


def feed_id(source: str, published: datetime) -> str:
    """A permanent id from what a new file has before anyone builds it."""
    return f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, f'{source}|{published.isoformat()}')}"


def slug_of(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1]


def load(text: str | None) -> dict[str, Record]:
    if not text:
        return {}
    data = json.loads(text)
    return {source: Record(**record) for source, record in data.get("posts", {}).items()}


def dump(ledger: dict[str, Record]) -> str:
    posts = {source: asdict(ledger[source]) for source in sorted(ledger)}
    data = {"version": LEDGER_VERSION, "posts": posts}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def assign(
    items: list[Published],
    ledger: dict[str, Record],
    present: dict[str, str],
    ledger_name: str = "published.json",
    content_dir: str = "content",
    drafts: list[Published] = (),
    reserved: tuple[str, ...] = (),
    reserved_patterns: tuple[str, ...] = (),
) -> tuple[dict[str, Record], dict[str, Address], list[Problem], list[str]]:
    """Give every published item its address and id, updating the ledger.

    ``present`` maps the source of every content file that exists, published
    or not, to its status, so a post turned back into a draft is told apart
    from one whose file was deleted. ``drafts`` are checked for clashes at
    their preview address but not recorded; ``reserved`` names the top-level
    names the site itself writes at its root (topics/, atom.xml…), and
    ``reserved_patterns`` the files it writes elsewhere (month archives, list pages),
    as regular expressions over output file paths. Returns the new ledger, the address of
    each item by source, problems that stop the build, and warnings.
    """
    updated: dict[str, Record] = {}
    problems: list[Problem] = []
    warnings: list[str] = []
    by_source = {item.source: item for item in items}
    orphans = {source: record for source, record in ledger.items() if source not in by_source}

    for item in sorted(items, key=lambda item: item.source):
        record = ledger.get(item.source) or _moved_from(item, orphans)
        if record is None:
            record = Record(
                id=feed_id(item.source, item.date),
                url=_format(item.url_template, item.date, item.slug),
                published=item.date.isoformat(),
            )
        else:
            record = Record(record.id, record.url, record.published, list(record.previous_urls))
            if item.explicit_slug and slug_of(record.url) != item.slug:
                record.previous_urls.append(record.url)
                record.url = _format(item.url_template, item.date, item.slug)
                record.previous_urls = [u for u in record.previous_urls if u != record.url]
        updated[item.source] = record

    for source, record in sorted(orphans.items()):
        status = present.get(source)
        if status is None:
            problems.append(
                Problem(
                    f"{content_dir}/{source}",
                    1,
                    "file",
                    f"was published at /{record.url} but the file is gone; restore it, "
                    f"or to withdraw the post on purpose delete its entry from {ledger_name}",
                )
            )
        elif status != "unreadable":
            warnings.append(
                f"{source}: was published at /{record.url} and is now '{status}': "
                "it is no longer on the site"
            )
        updated[source] = record

    problems.extend(_unsafe_records(updated, f"{content_dir}/{ledger_name}"))
    addresses = {
        item.source: Address(
            url=updated[item.source].url,
            slug=slug_of(updated[item.source].url),
            id=updated[item.source].id,
            published=updated[item.source].published,
            redirect_from=tuple(updated[item.source].previous_urls)
            + tuple(alias.lstrip("/") for alias in item.aliases),
        )
        for item in items
    }
    claims = [(item, addresses[item.source].url, "slug") for item in items]
    claims += [(item, old, "slug") for item in items for old in updated[item.source].previous_urls]
    claims += [
        (item, alias.lstrip("/"), f"aliases[{number}]")
        for item in items
        for number, alias in enumerate(item.aliases, start=1)
    ]
    problems.extend(_reserved(claims, reserved, reserved_patterns))
    claims += [
        (draft, _format(draft.url_template, draft.date, draft.slug), "slug") for draft in drafts
    ]
    problems.extend(_clashes(claims))
    return updated, addresses, problems, warnings


def _unsafe_records(ledger: dict[str, Record], path: str) -> list[Problem]:
    """Addresses in the ledger that are not site paths in their one spelling.

    The ledger is a file in the content folder, which anyone who can commit a post can
    edit: its addresses become redirect pages and _redirects lines, as aliases do.
    """
    problems = []
    for source, record in sorted(ledger.items()):
        for url in [record.url, *record.previous_urls]:
            spelled, why = normalise("/" + str(url))
            if spelled != "/" + str(url):
                reason = why or f"is not in its one spelling, {spelled}"
                problems.append(
                    Problem(path, 1, "file", f"the address '{shown(str(url))}' recorded for "
                            f"{shown(source)} {reason}; restore the file from git")
                )  # fmt: skip
    return problems


def _moved_from(item: Published, orphans: dict[str, Record]) -> Record | None:
    """The record of a file that moved here: the one gone file with this date."""
    matches = [s for s, r in orphans.items() if r.published == item.date.isoformat()]
    if len(matches) != 1:
        return None
    return orphans.pop(matches[0])


def _format(template: str, date: datetime, slug: str) -> str:
    return template.format(date=date, slug=slug)


def _line(item: Published, field_name: str) -> int:
    return item.aliases_line if field_name.startswith("aliases") else item.slug_line


def _key(url: str) -> str:
    """What two addresses share when they would write one file: ``/about`` and
    ``/about/`` are both about/index.html; case apart, as on a Mac or Netlify."""
    return file_of(url).casefold()


def _reserved(
    claims: list[tuple[Published, str, str]],
    reserved: tuple[str, ...],
    patterns: tuple[str, ...] = (),
) -> list[Problem]:
    """Public addresses the site writes itself: topics/, atom.xml, a month's archive…"""
    names = {name.casefold() for name in reserved}
    matchers = [re.compile(pattern, re.IGNORECASE) for pattern in patterns]
    problems = []
    for item, url, field_name in claims:
        file = _key(url)
        # The file itself, or a folder on its way that would have to be a file of the site's.
        paths = [file, *_folders(file)]
        if file.split("/", 1)[0] in names or any(
            path in ("index.html", "404.html") or any(m.fullmatch(path) for m in matchers)
            for path in paths
        ):
            problems.append(
                Problem(item.display, _line(item, field_name), field_name,
                        f"the address /{url} belongs to the site itself")
            )  # fmt: skip
    return problems


def _folders(file: str) -> list[str]:
    """The folders a file is written in: a/b/index.html is in a and a/b."""
    parts = file.split("/")[:-1]
    return ["/".join(parts[: n + 1]) for n in range(len(parts))]


def _clashes(claims: list[tuple[Published, str, str]]) -> list[Problem]:
    """Two files that would answer at one address, as pages, previews or redirects.

    Addresses are compared by the file they write, so an alias without the trailing
    slash of another post's address, or in other capitals, clashes with it too; an
    alias naming its own post's address would overwrite the post with its redirect.
    """
    by_file: dict[str, list[tuple[Published, str, str]]] = defaultdict(list)
    for item, url, field_name in claims:
        by_file[_key(url)].append((item, url, field_name))
    problems = []
    # A file where another address needs a folder: /old/a.html beside /old/a.html/b/.
    for file, claimants in sorted(by_file.items()):
        for folder in _folders(file):
            for other, other_url, _ in by_file.get(folder, []):
                problems.extend(
                    Problem(item.display, _line(item, field_name), field_name,
                            f"the address /{url} would need a folder where /{other_url} "
                            f"({other.display}) is a file")
                    for item, url, field_name in claimants
                )  # fmt: skip
    for _, claimants in sorted(by_file.items()):
        sources = sorted({item.source for item, _, _ in claimants})
        if len(sources) < 2:
            if len(claimants) > 1 and any(f == "slug" for _, _, f in claimants):
                problems.extend(
                    Problem(item.display, _line(item, field_name), field_name,
                            f"/{url} is this post's own address; remove the alias")
                    for item, url, field_name in claimants
                    if field_name.startswith("aliases")
                )  # fmt: skip
            continue
        for item, url, field_name in claimants:
            others = ", ".join(c.display for c, _, _ in claimants if c.source != item.source)
            problems.append(
                Problem(
                    item.display,
                    _line(item, field_name),
                    field_name,
                    f"the address /{url} is also used by {others}",
                )
            )
    return problems
