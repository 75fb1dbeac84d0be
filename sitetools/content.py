"""What the content folder says the site holds: every post, its status and its address.

Read with the posts plugin's own contract and address ledger, so the tools agree with
the build on which posts are public and where each one lives. Read as `invoke check`
reads (posts/check_cache.py): a file whose bytes are as at the last check or publish is
not parsed again, so publish's site-wide checks do not re-read the whole archive.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from posts import tree
from posts.problems import Problem


@dataclass(frozen=True)
class Item:
    """One post or page as a build at a given moment would treat it."""

    source: str  # relative to the content folder, with forward slashes
    path: str  # absolute
    kind: str  # "article" or "page"
    entry: tree.Entry  # what its front matter says: status, date, title, topics
    slug: str
    public: bool  # built at its address (published or hidden, and not in the future)
    url: str  # site-relative: its address if public, else its draft preview address

    @property
    def status(self) -> str:
        return self.entry.status

    @property
    def listed(self) -> bool:
        """In listings, feeds and the sitemap: published and due (hidden posts are not)."""
        return self.public and self.entry.status == "published"


def read(settings: dict, now: datetime | None = None) -> tuple[list[Item], list[Problem]]:
    """Every readable post and page, and the problems of the rest, as of ``now``."""
    return at(load(settings), settings, now)


@dataclass(frozen=True)
class Loaded:
    """Every post and page read once (publish places them at two moments)."""

    entries: list[tree.Entry]  # the readable ones
    unreadable: list[str]  # sources that break the contract
    problems: list[Problem]


def load(settings: dict) -> Loaded:
    """Read every post and page, parsing only files changed since the last reading."""
    return Loaded(*tree.read_for_check(settings, tree.content_files(settings)))


def at(
    loaded: Loaded, settings: dict, now: datetime | None = None
) -> tuple[list[Item], list[Problem]]:
    """The loaded posts as a build at ``now`` treats them: which are public, and where."""
    now = now or datetime.now(UTC)
    entries, problems = loaded.entries, list(loaded.problems)
    places = tree.place(entries, settings, loaded.unreadable, now=now)
    _, addresses, found, _ = places
    problems.extend(found)

    with_future = settings.get("WITH_FUTURE_DATES", False)
    drafts = {"article": settings["DRAFT_URL"], "page": settings["DRAFT_PAGE_URL"]}
    items = []
    for entry in entries:
        public = tree.is_public(entry.status, entry.date, now, with_future)
        if public:
            url = addresses[entry.source].url
        else:
            url = drafts[entry.kind].format(date=entry.date, slug=entry.slug)
        items.append(Item(entry.source, entry.path, entry.kind, entry, entry.slug, public, url))
    return items, sorted(problems)
