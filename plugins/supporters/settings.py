"""The SIGNUP_*, SUBSCRIBE_* and ALERT_* settings: defaults in one place, checked at start-up."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from sitekit.errors import SettingsError  # noqa: F401 (re-exported: where callers catch it)
from sitekit.settings import prepare as checked

from .mailing import SERVICES

DEFAULTS = {
    # The mailing service supporters sign up to, and `invoke alert` sends through:
    # "buttondown", "mailchimp", or "" for none (no sign-up form anywhere).
    "SIGNUP_SERVICE": "",
    # Where the form posts: the action of the service's own embedded form.
    "SIGNUP_FORM_URL": "",
    # The service's names for the form's fields, over its defaults (see mailing/);
    # "" for name or postcode leaves that question out.
    "SIGNUP_FIELDS": {},
    # Fixed values sent with every sign-up, e.g. {"tag": "website"} for Buttondown.
    "SIGNUP_HIDDEN_FIELDS": {},
    # The privacy notice: a page of this site ("privacy/") or an https address.
    "SIGNUP_PRIVACY_URL": "",
    # What people agree to by pressing the button; {sitename} is replaced.
    "SIGNUP_CONSENT": (
        "By joining you agree to get emails from {sitename}: our rebuttals when the other "
        "side attacks, and now and then a request for your help. We never pass your details "
        "on to anyone else. Every email has a link to unsubscribe at once, or reply and ask "
        "us to remove you."
    ),
    "SIGNUP_TITLE": "Join the Response Team",
    "SIGNUP_PITCH": (
        "When they attack, the facts reach your inbox within the hour, with sources you can "
        "share. Join the people who answer back."
    ),
    "SIGNUP_URL": "join/",
    "SIGNUP_SAVE_AS": "join/index.html",
    "SUBSCRIBE_URL": "subscribe/",
    "SUBSCRIBE_SAVE_AS": "subscribe/index.html",
    # The team's channels elsewhere: [{"name", "url", "description"}], in order.
    "SUBSCRIBE_CHANNELS": [],
    # `invoke alert`: the sender's name (empty: SITENAME) and reply address (Mailchimp).
    "ALERT_FROM_NAME": "",
    "ALERT_REPLY_TO": "",
    # The service's API address; empty for its own. For a local stand-in or a proxy.
    "ALERT_API_URL": "",
    # Seconds to wait for each answer from the service.
    "ALERT_TIMEOUT": 20,
}

FIELD_KEYS = ("email", "name", "postcode")
CHANNEL_KEYS = {"name", "url", "description"}


def prepare(settings: dict) -> dict:
    """Fill in the defaults, check every setting, and let the form through the CSP."""
    checked(settings, DEFAULTS, check)
    if settings["SIGNUP_SERVICE"]:
        allow_form_action(settings, origin(settings["SIGNUP_FORM_URL"]))
    return settings


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def allow_form_action(settings: dict, source: str) -> None:
    """Add ``source`` to the CSP's form-action (hosting plugin), as a new dict: never
    the hosting plugin's shared default."""
    extra = {name: list(values) for name, values in settings.get("HOSTING_CSP_EXTRA", {}).items()}
    sources = extra.setdefault("form-action", [])
    if source not in sources:
        sources.append(source)
    settings["HOSTING_CSP_EXTRA"] = extra


def is_https(value) -> bool:
    if not isinstance(value, str):
        return False
    parts = urlsplit(value)
    return parts.scheme == "https" and bool(parts.netloc)


def is_local_http(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme == "http" and parts.hostname in ("127.0.0.1", "localhost", "::1")


def is_site_path(value) -> bool:
    """A path inside this site, like "privacy/": no scheme, no host, no way out."""
    if not isinstance(value, str) or not value.strip("/"):
        return False
    parts = urlsplit(value)
    return not parts.scheme and not parts.netloc and ".." not in value.split("/")


def _text(settings: dict, name: str) -> list[str]:
    value = settings[name]
    if not isinstance(value, str) or not value.strip():
        return [f"{name} must be some text"]
    return []


def _save_as(settings: dict, name: str) -> list[str]:
    value = settings[name]
    if not isinstance(value, str) or not is_site_path(value):
        return [f"{name} must be a path inside the output, like 'join/index.html', not {value!r}"]
    return []


def check(settings: dict) -> list[str]:
    """Every problem with these settings, as sentences; empty when all is well."""
    problems = []
    service = settings["SIGNUP_SERVICE"]
    form_url = settings["SIGNUP_FORM_URL"]
    if service not in ("", *SERVICES):
        problems.append(
            f"SIGNUP_SERVICE must be one of {', '.join(SERVICES)} or empty, not {service!r}"
        )
    elif service:
        if not is_https(form_url):
            problems.append(
                f"SIGNUP_FORM_URL must be the https address your {SERVICES[service].LABEL} "
                f"form posts to, not {form_url!r}"
            )
        elif problem := SERVICES[service].form_problem(form_url):
            problems.append(f"SIGNUP_FORM_URL {form_url!r} is not right: {problem}")
        privacy = settings["SIGNUP_PRIVACY_URL"]
        if not (is_https(privacy) or is_site_path(privacy)):
            problems.append(
                "SIGNUP_PRIVACY_URL must name your privacy notice, a page of this site "
                "('privacy/') or an https address: the law asks for one where people sign up"
            )
    elif form_url:
        problems.append("SIGNUP_FORM_URL is set but SIGNUP_SERVICE is empty: name the service")
    problems += _check_fields(settings["SIGNUP_FIELDS"])
    hidden = settings["SIGNUP_HIDDEN_FIELDS"]
    if not isinstance(hidden, dict) or not all(
        isinstance(k, str) and k.strip() and isinstance(v, str) for k, v in hidden.items()
    ):
        problems.append("SIGNUP_HIDDEN_FIELDS must map field names to text values")
    consent = settings["SIGNUP_CONSENT"]
    problems += _text(settings, "SIGNUP_CONSENT")
    if isinstance(consent, str):
        try:
            consent.format(sitename="")
        except (KeyError, IndexError, ValueError):
            problems.append("SIGNUP_CONSENT may only use {sitename}; write other braces as {{ }}")
    for name in ("SIGNUP_TITLE", "SIGNUP_PITCH", "SIGNUP_URL", "SUBSCRIBE_URL"):
        problems += _text(settings, name)
    for name in ("SIGNUP_SAVE_AS", "SUBSCRIBE_SAVE_AS"):
        problems += _save_as(settings, name)
    problems += _check_channels(settings["SUBSCRIBE_CHANNELS"])
    reply_to = settings["ALERT_REPLY_TO"]
    if not isinstance(reply_to, str) or (reply_to and not re.fullmatch(r"\S+@\S+", reply_to)):
        problems.append(f"ALERT_REPLY_TO must be an email address or empty, not {reply_to!r}")
    if not isinstance(settings["ALERT_FROM_NAME"], str):
        problems.append("ALERT_FROM_NAME must be text (empty: SITENAME)")
    api_url = settings["ALERT_API_URL"]
    if api_url != "" and not (is_https(api_url) or is_local_http(str(api_url))):
        problems.append(
            "ALERT_API_URL must be empty (the service's own API), an https address, or "
            f"http on this machine: the API key is sent there, not to {api_url!r}"
        )
    timeout = settings["ALERT_TIMEOUT"]
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0:
        problems.append(f"ALERT_TIMEOUT must be a number of seconds, not {timeout!r}")
    return problems


def _check_fields(fields) -> list[str]:
    if not isinstance(fields, dict):
        return ["SIGNUP_FIELDS must map email, name and postcode to the service's field names"]
    problems = []
    for key, value in fields.items():
        if key not in FIELD_KEYS:
            problems.append(f"SIGNUP_FIELDS: {key!r} is not a field ({', '.join(FIELD_KEYS)})")
        elif not isinstance(value, str) or (value and not re.fullmatch(r"\S+", value)):
            problems.append(f"SIGNUP_FIELDS[{key!r}] must be a field name without spaces")
        elif key == "email" and not value:
            problems.append("SIGNUP_FIELDS['email'] cannot be empty: the address is the point")
    return problems


def _check_channels(channels) -> list[str]:
    if not isinstance(channels, list | tuple):
        return ["SUBSCRIBE_CHANNELS must be a list of {name, url, description}"]
    problems = []
    for number, channel in enumerate(channels, 1):
        where = f"SUBSCRIBE_CHANNELS[{number}]"
        if not isinstance(channel, dict) or set(channel) != CHANNEL_KEYS:
            problems.append(f"{where} must have exactly name, url and description")
            continue
        if not all(isinstance(channel[k], str) and channel[k].strip() for k in CHANNEL_KEYS):
            problems.append(f"{where}: name, url and description must each be some text")
        elif not is_https(channel["url"]):
            problems.append(f"{where}: url must be an https address, not {channel['url']!r}")
    return problems
