"""The post contract: turn a front-matter tree into a Post, or say what is wrong.

Every rule of docs/posts.md that concerns one file lives here. Every
check runs and every problem is collected, so an editor fixes a file in one go.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from PIL import Image, UnidentifiedImageError

from . import characters, frontmatter, sitepaths, weburls
from .characters import shown
from .frontmatter import Entry, Mapping, Scalar, Sequence
from .limits import MAX_BODY, MAX_COUNT, MAX_LENGTH
from .model import Card, Claim, Correction, Fact, Post, Source
from .problems import Problem

POST_FIELDS = (
    "title", "date", "modified", "slug", "summary", "tags", "authors", "status",
    "claim", "claimant", "claim_date", "claim_url", "verdict", "facts",
    "card", "image", "share_text", "corrections", "aliases",
)  # fmt: skip
REBUTTAL_ONLY = ("claimant", "claim_date", "claim_url", "verdict")
FACT_FIELDS = ("fact", "sources", "source")
SOURCE_FIELDS = ("url", "title", "publisher", "date", "accessed", "archived_url")
CARD_FIELDS = ("headline", "kicker")
CORRECTION_FIELDS = ("date", "note")
STATUSES = ("published", "draft", "hidden")
IMAGE_TYPES = (".png", ".jpg", ".jpeg", ".webp")
IMAGE_FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "WEBP": "WebP"}
# What the platforms need of a share graphic: Facebook, LinkedIn and X show a large
# preview from 1200×630 (smaller ones become a thumbnail or are blurred), and
# WhatsApp shows no preview at all for an image over 300 KB.
IMAGE_MIN_SIZE = (1200, 630)
IMAGE_MAX_BYTES = 300_000
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_FORMS = "2026-11-24, 2026-11-24 09:30 or 2026-11-24T09:30:00+00:00"


@dataclass(frozen=True)
class ContractSettings:
    """What the contract needs to know about the site."""

    verdicts: tuple[str, ...]
    timezone: str = "Europe/London"
    content_root: str = "content"


MAX_FILE_BYTES = 2_000_000
# Pelican's links to other content files ({filename}, {static}, {attach}) in a body.
INTRASITE_LINK = re.compile(r"\{(?:filename|static|attach)\}([^)\s\"'<>#?]+)")


@dataclass(frozen=True)
class Lookup:
    """A rule that depends on another file: a body link's target, or the share image.

    Kept apart from the rules about the post's own text because its answer can change
    while the post's bytes do not; `invoke check`'s cache keeps lookups, never answers.
    """

    field: str  # "body" (a link) or "image"
    line: int
    value: str  # as the post gives it
    relative: str  # the file it names, relative to the content root (not yet resolved)


@dataclass(frozen=True)
class Reading:
    """One file read on its own terms: the rules that need no other file, and the lookups.

    ``post`` is None when the file's own text breaks the contract; it becomes the valid
    post only once the lookups find nothing wrong too (see ``read_post``).
    """

    post: Post | None
    problems: list[Problem]
    lookups: tuple[Lookup, ...] = ()


def read_post(
    raw: bytes, path: str, settings: ContractSettings, folder: str = ""
) -> tuple[Post | None, list[Problem]]:
    """Read one post file's bytes; return the Post, or None and every problem.

    ``path`` is how problems name the file; ``folder`` is the file's folder relative
    to the content root, for the body's relative links. An ``image`` and every
    ``{static}``/``{filename}`` link are looked up under ``settings.content_root``.
    """
    reading = read_own(raw, path, settings, folder)
    problems = reading.problems + lookup_problems(reading.lookups, path, settings)
    if problems:
        return None, sorted(problems)
    return reading.post, []


def read_own(raw: bytes, path: str, settings: ContractSettings, folder: str = "") -> Reading:
    """The part of ``read_post`` that reads no other file: cacheable by the file's bytes."""
    if len(raw) > MAX_FILE_BYTES:
        too_big = Problem(
            path,
            1,
            "file",
            f"is {len(raw) / 1_000_000:.1f} MB; a post may be at most "
            f"{MAX_FILE_BYTES / 1_000_000:.0f} MB (split it, or link to a document)",
        )
        return Reading(None, [too_big])
    text, problems = frontmatter.decode(raw, path)
    if text is None:
        return Reading(None, problems)
    parts, problems = frontmatter.split(text, path)
    if parts is None:
        return Reading(None, problems)
    checker = _Checker(path, settings)
    checker.problems.extend(parts.problems)
    post = checker.post(parts.front_matter, parts.body)
    checker.problems.extend(
        Problem(path, line, "body", message)
        for line, message in body_problems(parts.body, parts.body_line)
    )
    lookups = (*checker.lookups, *body_links(parts.body, parts.body_line, folder))
    if checker.problems:
        return Reading(None, sorted(checker.problems), lookups)
    return Reading(post, [], lookups)


def body_problems(body: str, first_line: int) -> list[tuple[int, str]]:
    """What is wrong with the body's text as text: characters, size, what stalls Markdown.

    Returns (line, message) pairs. Every bound is in limits.MAX_BODY, with why.
    """
    problems = []
    if len(body) > MAX_LENGTH["body"]:
        problems.append(
            (
                first_line,
                f"is {len(body):,} characters long; at most {MAX_LENGTH['body']:,} fit "
                "(split it into two posts, or link to a document)",
            )
        )
        return problems
    lines = body.split("\n") if characters.has_forbidden(body, allow_tab=True) else []
    for number, line in enumerate(lines, start=first_line):
        found = characters.forbidden(line, allow_tab=True)
        if found:
            problems.append((number, characters.message(found)))
    for marks, what in (
        ("[", "links, images and footnotes"),
        ("<", "HTML tags"),
        ("*_`", "emphasis and code marks"),
        ("markdown=", "HTML blocks with Markdown inside"),
    ):
        count = body.count(marks) if len(marks) > 3 else sum(map(body.count, marks))
        if count > MAX_BODY[marks]:
            line = first_line + body[: _nth(body, marks, MAX_BODY[marks] + 1)].count("\n")
            shown_marks = f"'{marks}'" if len(marks) > 3 else " ".join(f"'{m}'" for m in marks)
            problems.append(
                (
                    line,
                    f"has {count:,} {shown_marks} ({what}); at most {MAX_BODY[marks]:,} fit, "
                    "because Markdown takes seconds on more: split the post",
                )
            )
    uses = abbreviations_used(body)
    if uses > MAX_BODY["abbreviations"]:
        problems.append(
            (
                first_line,
                f"uses its abbreviations (*[…]: lines) {uses:,} times; at most "
                f"{MAX_BODY['abbreviations']:,} fit, because Markdown takes seconds on more",
            )
        )
    return problems + _block_problems(body, first_line)


# An abbreviation's definition (Markdown's abbr extension): "*[EU]: European Union".
_ABBREVIATION = re.compile(r"^[ ]{0,3}\*\[([^\]\n]+)\][ ]?:", re.MULTILINE)
_ABBREVIATION_LINE = re.compile(r"^[ ]{0,3}\*\[[^\]\n]+\][ ]?:.*$", re.MULTILINE)


def abbreviations_used(body: str) -> int:
    """How often the words the body defines as abbreviations appear in it."""
    words = sorted(set(_ABBREVIATION.findall(body)), key=len, reverse=True)
    if not words:
        return 0
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b")
    text = _ABBREVIATION_LINE.sub("", body)
    return sum(1 for _ in pattern.finditer(text))


def _block_problems(body: str, first_line: int) -> list[tuple[int, str]]:
    """Lines nested too deeply, and blocks of text too long, outside fenced code.

    Python-Markdown's inline patterns restart at each match, so a block's time grows with
    the square of its length; fenced code is set aside before they run.
    """
    if len(body) <= MAX_BODY["block"] and not _MAYBE_DEEP.search(body):
        return []  # most posts: no block can be too long, no line nested too deeply
    problems = []
    lines = body.split("\n")
    block_start, block, fence = first_line, 0, ""
    for number, line in enumerate(lines, start=first_line):
        if fence:
            if line.rstrip(" ") == fence:
                fence = ""
            continue
        opening = _FENCE.match(line)
        # Only a fence that is closed is code: an unclosed one is text like any other.
        if opening and any(
            later.rstrip(" ") == opening.group(1) for later in lines[number - first_line + 1 :]
        ):
            fence, block_start, block = opening.group(1), number + 1, 0
            continue
        depth = len(_BLOCK_PREFIX.match(line).group().expandtabs(4))
        if depth > MAX_BODY["nesting"]:
            problems.append(
                (
                    number,
                    f"this line is nested {depth:,} characters deep "
                    f"(indentation, '>' and list markers); at most {MAX_BODY['nesting']} fit",
                )
            )
        if not line.strip():
            block_start, block = number + 1, 0
        elif _BLOCK_START.match(line):
            block_start, block = number, 0
        block += len(line) + 1
        if block > MAX_BODY["block"]:
            problems.append(
                (
                    block_start,
                    f"has a paragraph of more than {MAX_BODY['block']:,} characters; "
                    "split it with a blank line (Markdown takes seconds on longer ones)",
                )
            )
            block_start, block = number, -len(body)  # one report per block
    return problems


# What a line of Markdown nests in: indentation, block quotes and list markers.
_BLOCK_PREFIX = re.compile(r"(?:[ \t>]|[*+-](?=[ \t])|\d{1,9}[.)](?=[ \t]))*")
# A line that may be nested too deeply: as many of the characters that nest as a line
# of tabs needs (a quick test that finds every such line, and a few more).
_MAYBE_DEEP = re.compile(rf"^[ \t>*+\-\d.)]{{{MAX_BODY['nesting'] // 4}}}", re.MULTILINE)
# A fenced code block's opening line, as Python-Markdown's fenced_code reads it: at the
# start of a line (not in a list or a quote); it closes at a line of the same fence.
_FENCE = re.compile(r"(`{3,}|~{3,})")
# A line that starts a new block of inline text: a list item, a table row, a heading.
_BLOCK_START = re.compile(r"[ \t>]*(?:[*+-][ \t]|\d{1,9}[.)][ \t]|\||#)")


def _nth(text: str, marks: str, n: int) -> int:
    """Where the ``n``th of ``marks`` is in ``text``: any of its characters, or the whole
    of a longer mark (there are at least ``n``)."""
    if len(marks) > 3:
        index = -1
        for _ in range(n):
            index = text.index(marks, index + 1)
        return index
    found = 0
    for index, character in enumerate(text):
        found += character in marks
        if found == n:
            return index
    return len(text)


def body_links(body: str, first_line: int, folder: str) -> list[Lookup]:
    """The body's links to other content files, each to be looked up."""
    links = []
    for number, line in enumerate(body.splitlines(), start=first_line):
        for target in INTRASITE_LINK.findall(line):
            relative = (
                target.lstrip("/") if target.startswith("/") else os.path.join(folder, target)
            )
            links.append(Lookup("body", number, target, relative))
    return links


def lookup_problems(
    lookups: tuple[Lookup, ...], path: str, settings: ContractSettings
) -> list[Problem]:
    """What the lookups find wrong: a missing link target, an unusable share image."""
    if not lookups:
        return []
    root = os.path.realpath(settings.content_root)
    problems = []
    for lookup in lookups:
        if lookup.field == "image":
            messages = image_problems(lookup.value, lookup.relative, root)
        else:
            messages = link_problems(lookup.value, lookup.relative, root)
        problems.extend(Problem(path, lookup.line, lookup.field, m) for m in messages)
    return problems


def link_problems(target: str, relative: str, root: str) -> list[str]:
    """A link in the body to a content file that does not exist: a broken image or link."""
    resolved = os.path.realpath(os.path.join(root, relative))
    inside = os.path.commonpath([root, resolved]) == root
    if not inside or not os.path.exists(resolved):
        return [f"links to {target}, which is not in the content folder"]
    return []


def image_problems(value: str, relative: str, root: str) -> list[str]:
    """Why the ``image`` field's file cannot be the share graphic, if it cannot."""
    target = os.path.realpath(os.path.join(root, relative))
    if os.path.commonpath([root, target]) != root:
        return [f"'{value}' is outside the content folder"]
    if os.path.splitext(target)[1].lower() not in IMAGE_TYPES:
        return [f"'{value}' must be a PNG, JPEG or WebP image"]
    if not os.path.isfile(target):
        return [f"'{value}' does not exist under the content folder"]
    return [f"'{value}' {problem}" for problem in share_image_problems(target)]


def suggest(key: str, known: tuple[str, ...]) -> str:
    """The 'unknown field' message, with the nearest known name when there is one."""
    match = difflib.get_close_matches(key.lower(), known, n=1, cutoff=0.6)
    if match:
        return f"unknown field; did you mean {match[0]}?"
    return f"unknown field; the fields here are: {', '.join(known)}"


def share_image_problems(path: str) -> list[str]:
    """Why the image at ``path`` cannot be a share graphic; reads the file's header only."""
    try:
        with Image.open(path) as image:
            kind, (width, height) = image.format, image.size
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError):
        return ["cannot be read as a PNG, JPEG or WebP image"]
    if kind not in IMAGE_FORMATS:
        return [f"is a {kind} file inside; it must be a PNG, JPEG or WebP image"]
    problems = []
    min_width, min_height = IMAGE_MIN_SIZE
    if width < min_width or height < min_height:
        problems.append(
            f"is {width}×{height} pixels; a share graphic must be at least "
            f"{min_width}×{min_height}, or Facebook, LinkedIn and X show it as a small "
            "thumbnail instead of a large preview"
        )
    weight = os.path.getsize(path)
    if weight > IMAGE_MAX_BYTES:
        problems.append(
            f"weighs {weight / 1000:.0f} KB; WhatsApp shows no preview for an image over "
            f"{IMAGE_MAX_BYTES // 1000} KB: export it as a JPEG (quality 80 to 85) at 1200×630"
        )
    return problems


def limit_key(field: str) -> str:
    """The key of a field in limits.MAX_LENGTH and MAX_COUNT: facts[2].fact → facts[].fact."""
    key = _INDEX.sub("[]", field)
    # A bare address in a fact's list of sources is that source's url.
    return key + ".url" if key.endswith("sources[]") else key


_INDEX = re.compile(r"\[\d+\]")


def is_web_url(value: str) -> bool:
    """http(s), a host, no white space but a plain space after the host (pasted
    addresses hold them; weburls.encode_url writes them as %20)."""
    parts = urlsplit(value)
    return (
        parts.scheme in ("http", "https")
        and bool(parts.netloc)
        and not any(ch.isspace() for ch in parts.netloc)
        and not any(ch.isspace() and ch != " " for ch in value)
        and value == value.strip()
    )


class _Checker:
    """Walks one front-matter tree, converting values and noting problems."""

    def __init__(self, path: str, settings: ContractSettings):
        self.path = path
        self.settings = settings
        self.zone = ZoneInfo(settings.timezone)
        self.problems: list[Problem] = []
        self.lookups: list[Lookup] = []
        self.published: datetime | None = None

    def fail(self, line: int, field: str, message: str) -> None:
        self.problems.append(Problem(self.path, line, field, message))

    # -- the whole post -------------------------------------------------------

    def post(self, root: Mapping, body: str) -> Post | None:
        fields = self.known_entries(root, POST_FIELDS, "")
        title = self.required_text(fields, root, "title")
        published = self.required(fields, root, "date", self.datetime)
        modified = self.optional(fields, "modified", self.datetime)
        if published and modified and modified < published:
            # A day alone (no time) on the day of publication is not "before" it.
            by_day = len(fields["modified"].value.text.strip()) == len("2026-11-24")
            if not by_day or modified.date() < published.date():
                self.fail(fields["modified"].line, "modified", "is before the post's date")
        slug = self.optional(fields, "slug", self.slug)
        status = self.optional(fields, "status", self.status) or "published"
        claim, verdict, facts = self.rebuttal(fields)
        if "claim" not in fields and "facts" in fields:
            facts = self.facts(fields["facts"])
        self.published = published
        corrections = self.optional(fields, "corrections", self.corrections) or ()
        if title is None or published is None:
            return None
        return Post(
            title=title,
            date=published,
            body=body,
            modified=modified,
            slug=slug,
            summary=self.optional(fields, "summary", self.text),
            tags=self.optional(fields, "tags", self.text_list) or (),
            authors=self.optional(fields, "authors", self.text_list) or (),
            status=status,
            claim=claim,
            verdict=verdict,
            facts=facts or (),
            card=self.optional(fields, "card", self.card),
            image=self.optional(fields, "image", self.image),
            share_text=self.optional(fields, "share_text", self.text),
            corrections=corrections,
            aliases=self.optional(fields, "aliases", self.aliases) or (),
            field_lines={key: entry.line for key, entry in fields.items()},
        )

    def rebuttal(self, fields: dict[str, Entry]):
        if "claim" not in fields:
            for key in REBUTTAL_ONLY:
                if key in fields:
                    self.fail(
                        fields[key].line,
                        key,
                        "belongs to a rebuttal, which needs a claim; "
                        "add the claim or remove this field",
                    )
            return None, None, ()
        claim_entry = fields["claim"]
        text = self.text(claim_entry)
        claimant = self.required_text(fields, claim_entry, "claimant", because="claim")
        claim_date = self.optional(fields, "claim_date", self.date)
        claim_url = self.optional(fields, "claim_url", self.url)
        verdict = self.required(fields, claim_entry, "verdict", self.verdict, because="claim")
        facts = self.required(fields, claim_entry, "facts", self.facts, because="claim")
        if text is None or claimant is None:
            return None, verdict, facts
        return Claim(text, claimant, claim_date, claim_url), verdict, facts

    # -- field presence ---------------------------------------------------------

    def known_entries(self, mapping: Mapping, known: tuple[str, ...], prefix: str):
        fields = {}
        for key, entry in mapping.entries.items():
            if key in known:
                fields[key] = entry
            else:
                self.fail(entry.line, prefix + key, suggest(key, known))
        return fields

    def required(self, fields, parent, key, convert, *, because=None, prefix=""):
        if key in fields:
            return convert(fields[key], prefix)
        reason = f"is required with {because}" if because else "is required"
        self.fail(parent.line, prefix + key, reason)
        return None

    def required_text(self, fields, parent, key, *, because=None, prefix="", max_length=None):
        return self.required(
            fields,
            parent,
            key,
            lambda entry, prefix: self.text(entry, prefix, max_length=max_length),
            because=because,
            prefix=prefix,
        )

    def optional(self, fields, key, convert, prefix=""):
        if key in fields:
            return convert(fields[key], prefix)
        return None

    # -- value forms ------------------------------------------------------------

    def scalar(self, entry: Entry, prefix: str = "") -> str | None:
        """The typed text of a one-value field, or None after noting why not."""
        field = prefix + entry.key
        node = entry.value
        if not isinstance(node, Scalar):
            kind = "a list" if isinstance(node, Sequence) else "a set of fields"
            self.fail(entry.line, field, f"must be text, not {kind}")
            return None
        if not self.is_text(node.text, entry.line, field):
            return None
        value = node.text.strip()
        if not value:
            self.fail(entry.line, field, "is empty; give a value or remove the line")
            return None
        return self.checked_text(value, entry.line, field)

    def is_text(self, value: str, line: int, field: str) -> bool:
        """True if ``value`` holds no forbidden character; else noted.

        Looked at before trimming: str.strip() takes a vertical tab or U+001C-U+001F at
        either end for white space, which would hide them.
        """
        found = characters.forbidden(value)
        if found:
            self.fail(line, field, characters.message(found))
        return not found

    def checked_text(self, value: str, line: int, field: str) -> str | None:
        """``value`` if it is text and not too long for ``field``; else None, noted."""
        found = characters.forbidden(value)
        if found:
            self.fail(line, field, characters.message(found))
            return None
        limit = MAX_LENGTH.get(limit_key(field))
        if limit and len(value) > limit:
            self.fail(line, field, f"is {len(value):,} characters long; at most {limit:,} fit")
            return None
        return value

    def counted(self, items: list, line: int, field: str) -> bool:
        """True if a list is within its maximum count; else noted."""
        limit = MAX_COUNT.get(limit_key(field))
        if limit and len(items) > limit:
            self.fail(line, field, f"has {len(items):,} items; at most {limit} fit")
            return False
        return True

    def text(self, entry: Entry, prefix: str = "", max_length: int | None = None):
        return self.scalar(entry, prefix)

    def text_list(
        self, entry: Entry, prefix: str = "", fold_case: bool = True
    ) -> tuple[str, ...] | None:
        """A list of text, or one text with commas between the items, without repeats."""
        field = prefix + entry.key
        node = entry.value
        if isinstance(node, Scalar):
            if not self.is_text(node.text, entry.line, field):
                return None
            items = [part.strip() for part in node.text.split(",")]
            if not self.counted(items, entry.line, field):
                return None
            if not any(items):
                self.fail(entry.line, field, "is empty; give a value or remove the line")
                return None
            if not all(items):
                self.fail(entry.line, field, "has an empty item between commas")
                return None
        elif isinstance(node, Sequence):
            if not self.counted(node.items, entry.line, field):
                return None
            items = []
            for index, item in enumerate(node.items, start=1):
                if isinstance(item, Scalar) and not self.is_text(
                    item.text, entry.line, f"{field}[{index}]"
                ):
                    return None
                if not isinstance(item, Scalar) or not item.text.strip():
                    self.fail(item.line, field, "each item must be a piece of text")
                    return None
                items.append(item.text.strip())
            if not items:
                self.fail(entry.line, field, "is an empty list; remove the line")
                return None
        else:
            self.fail(entry.line, field, "must be a list or comma-separated text")
            return None
        for index, item in enumerate(items, start=1):
            if self.checked_text(item, entry.line, f"{field}[{index}]") is None:
                return None
        unique: dict[str, str] = {}
        for item in items:
            unique.setdefault(item.casefold() if fold_case else item, item)
        return tuple(unique.values())

    def datetime(self, entry: Entry, prefix: str = "") -> datetime | None:
        value = self.scalar(entry, prefix)
        if value is None:
            return None
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            self.fail(
                entry.line,
                prefix + entry.key,
                f"'{shown(value)}' is not a date; write it as {DATE_FORMS}",
            )
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=self.zone)
        return moment

    def date(self, entry: Entry, prefix: str = "") -> date | None:
        moment = self.datetime(entry, prefix)
        return moment.date() if moment else None

    def url(self, entry: Entry, prefix: str = "") -> str | None:
        value = self.scalar(entry, prefix)
        if value is not None and not is_web_url(value):
            self.fail(
                entry.line,
                prefix + entry.key,
                f"'{shown(value)}' is not a web address; it must start with https:// or http://",
            )
            return None
        # One valid spelling for every page, feed and JSON-LD that writes it.
        return weburls.encode_url(value) if value is not None else None

    def slug(self, entry: Entry, prefix: str = "") -> str | None:
        value = self.scalar(entry, prefix)
        if value is not None and not SLUG_PATTERN.match(value):
            self.fail(
                entry.line,
                "slug",
                f"'{shown(value)}' may hold only lowercase letters, digits and single hyphens",
            )
            return None
        return value

    def status(self, entry: Entry, prefix: str = "") -> str | None:
        value = self.scalar(entry, prefix)
        if value is not None and value not in STATUSES:
            self.fail(entry.line, "status", f"'{shown(value)}' is not one of {', '.join(STATUSES)}")
            return None
        return value

    def verdict(self, entry: Entry, prefix: str = "") -> str | None:
        value = self.scalar(entry, prefix)
        verdicts = self.settings.verdicts
        if value is not None and value not in verdicts:
            close = difflib.get_close_matches(value.lower(), verdicts, n=1, cutoff=0.6)
            hint = f"did you mean {close[0]}? " if close else ""
            self.fail(
                entry.line,
                "verdict",
                f"'{shown(value)}' is not a verdict; {hint}the verdicts are: {', '.join(verdicts)}",
            )
            return None
        return value

    def image(self, entry: Entry, prefix: str = "") -> str | None:
        value = self.scalar(entry, prefix)
        if value is None:
            return None
        # The file itself is checked by a lookup (see lookup_problems), after this post's
        # own rules: a post whose image fails it is not valid either.
        relative = value.removeprefix("{static}").lstrip("/")
        self.lookups.append(Lookup("image", entry.line, value, relative))
        return relative

    def aliases(self, entry: Entry, prefix: str = "") -> tuple[str, ...] | None:
        """Site paths, each in its one spelling (see aliases.normalise)."""
        items = self.text_list(entry, prefix, fold_case=False)
        if items is None:
            return None
        result: dict[str, int] = {}
        for index, item in enumerate(items, start=1):
            path, why = sitepaths.normalise(item)
            field = f"aliases[{index}]"
            if path is None:
                self.fail(entry.line, field, f"'{shown(item)}' {why}")
            elif path in result:
                self.fail(entry.line, field, f"'{shown(item)}' is aliases[{result[path]}] again")
            else:
                result[path] = index
        return tuple(result) if len(result) == len(items) else None

    def card(self, entry: Entry, prefix: str = "") -> Card | None:
        mapping = self.mapping(entry, prefix)
        if mapping is None:
            return None
        fields = self.known_entries(mapping, CARD_FIELDS, "card.")
        return Card(
            headline=self.optional(fields, "headline", self.text, "card."),
            kicker=self.optional(fields, "kicker", self.text, "card."),
        )

    def corrections(self, entry: Entry, prefix: str = "") -> tuple[Correction, ...] | None:
        result = []
        for index, item in enumerate(self.sequence(entry, prefix) or (), start=1):
            where = f"corrections[{index}]."
            mapping = self.mapping(item, where[:-1], whole=True)
            if mapping is None:
                continue
            fields = self.known_entries(mapping, CORRECTION_FIELDS, where)
            when = self.required(fields, mapping, "date", self.datetime, prefix=where)
            note = self.required_text(fields, mapping, "note", prefix=where)
            if when and self.published and when.date() < self.published.date():
                self.fail(fields["date"].line, where + "date", "is before the post's date")
                continue
            if when and note:
                result.append(Correction(when, note))
        return tuple(result)

    def facts(self, entry: Entry, prefix: str = "") -> tuple[Fact, ...] | None:
        items = self.sequence(entry, prefix)
        if items is None:
            return None
        if not items:
            self.fail(entry.line, "facts", "needs at least one fact")
            return None
        facts = []
        for index, item in enumerate(items, start=1):
            fact = self.fact(item, f"facts[{index}]")
            if fact:
                facts.append(fact)
        return tuple(facts)

    def fact(self, item: Entry, where: str) -> Fact | None:
        mapping = self.mapping(item, where, whole=True)
        if mapping is None:
            return None
        prefix = where + "."
        fields = self.known_entries(mapping, FACT_FIELDS, prefix)
        text = self.required_text(fields, mapping, "fact", prefix=prefix)
        if "sources" in fields and "source" in fields:
            self.fail(
                fields["source"].line,
                prefix + "source",
                "give either source (one address) or sources (a list), not both",
            )
            return None
        if "source" in fields:
            url = self.url(fields["source"], prefix)
            sources = (Source(url),) if url else None
        elif "sources" in fields:
            sources = self.sources(fields["sources"], prefix)
        else:
            self.fail(mapping.line, prefix + "sources", "every fact needs at least one source")
            return None
        if text is None or not sources:
            return None
        return Fact(text, sources)

    def sources(self, entry: Entry, prefix: str) -> tuple[Source, ...] | None:
        items = self.sequence(entry, prefix)
        if items is None:
            return None
        if not items:
            self.fail(entry.line, prefix + "sources", "every fact needs at least one source")
            return None
        sources = []
        for index, item in enumerate(items, start=1):
            where = f"{prefix}sources[{index}]"
            if isinstance(item.value, Scalar):
                # A bare address in the list is the short form of {url: ...}.
                url = self.url(Entry(where, item.line, item.value))
                if url:
                    sources.append(Source(url))
                continue
            mapping = self.mapping(item, where, whole=True)
            if mapping is None:
                continue
            sub = where + "."
            fields = self.known_entries(mapping, SOURCE_FIELDS, sub)
            url = self.required(fields, mapping, "url", self.url, prefix=sub)
            source = Source(
                url=url or "",
                title=self.optional(fields, "title", self.text, sub),
                publisher=self.optional(fields, "publisher", self.text, sub),
                date=self.optional(fields, "date", self.date, sub),
                accessed=self.optional(fields, "accessed", self.date, sub),
                archived_url=self.optional(fields, "archived_url", self.url, sub),
            )
            if url:
                sources.append(source)
        return tuple(sources) if len(sources) == len(items) else None

    # -- structure ------------------------------------------------------------------

    def sequence(self, entry: Entry, prefix: str = "") -> list[Entry] | None:
        """The items of a list field, each as an Entry named after the field."""
        node = entry.value
        if not isinstance(node, Sequence):
            field = prefix + entry.key
            if isinstance(node, Scalar) and not node.text.strip():
                self.fail(entry.line, field, "is empty; give a value or remove the line")
            else:
                self.fail(entry.line, field, "must be a list (each item on a line starting '- ')")
            return None
        if not self.counted(node.items, entry.line, prefix + entry.key):
            return None
        return [Entry(entry.key, item.line, item) for item in node.items]

    def mapping(self, entry: Entry, where: str, whole: bool = False) -> Mapping | None:
        node = entry.value
        if isinstance(node, Mapping):
            return node
        field = where if whole else where + entry.key
        self.fail(entry.line, field, "must be a set of 'name: value' fields")
        return None
