"""`invoke alert SLUG`: a published post's email edition as a campaign in the mailing service.

The attack that cannot wait for tomorrow's digest: one command turns the post's
email edition into a draft campaign (``--send``: one sent now) through the
service's API, and says exactly what it made and where to review it.

It refuses before anything is sent anywhere when the post is a draft, hidden,
scheduled for later or missing, or when the site does not build. The edition
comes from a fresh production build of a copy of the content in a temporary
folder, so it is exactly what the deploy serves, and nothing in the working
folder (output/, the ledger) changes, whatever the service answers. The API key
comes from the environment only and is never printed.
"""

from __future__ import annotations

import contextlib
import difflib
import io
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

from pelican.settings import read_settings
from supporters.mailing import SERVICES, ServiceError
from supporters.mailing.base import Account, Campaign, Edition


class RefusalError(Exception):
    """Why no campaign will be made; said to the editor as it is."""


@dataclass(frozen=True)
class Target:
    """The post to send, as its file says and its address is pinned."""

    source: str  # as problems name files
    title: str
    url: str  # site-relative, e.g. 2026/11/slug/


def load_settings(settings_file: str, override: dict | None = None) -> dict:
    """The site's settings with the defaults and checks of the plugins alert relies on."""
    from feeds import settings as feed_settings
    from posts.posts import prepare_settings
    from supporters import settings as supporter_settings

    settings = read_settings(settings_file, override=override)
    prepare_settings(settings)
    feed_settings.prepare(settings)
    supporter_settings.prepare(settings)
    return settings


def find_post(settings: dict, slug: str, now: datetime | None = None) -> Target:
    """The published post whose address ends in ``slug``; a RefusalError says why not."""
    from posts import tree
    from posts.reader import display_path

    now = now or datetime.now(UTC)
    problems, _, survey, addresses = tree.inspect(settings, now)
    if problems:
        listed = "\n".join(f"  {problem}" for problem in problems)
        raise RefusalError(
            f"The site does not build, so there is no email edition to send:\n{listed}\n"
            "Fix these (python3 dev.py check) and try again."
        )
    wanted = slug.strip().strip("/").rsplit("/", 1)[-1]
    entries = [entry for entry, _ in survey.entries]
    posts = {entry.source: post for entry, post in survey.entries}
    matches = [
        entry
        for entry in entries
        if wanted in (entry.slug, getattr(addresses.get(entry.source), "slug", None))
    ]
    if not matches:
        raise RefusalError(f"No post has the address slug {wanted!r}.{_suggest(wanted, entries)}")
    entry = matches[0]
    name = display_path(entry.path)
    if entry.kind != "article":
        raise RefusalError(f"{name} is a page, not a post: only posts have an email edition.")
    if entry.status == "draft":
        raise RefusalError(
            f"{name} is a draft (status: draft), so it is not on the site and must not reach "
            "anyone's inbox. Publish it, deploy, then run alert again."
        )
    if entry.status == "hidden":
        raise RefusalError(
            f"{name} is hidden (status: hidden): hidden posts have no email edition."
        )
    if not tree.is_public(entry.status, entry.date, now, settings.get("WITH_FUTURE_DATES", False)):
        raise RefusalError(
            f"{name} is scheduled for {entry.date:%Y-%m-%d %H:%M %Z}: it is not on the site "
            "yet. Run alert once a build after that time has been deployed."
        )
    return Target(name, posts[entry.source].title, addresses[entry.source].url)


def _suggest(wanted: str, entries) -> str:
    """Posts whose slug holds the words typed, or looks like it: a typo costs seconds."""
    slugs = [entry.slug for entry in entries if entry.kind == "article"]
    close = [slug for slug in slugs if wanted in slug]
    close += [s for s in difflib.get_close_matches(wanted, slugs, n=3) if s not in close]
    return f" Did you mean: {', '.join(close[:3])}?" if close else ""


def build(settings_file: str, override: dict, workdir: str) -> str:
    """A production build of a copy of the content into ``workdir``; returns the output folder."""
    from pelican import Pelican

    content = os.path.join(workdir, "content")
    output = os.path.join(workdir, "output")
    shutil.copytree(override["PATH"], content)
    settings = load_settings(
        settings_file,
        {
            **override,
            "PATH": content,
            "OUTPUT_PATH": output,
            "CACHE_PATH": os.path.join(workdir, "cache"),
            "SEARCH_INDEX": False,  # only the email edition is read
        },
    )
    log = io.StringIO()
    try:
        with contextlib.redirect_stdout(log):
            Pelican(settings).run()
    except SystemExit as error:
        raise RefusalError(f"The production build failed:\n{error}") from None
    return output


_DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)">')


def read_edition(output: str, settings: dict, target: Target) -> Edition:
    import html

    from feeds.feeds import email_save_as
    from feeds.settings import feeds_site_url

    path = os.path.join(output, email_save_as(settings["FEEDS_EMAIL_DIR"], target.url))
    if not os.path.exists(path):
        raise RefusalError(f"The build wrote no email edition for {target.source} at {path}.")
    with open(path, encoding="utf-8") as file:
        edition_html = file.read()
    summary = ""
    page = os.path.join(output, target.url, "index.html")
    if os.path.exists(page):
        with open(page, encoding="utf-8") as file:
            found = _DESCRIPTION.search(file.read())
        summary = html.unescape(found.group(1)) if found else ""
    site = feeds_site_url(settings)
    return Edition(
        subject=target.title, html=edition_html, url=f"{site}/{target.url}", summary=summary
    )


def is_development_address(url: str) -> bool:
    return urlsplit(url).hostname in ("127.0.0.1", "localhost", "::1")


def report(campaign: Campaign, edition: Edition, label: str) -> str:
    size = len(edition.html.encode("utf-8"))
    if campaign.sent:
        what = (
            f"Created a {campaign.kind} and sent it now to your list (status: {campaign.status})."
        )
        next_step = "See it in"
    else:
        what = f"Created a {campaign.kind} as a draft (status: {campaign.status}): nothing is sent."
        next_step = "Review it, and send it from"
    return (
        f"{what}\n"
        f"  subject  {edition.subject}\n"
        f"  post     {edition.url}\n"
        f"  content  the post's email edition, {size:,} bytes of HTML\n"
        f"  id       {campaign.id}\n"
        f"{next_step} {label}: {campaign.review_url}\n"
    )


def run(
    settings_file: str,
    slug: str,
    send: bool = False,
    *,
    override: dict | None = None,
    env=None,
    now: datetime | None = None,
    out=None,
    err=None,
) -> int:
    """The whole command; 0 when the campaign was made, 1 when refused or it failed."""
    env = os.environ if env is None else env
    out, err = out or sys.stdout, err or sys.stderr
    try:
        settings = load_settings(settings_file, override)
        service = settings["SIGNUP_SERVICE"]
        if not service:
            raise RefusalError("SIGNUP_SERVICE is empty: name the mailing service to send through.")
        module = SERVICES[service]
        key = env.get(module.KEY_VARIABLE, "").strip()
        if not key:
            raise RefusalError(
                f"{module.KEY_VARIABLE} is not set. Put the {module.LABEL} API key in the "
                f"environment (export {module.KEY_VARIABLE}=…); it is never kept in a file here."
            )
        account = Account(
            key=key,
            api_url=settings["ALERT_API_URL"],
            timeout=float(settings["ALERT_TIMEOUT"]),
            from_name=settings["ALERT_FROM_NAME"] or settings["SITENAME"],
            reply_to=settings["ALERT_REPLY_TO"],
            form_url=settings["SIGNUP_FORM_URL"],
        )
        problems = module.account_problems(account)
        if problems:
            raise RefusalError("\n".join(problems))
        if not settings["FEEDS_EMAIL_EDITIONS"]:
            raise RefusalError(
                "FEEDS_EMAIL_EDITIONS is off, so posts have no email edition to send."
            )
        from feeds.settings import feeds_site_url

        if is_development_address(feeds_site_url(settings)):
            raise RefusalError(
                f"Links would point at {feeds_site_url(settings)}, a development address: "
                "use the production settings (publishconf.py) and the deploy's SITEURL."
            )
        target = find_post(settings, slug, now)
        with tempfile.TemporaryDirectory(prefix="alert-") as workdir:
            output = build(settings_file, {**(override or {}), "PATH": settings["PATH"]}, workdir)
            edition = read_edition(output, settings, target)
        campaign = module.create_campaign(edition, account, send=send)
    except RefusalError as refusal:
        print(f"alert: {refusal}", file=err)
        return 1
    except ServiceError as error:
        print(f"alert: {error}", file=err)
        if error.left:
            print(f"Left in {module.LABEL}: {error.left}.", file=err)
        elif not error.timed_out:
            print(f"Nothing was made in {module.LABEL}.", file=err)
        print("Nothing here was changed.", file=err)
        return 1
    except SystemExit as error:  # a malformed setting, said plainly by its plugin
        print(f"alert: {error}", file=err)
        return 1
    print(report(campaign, edition, module.LABEL), end="", file=out)
    return 0
