"""Checks on a finished build, before it may replace the live output.

Each check is one function registered with ``@check``: it takes the ``Built`` site and
returns a list of problems in plain words (empty when all is well). A check for files
another plugin writes (feeds, the sitemap) looks for them first and passes when they
are absent, so each plugin's check switches itself on when that plugin lands. More
checks can be added from anywhere with the same decorator.
"""

from __future__ import annotations

import functools
import hashlib
import json
import multiprocessing as mp
import os
import posixpath
import re
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import TypeVar
from urllib.parse import unquote, urljoin, urlsplit
from xml.etree import ElementTree

from lxml import etree
from sitekit import cores

from .content import Item
from .newpost import PLACEHOLDER_URL

T = TypeVar("T")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")

# The code whose answers the memo keeps: a change to it, or to the parser's version,
# starts the memo afresh.
MEMO_CODE = ("postbuild.py", "nothing_lost.py")


class Memo:
    """What the checks read from each output file, by the file's size and date.

    Kept between publishes (``.cache/published.memo``, see publish.py): the kept site's
    files keep their dates (warm.py), and a file the build rewrites has a new one, so a
    file read at the last publish and not written since is not parsed again. Only what
    this publish asked for is kept, so files that are gone drop out. A memo made for
    another site address or by other code of the checks is not used.
    """

    def __init__(self, found: dict, siteurl: str = ""):
        self.key = [siteurl, code_fingerprint()]
        self.found = found.get("facts", {}) if found.get("key") == self.key else {}
        self.asked: dict = {}

    def knows(self, what: str, relative: str, stamp: tuple) -> bool:
        return self._kept(what, relative, stamp) is not None

    def get(self, what: str, relative: str, stamp: tuple, find: Callable[[], T]) -> T:
        kept = self._kept(what, relative, stamp) or (stamp, find())
        self.asked.setdefault(what, {})[relative] = kept
        return kept[1]

    def _kept(self, what: str, relative: str, stamp: tuple) -> tuple | None:
        kept = self.found.get(what, {}).get(relative)
        return kept if kept is not None and kept[0] == stamp else None

    def to_keep(self) -> dict:
        return {"key": self.key, "facts": self.asked}


@functools.cache  # the code does not change while a process runs
def code_fingerprint() -> str:
    digest = hashlib.sha256()
    here = os.path.dirname(os.path.abspath(__file__))
    for name in MEMO_CODE:
        with open(os.path.join(here, name), "rb") as file:
            digest.update(file.read())
    digest.update(repr((etree.LXML_VERSION, etree.LIBXML_VERSION)).encode())
    return digest.hexdigest()


@dataclass
class Built:
    """A finished build: its folder, its public address, and what should be in it."""

    output: str
    siteurl: str  # "" for a development build with relative links
    items: list[Item] = field(default_factory=list)  # as of the moment the build started
    unpublished: list[Item] = field(default_factory=list)  # not public when it finished
    settings: dict = field(default_factory=dict)  # the build's Pelican settings
    # The files this build wrote, when it started from the last published site (see
    # warm.py); None: every file is new. A check of each file alone reads only these.
    changed: set[str] | None = None
    # What the checks read from each file at the last publish (see Memo): a file that
    # was not rewritten since is not parsed again.
    memo: Memo = field(default_factory=lambda: Memo({}))
    _exists: dict[str, bool] = field(default_factory=dict, repr=False)
    _resolved: dict[tuple[str, str], str | None] = field(default_factory=dict, repr=False)
    _listed: list[str] | None = field(default=None, repr=False)

    def files(self, *suffixes: str) -> Iterator[str]:
        """Paths (relative, with /) of the output files ending in one of ``suffixes``."""
        if self._listed is None:  # listed once: the checks only read the folder
            self._listed = []
            for folder, dirnames, filenames in os.walk(self.output):
                dirnames.sort()
                for name in sorted(filenames):
                    relative = os.path.relpath(os.path.join(folder, name), self.output)
                    self._listed.append(relative.replace(os.sep, "/"))
        return (name for name in self._listed if name.endswith(suffixes))

    def remembered(self, what: str, relative: str, find: Callable[[], T]) -> T:
        """``find()``, what a check reads from one file, or what it gave at the last
        publish if the file has the same size and date (it was not written since)."""
        return self.memo.get(what, relative, self._stamp(relative), find)

    def remembered_all(
        self, what: str, names: list[str], find: Callable[[list[str]], dict[str, T]]
    ) -> dict[str, T]:
        """``remembered`` for many files at once: ``find`` is given all those it must read."""
        stamps = {name: self._stamp(name) for name in names}
        missing = [name for name in names if not self.memo.knows(what, name, stamps[name])]
        found = find(missing) if missing else {}
        return {
            name: self.memo.get(what, name, stamps[name], lambda name=name: found[name])
            for name in names
        }

    def _stamp(self, relative: str) -> tuple[int, int]:
        stat = os.stat(os.path.join(self.output, relative))
        return stat.st_size, stat.st_mtime_ns

    def read(self, relative: str) -> str:
        with open(os.path.join(self.output, relative), encoding="utf-8", errors="replace") as f:
            return f.read()

    def read_bytes(self, relative: str) -> bytes:
        with open(os.path.join(self.output, relative), "rb") as file:
            return file.read()

    def local_path(self, url: str, page: str) -> str | None:
        """The output path a link on ``page`` points at, or None when it leaves the site.

        ``page`` is the linking file's path in the output. Relative, root-relative and
        absolute links under ``siteurl`` all count as inside the site.
        """
        url = url.strip()
        # What the answer depends on: only the link, when it starts at the root or names
        # its host; else the page's folder too (the page itself for "", "?q" and "#f").
        # Most links are the first kind, the same on every page: each is worked out once.
        if url.startswith("/") or _SCHEME.match(url):
            key = ("", url)
        elif not url or url.startswith(("?", "#")):
            key = (page, url)
        else:
            key = (posixpath.dirname(page) + "/", url)
        if key not in self._resolved:
            root = urlsplit((self.siteurl or "http://site.invalid") + "/")
            target = urlsplit(urljoin(urljoin(root.geturl(), page), url))
            inside = target.scheme in ("http", "https") and target.netloc == root.netloc
            if inside and target.path.startswith(root.path):
                self._resolved[key] = unquote(target.path[len(root.path) :])
            else:
                self._resolved[key] = None
        return self._resolved[key]

    def exists(self, relative: str) -> bool:
        """True when a server would answer that path with a file: folders by index.html."""
        if relative not in self._exists:
            path = os.path.join(self.output, relative)
            found = os.path.isfile(path) and not relative.endswith("/")
            if not found and (relative.endswith("/") or os.path.isdir(path) or not relative):
                found = os.path.isfile(os.path.join(path, "index.html"))
            self._exists[relative] = found
        return self._exists[relative]

    def url(self, relative: str) -> str:
        return f"{self.siteurl}/{relative}"

    def new(self, relative: str) -> bool:
        """Whether this build wrote the file (always, for a build from nothing): a check of
        each file alone need not read again one it passed in the build it comes from."""
        return self.changed is None or relative in self.changed


Check = Callable[[Built], list[str]]
CHECKS: dict[str, Check] = {}


def check(name: str) -> Callable[[Check], Check]:
    """Register a post-build check under ``name``; checks run in the order registered."""

    def add(function: Check) -> Check:
        CHECKS[name] = function
        return function

    return add


def run(built: Built, names: list[str] | None = None) -> list[str]:
    """Every problem from every check (or the named ones), each prefixed by its check."""
    problems = []
    for name, function in CHECKS.items():
        if names is None or name in names:
            problems.extend(f"{name}: {problem}" for problem in function(built))
    return problems


# -- links ------------------------------------------------------------------------


# Where a page asks the browser to follow or fetch something: these attributes of any
# element, and the content of meta tags naming an address the site promises (shared
# cards, canonical) or a refresh.
LINK_ATTRIBUTES = ("href", "src", "poster", "action", "data")
CANDIDATE_ATTRIBUTES = ("srcset", "imagesrcset")  # "a.png 1x, b.png 2x"
META_ADDRESSES = {"og:image", "og:url", "og:image:url", "og:image:secure_url", "twitter:image"}
_WITH_LINKS = etree.XPath(
    "//*[" + " or ".join(f"@{name}" for name in LINK_ATTRIBUTES + CANDIDATE_ATTRIBUTES) + "]"
    " | //meta"
)
_REFRESH_URL = re.compile(r"url\s*=\s*(\S+)", re.I)


_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")


def page_links(html: bytes) -> list[tuple[str, str]]:
    """(tag, address) of every address on an HTML page, in the order of the page.

    Parsed by libxml2 (lxml), which the feeds already need: twice as fast as Python's
    HTMLParser, and the whole check parses every page of a site built from nothing.
    """
    try:
        root = etree.fromstring(html, etree.HTMLParser(encoding="utf-8"))
    except etree.XMLSyntaxError:  # nothing to parse: an empty file
        return []
    links: list[tuple[str, str]] = []
    for element in _WITH_LINKS(root) if root is not None else ():
        tag, attributes = element.tag, element.attrib
        for name, value in attributes.items():
            if name in LINK_ATTRIBUTES:
                links.append((tag, value))
            elif name in CANDIDATE_ATTRIBUTES:
                links += [(tag, c.split()[0]) for c in value.split(",") if c.strip()]
        if tag == "meta":
            key = attributes.get("property") or attributes.get("name") or ""
            if key in META_ADDRESSES and attributes.get("content"):
                links.append((tag, attributes["content"]))
            if (attributes.get("http-equiv") or "").lower() == "refresh":
                target = _REFRESH_URL.search(attributes.get("content") or "")
                if target:
                    links.append((tag, target.group(1).strip("'\"")))
    return links


def local_targets(built: Built, page: str, links: list[tuple[str, str]]) -> list[list[str]]:
    """[what, output path] of each link of ``page`` that stays inside the site, once each."""
    found = set()
    for tag, link in links:
        if not link or link.startswith(("#", "data:", "mailto:", "tel:")):
            continue
        target = built.local_path(link, page)
        if target is not None:
            found.add(("image" if tag in ("img", "source") else "link", target))
    return [list(pair) for pair in sorted(found)]


def _broken(built: Built, pages: dict[str, list[list[str]]]) -> list[str]:
    """One problem per missing target, naming the pages that point at it."""
    missing: dict[tuple[str, str], list[str]] = {}
    for page, targets in pages.items():
        for what, target in targets:
            if not built.exists(target):
                missing.setdefault((what, "/" + target), []).append(page)
    problems = []
    for (what, target), found in sorted(missing.items()):
        named = ", ".join(found[:3]) + (f" and {len(found) - 3} more" if len(found) > 3 else "")
        problems.append(f"{what} to {target} leads nowhere: on {named}")
    return problems


@check("links")
def internal_links_resolve(built: Built) -> list[str]:
    """Every link, image, stylesheet and script inside the site points at a file that exists."""

    pages = built.remembered_all(
        "links", list(built.files(".html", ".css")), lambda pages: targets_of(built, pages)
    )
    return _broken(built, pages)


# From this many pages to read, they are read by a process on each core: a site built
# from nothing (a cold CI run) has every page to read.
PARALLEL_FROM = 500


def targets_of(built: Built, pages: list[str]) -> dict[str, list[list[str]]]:
    """The targets of each page's links inside the site (``local_targets``)."""
    count = cores.count()
    if len(pages) < PARALLEL_FROM or count < 2 or "fork" not in mp.get_all_start_methods():
        return {page: _targets(built, page) for page in pages}
    # Forked: this process (publish's, not Pelican's) runs no threads.
    chunks = [(built.output, built.siteurl, pages[n::count]) for n in range(count)]
    with ProcessPoolExecutor(count, mp_context=mp.get_context("fork")) as pool:
        return {page: found for part in pool.map(_targets_part, chunks) for page, found in part}


def _targets_part(chunk: tuple[str, str, list[str]]) -> list[tuple[str, list[list[str]]]]:
    output, siteurl, pages = chunk
    built = Built(output, siteurl)
    return [(page, _targets(built, page)) for page in pages]


def _targets(built: Built, page: str) -> list[list[str]]:
    if page.endswith(".css"):
        links = [("css", m.group(2)) for m in _CSS_URL.finditer(built.read(page))]
    else:
        links = page_links(built.read_bytes(page))
    return local_targets(built, page, links)


@check("pages")
def every_public_post_has_its_page(built: Built) -> list[str]:
    """Each published or hidden post and page was written at its address."""
    return [
        f"{item.source}: its page /{item.url} was not written"
        for item in built.items
        if item.public and not built.exists(item.url)
    ]


@check("drafts")
def drafts_stay_out(built: Built) -> list[str]:
    """No draft or scheduled post is at its preview address or named in any output file."""
    problems = []
    for item in built.unpublished:
        if built.exists(item.url):
            problems.append(f"{item.source}: a {item.status} is in the output at /{item.url}")
    addresses = {item.url: item for item in built.unpublished}
    if addresses:
        # Remembered for this set of addresses: usually the same drafts as last time.
        what = "drafts " + hashlib.sha256("\0".join(sorted(addresses)).encode()).hexdigest()

        def named(name: str) -> list[str]:
            text = built.read(name)
            return [url for url in addresses if url in text]

        for name in built.files(".html", ".xml", ".json", ".txt", ".atom", ".rss"):
            for url in built.remembered(what, name, lambda name=name: named(name)):
                item = addresses[url]
                problems.append(f"{name}: names the unpublished {item.source} (/{url})")
    return problems


@check("placeholders")
def no_placeholders(built: Built) -> list[str]:
    """No page links to the placeholder source of `invoke new`: a fact must have a real one."""
    return [
        f"{page}: still has the placeholder source {PLACEHOLDER_URL} (from invoke new)"
        for page in built.files(".html")
        if built.new(page) and PLACEHOLDER_URL in built.read(page)
    ]


# -- feeds and sitemap (written by other plugins; checked when present) -------------------

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def feed_problems(name: str, text: str) -> tuple[bool, list[str]]:
    """(is this a feed, what is wrong with it) for one XML or JSON output file."""
    if name.endswith(".json"):
        try:
            data = json.loads(text)
        except ValueError as error:
            return name.endswith("feed.json"), [f"{name}: not JSON: {error}"]
        version = data.get("version", "") if isinstance(data, dict) else ""
        if not str(version).startswith("https://jsonfeed.org/version/"):
            return False, []
        problems = [f"{name}: has no title"] if not data.get("title") else []
        for number, item in enumerate(data.get("items", []), 1):
            if not isinstance(item, dict) or not item.get("id"):
                problems.append(f"{name}: item {number} has no id")
        return True, problems
    try:
        root = ElementTree.fromstring(text.encode("utf-8"))
    except ElementTree.ParseError as error:
        return True, [f"{name}: not well-formed XML: {error}"]
    problems = []
    if root.tag == f"{ATOM}feed":
        for needed in ("id", "title", "updated"):
            if root.find(f"{ATOM}{needed}") is None:
                problems.append(f"{name}: the feed has no <{needed}>")
        for number, entry in enumerate(root.iter(f"{ATOM}entry"), 1):
            for needed in ("id", "title", "updated"):
                if entry.find(f"{ATOM}{needed}") is None:
                    problems.append(f"{name}: entry {number} has no <{needed}>")
        return True, problems
    if root.tag == "rss":
        channel = root.find("channel")
        if channel is None:
            return True, [f"{name}: an RSS feed with no <channel>"]
        for needed in ("title", "link", "description"):
            if channel.find(needed) is None:
                problems.append(f"{name}: the channel has no <{needed}>")
        for number, item in enumerate(channel.iter("item"), 1):
            if item.find("title") is None and item.find("description") is None:
                problems.append(f"{name}: item {number} has neither <title> nor <description>")
        return True, problems
    return False, []


@check("feeds")
def feeds_parse(built: Built) -> list[str]:
    """Every Atom, RSS and JSON feed has what readers need; every XML and JSON file parses."""
    problems = []
    for name in built.files(".xml", ".atom", ".rss", ".json"):
        if posixpath.basename(name).startswith("sitemap") or not built.new(name):
            continue
        _, found = feed_problems(name, built.read(name))
        problems += found
    return problems


def sitemap_addresses(built: Built, name: str = "sitemap.xml") -> tuple[set[str], list[str]]:
    """Every <loc> in the sitemap, following a sitemap index to its local parts."""
    try:
        root = ElementTree.fromstring(built.read(name).encode("utf-8"))
    except ElementTree.ParseError as error:
        return set(), [f"{name}: not well-formed XML: {error}"]
    locations = {loc.text.strip() for loc in root.iter(f"{SITEMAP}loc") if loc.text}
    if root.tag != f"{SITEMAP}sitemapindex":
        return locations, []
    found, problems = set(), []
    for location in sorted(locations):
        part = built.local_path(location, name)
        if part is None or not built.exists(part):
            problems.append(f"{name}: lists {location}, which is not in the output")
            continue
        more, trouble = sitemap_addresses(built, part)
        found |= more
        problems += trouble
    return found, problems


@check("sitemap")
def every_post_in_the_sitemap(built: Built) -> list[str]:
    """Each published post is in sitemap.xml (when the site has one), and no draft is."""
    if not built.exists("sitemap.xml"):
        return []
    locations, problems = sitemap_addresses(built)
    for item in built.items:
        if item.kind == "article" and item.listed and built.url(item.url) not in locations:
            problems.append(f"sitemap.xml: does not list {built.url(item.url)} ({item.source})")
    return problems
