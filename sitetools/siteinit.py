"""`invoke init`: the example site becomes the team's own, in one command.

It writes the team's name, address, imprint, description, time zone and sign-up form
into ``site.toml`` (the one settings file a team edits; pelicanconf.py reads it),
deletes the example posts and their entries in ``published.json``, and keeps the
example pages for the team to rewrite, each marked with a ``TODO:`` line that `check`
and production builds refuse (plugins/posts/placeholders.py).

Everything is worked out before anything is written: an invalid value, or a site with
posts of its own (without ``force``), changes nothing at all.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from posts import addresses, characters, tree
from posts.placeholders import MARK
from posts.reader import display_path

from . import ToolError

HERE = os.path.dirname(os.path.abspath(__file__))
# Every version of the shipped examples, by source (see record_examples).
EXAMPLES = os.path.join(HERE, "examples.json")
SITE_FILE = "site.toml"
BUTTONDOWN_FORM = "https://buttondown.com/api/emails/embed-subscribe/{}"
# The line put at the top of each example page: `check` refuses the page until it goes.
PAGE_TODO = (
    f"{MARK} this is the example site's page, kept for you to make your own. Rewrite it "
    "for your team (who you are, your contacts, your address), then delete this line."
)


@dataclass(frozen=True)
class Values:
    """What makes the site the team's own: the contents of ``site.toml``."""

    name: str
    url: str
    imprint: str
    description: str
    timezone: str
    signup_service: str
    signup_form_url: str
    # The brand (docs/brand.md): optional, "" for the theme's own blue and the name alone.
    brand_colour: str = ""
    brand_colour_dark: str = ""
    brand_logo: str = ""
    brand_card_logo: str = ""


# Asked for on a terminal when not given. Description and time zone not given keep their
# current value; the sign-up form not given is none (the shipped one is a sample).
ASKED = {
    "name": "The site's name (e.g. Exampleton Response Team)",
    "url": "Its public address, https://…",
    "imprint": "The imprint (Promoted by … on behalf of …, both at …)",
}


def read_values(root: str) -> Values:
    with open(os.path.join(root, SITE_FILE), "rb") as file:
        data = tomllib.load(file)
    signup = data.get("signup", {})
    brand = data.get("brand", {})
    return Values(
        name=data["name"],
        url=data["url"],
        imprint=data["imprint"],
        description=data["description"],
        timezone=data["timezone"],
        signup_service=signup.get("service", ""),
        signup_form_url=signup.get("form_url", ""),
        brand_colour=brand.get("colour", ""),
        brand_colour_dark=brand.get("colour_dark", ""),
        brand_logo=brand.get("logo", ""),
        brand_card_logo=brand.get("card_logo", ""),
    )


def _toml(text: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, and values hold no DEL (checked)."""
    return json.dumps(text, ensure_ascii=False)


def render(values: Values) -> str:
    """The text of ``site.toml`` for ``values`` (the shipped file is this, for the examples)."""
    return f"""\
# This site's own settings: what makes the kit your team's site.
# `python3 dev.py init` writes them; edit them here by hand at any time.
# pelicanconf.py and publishconf.py read this file (every other setting is there).

# The site's name, in every page's header, on every card and in the emails.
name = {_toml(values.name)}
# The public address (https). SITEURL in the environment overrides it in production.
url = {_toml(values.url)}
# The digital imprint required on every page and card by the Elections Act 2022.
imprint = {_toml(values.imprint)}
# The home page's introduction and the default meta description.
description = {_toml(values.description)}
# The time zone of dates written without an offset (an IANA name).
timezone = {_toml(values.timezone)}

# The sign-up form: service "buttondown", "mailchimp" or "" (no form anywhere), and the
# address the service's embedded form posts to (docs/feeds-and-email.md).
[signup]
service = {_toml(values.signup_service)}
form_url = {_toml(values.signup_form_url)}
{render_brand(values)}"""


def render_brand(values: Values) -> str:
    """The [brand] table, only for a site that has one (docs/brand.md)."""
    keys = {"colour": values.brand_colour, "colour_dark": values.brand_colour_dark,
            "logo": values.brand_logo, "card_logo": values.brand_card_logo}  # fmt: skip
    if not any(keys.values()):
        return ""
    lines = [f"{key} = {_toml(value)}" for key, value in keys.items() if value]
    return (
        "\n# The team's colour (#rrggbb, contrast checked) and logo (.svg or .png, from this\n"
        "# folder); card_logo: a PNG for the cards when the logo is SVG (docs/brand.md).\n"
        "[brand]\n" + "\n".join(lines) + "\n"
    )


def parse_signup(text: str) -> tuple[str, str]:
    """``buttondown:USERNAME``, ``mailchimp:FORM-URL`` or ``none``, as (service, form URL)."""
    text = text.strip()
    if text.lower() in ("none", ""):
        return "", ""
    service, _, rest = text.partition(":")
    service, rest = service.strip().lower(), rest.strip()
    if service == "buttondown" and rest:
        return "buttondown", BUTTONDOWN_FORM.format(rest)
    if service == "mailchimp" and rest:
        return "mailchimp", rest
    raise ToolError(
        f"--signup {text!r}: give buttondown:USERNAME, mailchimp:FORM-URL (the action of "
        "Mailchimp's embedded form) or none"
    )


def complete(
    given: dict[str, str | None],
    current: Values,
    interactive: bool,
    ask: Callable[[str], str] = input,
) -> Values:
    """The new values: those given, else asked for on a terminal, else (unasked) the current.

    ``given`` holds name, url, imprint, description, timezone and signup (None: not given).
    """
    missing = [key for key in ASKED if not (given.get(key) or "").strip()]
    if missing and not interactive:
        flags = " ".join(f'--{key} "…"' for key in missing)
        raise ToolError(
            f"init needs {', '.join(missing)}, and there is no terminal to ask on: "
            f"give them as {flags}. Nothing was changed."
        )
    answers = dict(given)
    for key in missing:
        answers[key] = ask(f"{ASKED[key]}: ")
    if answers.get("signup") is None and interactive and missing:
        answers["signup"] = ask(
            "Sign-up form: buttondown:USERNAME, mailchimp:FORM-URL or none [none]: "
        )
    service, form_url = parse_signup(answers.get("signup") or "none")

    def value(key: str, fallback: str) -> str:
        found = answers.get(key)
        return " ".join(found.split()) if found is not None else fallback

    return Values(
        name=value("name", current.name),
        url=value("url", current.url).rstrip("/"),
        imprint=value("imprint", current.imprint),
        description=value("description", current.description),
        timezone=value("timezone", current.timezone),
        signup_service=service,
        signup_form_url=form_url,
        brand_colour=value("colour", current.brand_colour),
        brand_colour_dark=current.brand_colour_dark,
        brand_logo=value("logo", current.brand_logo),
        brand_card_logo=current.brand_card_logo,
    )


def problems_with(values: Values, settings: dict) -> list[str]:
    """Every reason ``values`` cannot be the site's, as sentences; empty when all is well.

    The imprint and the sign-up form are checked by the plugins that use them (cards,
    supporters), with the site's other settings, exactly as a build would check them.
    """
    from cards import settings as cards_settings
    from supporters import settings as supporters_settings

    problems = []
    for item in fields(values):
        text = getattr(values, item.name)
        # The contract's rule for text, and line ends too: each value is one line.
        unwanted = characters.forbidden(text) + [c for c in "\n\r" if c in text]
        if unwanted:
            problems.append(f"{item.name}: {characters.message(unwanted)}")
        elif not text and not item.name.startswith(("signup", "brand")):
            problems.append(f"{item.name}: cannot be empty")
    if problems:
        return problems
    parts = urlsplit(values.url)
    if parts.scheme != "https" or not parts.hostname or parts.query or parts.fragment:
        problems.append(
            f"url: {values.url!r} is not an https address such as https://facts.example.org "
            "(a site that collects sign-ups must be served over https)"
        )
    from brand import brand

    problems += [
        "colour: " + line
        for line in brand.colour_problems(
            "BRAND_COLOUR", values.brand_colour or None, brand.LIGHT_BACKGROUNDS, True
        )
    ]
    if values.brand_logo and not values.brand_logo.lower().endswith((".svg", ".png")):
        problems.append(f"logo: {values.brand_logo!r} must be an .svg or .png file")
    try:
        ZoneInfo(values.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(f"timezone: {values.timezone!r} is not a time zone such as Europe/London")
    trial = {
        **settings,
        "SITENAME": values.name,
        "IMPRINT": values.imprint,
        "SIGNUP_SERVICE": values.signup_service,
        "SIGNUP_FORM_URL": values.signup_form_url,
        "CARDS_SITE_NAME": None,  # the new name, as the cards plugin would take it
    }
    for key, plugin in (("imprint", cards_settings), ("signup", supporters_settings)):
        try:
            plugin.prepare(dict(trial))
        except plugin.SettingsError as error:
            problems += [
                f"{key}: {line.removeprefix('settings: ')}" for line in str(error).split("\n")
            ]
    return problems


def digest_of(raw: bytes) -> str:
    return hashlib.sha256(raw.replace(b"\r\n", b"\n")).hexdigest()


def shipped() -> dict[str, list[str]]:
    with open(EXAMPLES, encoding="utf-8") as file:
        return json.load(file)["files"]


@dataclass
class Plan:
    """What init will do, worked out before anything is touched."""

    writes: dict[str, bytes] = field(default_factory=dict)  # path -> new bytes
    deletes: list[str] = field(default_factory=list)  # example posts
    folders: list[str] = field(default_factory=list)  # build output holding the examples
    pages: list[str] = field(default_factory=list)  # pages marked TODO:, to write
    kept: list[str] = field(default_factory=list)  # the team's own posts (with force)


def mark_page(text: str, today: date) -> str:
    """An example page with the TODO: line first in its body, dated ``today``."""
    lines = text.replace("\r\n", "\n").split("\n")
    end = lines.index("---", 1)  # shipped pages: front matter between the first two ---
    for number in range(1, end):
        if re.match(r"date:\s", lines[number]):
            lines[number] = f"date: {today:%Y-%m-%d}"
    return "\n".join([*lines[: end + 1], PAGE_TODO, "", *lines[end + 1 :]])


def plan(
    settings: dict,
    values: Values,
    root: str,
    build_folders: list[str],
    force: bool = False,
    today: date | None = None,
) -> Plan:
    """What init would change; raises ToolError, changing nothing, when it must not run."""
    problems = problems_with(values, settings)
    examples = shipped()
    content = settings["PATH"]
    files = tree.content_files(settings)
    present = {os.path.join(content, source) for source, _ in files}
    done = Plan(folders=[f for f in build_folders if os.path.isdir(f)])
    raws = {}
    for source, kind in files:
        path = os.path.join(content, source)
        with open(path, "rb") as file:
            raws[path] = file.read()
        shipped_here = digest_of(raws[path]) in examples.get(source, ())
        if kind == "article":
            (done.deletes if shipped_here else done.kept).append(path)
        elif shipped_here:
            done.pages.append(path)
    ledger_file = tree.ledger_path(settings)
    ledger = addresses.load(tree.read_text(ledger_file))
    touched = set(done.deletes) | set(done.pages)

    def example_entry(source: str) -> bool:
        """An entry of a shipped example init removes, or whose file is already gone."""
        path = os.path.join(content, source)
        return source in examples and (path in touched or path not in present)

    # Posts published once and deleted since: the site's history, not the examples'.
    gone = [
        source
        for source in ledger
        if not example_entry(source) and os.path.join(content, source) not in present
    ]
    if (done.kept or gone) and not force:
        own = [display_path(path) for path in done.kept]
        own += [f"{source} (in {settings['POSTS_PUBLISHED_LEDGER']})" for source in gone]
        problems.insert(
            0,
            "This site has posts of its own, not only the shipped examples: "
            + ", ".join(own)
            + ". init turns a fresh copy of the kit into your site; to run it here anyway "
            "(the examples go, your posts stay), add --force.",
        )
    if problems:
        raise ToolError("\n".join(problems) + "\nNothing was changed.")
    today = today or datetime.now(ZoneInfo(values.timezone)).date()
    for path in done.pages:
        done.writes[path] = mark_page(raws[path].decode("utf-8"), today).encode("utf-8")
    kept = {source: record for source, record in ledger.items() if not example_entry(source)}
    done.writes[ledger_file] = addresses.dump(kept).encode("utf-8")
    done.writes[os.path.join(root, SITE_FILE)] = render(values).encode("utf-8")
    return done


def apply(done: Plan) -> None:
    for path, raw in done.writes.items():
        with open(path, "wb") as file:
            file.write(raw)
    for path in done.deletes:
        os.remove(path)
    for folder in done.folders:
        shutil.rmtree(folder, ignore_errors=True)


def checklist(done: Plan, values: Values) -> str:
    """What is left for the team, printed at the end of init."""
    pages = "\n".join(f"     {display_path(p)}" for p in done.pages) or "     (none left to write)"
    mailing = {
        "buttondown": "BUTTONDOWN_API_KEY (Buttondown → Settings → API)",
        "mailchimp": "MAILCHIMP_API_KEY (Mailchimp → Account → Extras → API keys)",
    }.get(values.signup_service)
    alert = (
        f"to send alerts with `python3 dev.py alert SLUG`, set\n     {mailing}\n"
        "     in the environment (never in a file)"
        if mailing
        else "no sign-up form: to add one, run init again with --signup, or edit site.toml"
    )
    host = urlsplit(values.url).hostname or ""
    cname = (
        ""
        if host.endswith(".github.io")
        else f"\n     and DEPLOY_GH_PAGES_CNAME = {host} (your own domain)"
    )
    removed = f"Removed {len(done.deletes)} example posts and their entries in published.json."
    if done.kept:
        removed += f" Kept {len(done.kept)} posts of your own."
    return f"""\
This is now {values.name} ({values.url}); its settings are in site.toml.
{removed}

What is left:
  1. Write your pages. Each has a TODO: line; `python3 dev.py check` (and so the
     pre-commit hook) and every production build (and so the deploy) refuse the page
     until that line is gone:
{pages}
  2. On GitHub: Settings → Pages, "Deploy from a branch", branch gh-pages, folder / (root);
     Settings → Secrets and variables → Actions → Variables: SITEURL = {values.url}{cname}.
  3. Mailing: {alert}.
  4. Replace or empty the samples still in pelicanconf.py: SUBSCRIBE_CHANNELS (listed
     on /subscribe/), SHARE_HASHTAGS and ALERT_REPLY_TO.
  5. Your first post: python3 dev.py new "What they got wrong"
Then commit it all: git add -A && git commit -m "Make the site ours\""""


def record_examples(content: str) -> None:
    """Add the current example posts and pages to examples.json (old versions stay known)."""
    with open(EXAMPLES, encoding="utf-8") as file:
        data = json.load(file)
    for folder in ("posts", "pages"):
        for name in sorted(os.listdir(os.path.join(content, folder))):
            with open(os.path.join(content, folder, name), "rb") as file:
                known = data["files"].setdefault(f"{folder}/{name}", [])
                digest = digest_of(file.read())
                if digest not in known:
                    known.append(digest)
    with open(EXAMPLES, "w", encoding="utf-8") as file:
        file.write(json.dumps(data, indent=2) + "\n")


if __name__ == "__main__":
    # After changing an example post or page, from the project folder:
    #   PYTHONPATH=plugins .venv/bin/python -m sitetools.siteinit --record-examples
    import sys

    if sys.argv[1:] != ["--record-examples"]:
        sys.exit("usage: python -m sitetools.siteinit --record-examples")
    record_examples(os.path.join(os.path.dirname(HERE), "content"))
