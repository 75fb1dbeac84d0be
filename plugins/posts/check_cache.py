"""`invoke check`'s cache: what each post file's own text says, kept by the file's bytes.

Parsing the front-matter and running the contract's rules is nearly all of a check, and
what one file's own text says (its problems, and the status, date, slug and aliases the
address checks need) depends only on its bytes, the settings the contract reads and this
plugin's code. So it is kept in one JSON file under CACHE_PATH, each file's entry keyed by
a SHA-256 of its bytes (never its modification time, which a fresh checkout resets), the
whole cache named by a fingerprint of those settings and that code. What depends on other
files (a body link's target, the share image, other posts' addresses, the ledger, stray
files) is never kept: the check looks again every time.

A cache that is missing, unreadable or made for other settings or code is ignored, and
the next check writes a fresh one holding only the files it read: it never grows.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
from dataclasses import dataclass
from datetime import datetime
from importlib import metadata
from zoneinfo import ZoneInfo

from sitekit.files import write_atomically

from .contract import Lookup
from .reader import contract_settings

logger = logging.getLogger(__name__)

FILE_NAME = "posts-check.json"
HERE = os.path.dirname(os.path.abspath(__file__))
# Besides this plugin's code: the libraries whose behaviour a cached answer holds
# (YAML parsing; Pelican's slugify and the transliteration behind it).
LIBRARIES = ("PyYAML", "pelican", "Unidecode")


@dataclass(frozen=True)
class Own:
    """One file's own reading, as the check keeps it."""

    digest: str  # SHA-256 of the file's bytes
    fields: dict | None  # the tree Entry's fields; None when the file breaks the contract
    problems: tuple[tuple[int, str, str], ...]  # (line, field, message); no path: see tree
    lookups: tuple[Lookup, ...]


def path_of(settings: dict) -> str:
    return os.path.join(settings["CACHE_PATH"], FILE_NAME)


def digest_of(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def fingerprint(settings: dict) -> str:
    """What every cached answer depends on besides the file: settings, code, libraries."""
    digest = hashlib.sha256()
    for name in sorted(os.listdir(HERE)):
        if name.endswith(".py"):
            with open(os.path.join(HERE, name), "rb") as file:
                digest.update(name.encode() + b"\0" + file.read() + b"\0")
    versions = []
    for library in LIBRARIES:
        try:
            versions.append(metadata.version(library))
        except metadata.PackageNotFoundError:
            versions.append(None)
    reading = (
        repr(contract_settings(settings)),
        repr(settings.get("SLUG_REGEX_SUBSTITUTIONS", [])),
        sys.version,
        versions,
    )
    digest.update(json.dumps(reading).encode())
    return digest.hexdigest()


def load(settings: dict, key: str) -> dict[str, Own]:
    """The kept readings by source, or nothing if the cache is absent, broken or stale."""
    try:
        with open(path_of(settings), encoding="utf-8") as file:
            stored = json.load(file)
        if stored.get("fingerprint") != key:
            return {}
        return {source: _decode(item) for source, item in stored["files"].items()}
    except FileNotFoundError:
        return {}
    except Exception as error:  # a cache is a convenience: any fault means read afresh
        logger.debug("Ignoring the check cache %s: %r", path_of(settings), error)
        return {}


def save(settings: dict, key: str, readings: dict[str, Own]) -> None:
    """Replace the cache with these readings, whole or not at all."""
    path = path_of(settings)
    data = {
        "fingerprint": key,
        "files": {source: _encode(own) for source, own in sorted(readings.items())},
    }
    try:
        # ASCII with escapes: a file name that is not UTF-8 reaches Python as a
        # lone surrogate, which UTF-8 cannot hold.
        write_atomically(path, json.dumps(data, separators=(",", ":")).encode("ascii"))
    except OSError as error:  # a read-only checkout still gets its check
        logger.debug("Could not write the check cache %s: %r", path, error)


def _encode(own: Own) -> list:
    fields = None
    if own.fields is not None:
        fields = {**own.fields, "date": _encode_date(own.fields["date"])}
    lookups = [[x.field, x.line, x.value, x.relative] for x in own.lookups]
    return [own.digest, fields, own.problems, lookups]


def _decode(item: list) -> Own:
    digest, fields, problems, lookups = item
    if fields is not None:
        fields = {
            **fields,
            "date": _decode_date(fields["date"]),
            "aliases": tuple(fields["aliases"]),
            "tags": tuple(fields["tags"]),
        }
    return Own(
        digest,
        fields,
        tuple((line, field, message) for line, field, message in problems),
        tuple(Lookup(field, line, value, relative) for field, line, value, relative in lookups),
    )


def _encode_date(moment: datetime) -> list:
    """A post's date with its time zone: by name when it has one, so it reads back equal."""
    zone = moment.tzinfo.key if isinstance(moment.tzinfo, ZoneInfo) else None
    return [moment.isoformat(), zone]


def _decode_date(value: list) -> datetime:
    text, zone = value
    moment = datetime.fromisoformat(text)
    return moment.replace(tzinfo=ZoneInfo(zone)) if zone else moment
