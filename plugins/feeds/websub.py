"""WebSub: tell the hub which feeds changed since the last ping, so subscribers hear at once.

After a deploy, call ``ping_from_settings(settings, manifest)`` (``invoke ping-hub`` does).
It hashes every feed in the output folder, asks the hub to fetch each one whose hash
differs from the manifest of the last successful ping, and records the new hashes.
A feed whose ping failed keeps its old hash, so the next run tries it again.
"""

from __future__ import annotations

import glob
import hashlib
import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.error import URLError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

from . import settings as feed_settings
from .items import absolute

logger = logging.getLogger(__name__)

TIMEOUT = 10  # seconds per request: a slow hub must not hold up a deploy for long


class PingError(Exception):
    """The hub did not accept a publish notification."""


@dataclass
class PingReport:
    hub: str = ""
    pinged: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def feed_files(output_path: str, site_url: str, path_templates) -> dict[str, str]:
    """Every feed in the output folder: its public address -> its file."""
    found = {}
    for template in path_templates:
        pattern = os.path.join(output_path, template.replace("{slug}", "*"))
        for path in sorted(glob.glob(pattern)):
            relative = os.path.relpath(path, output_path).replace(os.sep, "/")
            found[absolute(site_url, relative)] = path
    return found


def digest(path: str) -> str:
    with open(path, "rb") as file:
        return hashlib.sha256(file.read()).hexdigest()


def load_manifest(path: str) -> dict[str, str]:
    """Feed address -> hash at the last successful ping; empty before the first."""
    try:
        with open(path, encoding="utf-8") as file:
            return json.load(file).get("feeds", {})
    except FileNotFoundError:
        return {}


def save_manifest(path: str, hashes: dict[str, str]) -> None:
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w", encoding="utf-8") as file:
        json.dump({"feeds": dict(sorted(hashes.items()))}, file, indent=2)
        file.write("\n")


def changed(current: dict[str, str], last: dict[str, str]) -> list[str]:
    """Addresses of the feeds that are new or differ from the last ping, sorted."""
    return sorted(url for url, value in current.items() if last.get(url) != value)


def publish(hub: str, feed_url: str, timeout: float = TIMEOUT) -> None:
    """One publish notification (hub.mode=publish, hub.url=…), as WebSub hubs accept them."""
    body = urlencode({"hub.mode": "publish", "hub.url": feed_url}).encode("ascii")
    request = Request(
        hub,
        data=body,
        method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    try:
        with urlopen(request, timeout=timeout) as response:  # noqa: S310 - hub is http(s)
            status = response.status
    except URLError as error:  # HTTPError included: a 4xx or 5xx answer
        raise PingError(f"{hub}: {getattr(error, 'code', None) or error.reason}") from error
    except OSError as error:
        raise PingError(f"{hub}: {error}") from error
    if not 200 <= status < 300:
        raise PingError(f"{hub}: answered {status}")


def ping_changed(
    hub: str,
    feeds: dict[str, str],
    manifest_path: str,
    send: Callable[[str, str], None] = publish,
) -> PingReport:
    """Ping ``hub`` for each of ``feeds`` (address -> file) that changed; update the manifest."""
    report = PingReport(hub=hub)
    current = {url: digest(path) for url, path in feeds.items()}
    last = load_manifest(manifest_path)
    to_ping = changed(current, last)
    recorded = {url: value for url, value in last.items() if url in current}
    for url in sorted(current):
        if url not in to_ping:
            report.unchanged.append(url)
            continue
        try:
            send(hub, url)
        except PingError as error:
            logger.warning("WebSub ping for %s failed: %s", url, error)
            report.failed.append(url)
            continue
        recorded[url] = current[url]
        report.pinged.append(url)
    save_manifest(manifest_path, recorded)
    return report


def ping_from_settings(settings: dict, manifest_path: str) -> PingReport:
    """Ping the hub in ``FEEDS_HUB`` for every feed in ``OUTPUT_PATH`` that changed.

    ``settings`` is a Pelican settings dict (``pelican.settings.read_settings``) of the
    build that was deployed; run this after the upload, so the hub fetches the new feeds.
    """
    settings = feed_settings.prepare(dict(settings))
    hub = settings["FEEDS_HUB"]
    if not hub:
        logger.info("FEEDS_HUB is empty: no hub to ping")
        return PingReport()
    templates = [*settings["FEEDS_SITE_PATHS"].values(), *settings["FEEDS_TOPIC_PATHS"].values()]
    site_url = feed_settings.feeds_site_url(settings)
    feeds = feed_files(settings["OUTPUT_PATH"], site_url, templates)
    if not feeds:
        # Never record an empty manifest for an unbuilt folder: every feed would look new.
        raise PingError(f"no feeds in {settings['OUTPUT_PATH']}: build the site first")
    return ping_changed(hub, feeds, manifest_path)


def ping(settings: dict, output_dir: str) -> PingReport:
    """After a deploy of ``output_dir``: ping the hub for every feed that changed.

    The manifest of what was last pinged sits beside the build caches
    (``.cache/websub-pinged.json``), where ``invoke ping-hub`` keeps it too.
    """
    manifest = os.path.join(os.path.dirname(settings["CACHE_PATH"]), "websub-pinged.json")
    return ping_from_settings({**settings, "OUTPUT_PATH": output_dir}, manifest)
