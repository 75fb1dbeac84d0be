"""Buttondown: its embedded sign-up form and its API for emails.

Form: ``https://buttondown.com/api/emails/embed-subscribe/<username>``, posted
with ``email``, ``embed=1`` and any ``metadata__<key>`` fields (the embed code
Buttondown gives under Settings → Embedding).

API (https://docs.buttondown.com/api-emails-create, OpenAPI ``create_email``):
``POST https://api.buttondown.com/v1/emails`` with ``Authorization: Token <key>``
(https://docs.buttondown.com/api-authentication) and a JSON ``EmailInput``:
``subject`` (required), ``body`` (HTML or Markdown), ``status``. Its default
status is ``about_to_send``, which sends at once, so ``status`` is always given.
Answers 201 with the ``Email`` (``id``, ``status``); errors are
``{"code", "detail"}`` with 400, 401/403 for the key, 429 when rate-limited.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from .base import Account, Campaign, Edition
from .http import request

LABEL = "Buttondown"
KEY_VARIABLE = "BUTTONDOWN_API_KEY"
API_URL = "https://api.buttondown.com/v1"
REVIEW_URL = "https://buttondown.com/emails/{id}"

FORM_FIELDS = {"email": "email", "name": "metadata__first_name", "postcode": "metadata__postcode"}
_FORM_PATH = re.compile(r"^/api/emails/embed-subscribe/[A-Za-z0-9_-]+/?$")
_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.DOTALL | re.IGNORECASE)


def form_problem(url: str) -> str | None:
    """What is wrong with ``url`` as the form's address, or None."""
    if not _FORM_PATH.match(urlsplit(url).path):
        return (
            "a Buttondown form posts to https://buttondown.com/api/emails/embed-subscribe/"
            "<your username> (Settings → Embedding in Buttondown)"
        )
    return None


def hidden_fields(url: str) -> dict[str, str]:
    # Buttondown's embed code sends embed=1: the answer is then its own thank-you page.
    return {"embed": "1"}


def trap_field(url: str) -> str | None:
    return None  # Buttondown screens sign-ups itself


def account_problems(account: Account) -> list[str]:
    return []  # the key is all Buttondown needs; the newsletter is the key's


def email_body(html: str) -> str:
    """The inside of the edition's <body>: Buttondown puts it in its own template."""
    found = _BODY.search(html)
    return (found.group(1) if found else html).strip()


def create_campaign(edition: Edition, account: Account, send: bool = False) -> Campaign:
    """One email: a draft to review, or with ``send`` one that goes out at once."""
    payload = {
        "subject": edition.subject,
        "body": email_body(edition.html),
        # Never left out: Buttondown's default would send to everyone at once.
        "status": "about_to_send" if send else "draft",
        "canonical_url": edition.url,
        "description": edition.summary,
    }
    # Buttondown asks for this header before an API key's first real send; it is
    # only ever added when the editor typed --send.
    headers = {"X-Buttondown-Live-Dangerously": "true"} if send else {}
    answer = request(
        "POST",
        f"{(account.api_url or API_URL).rstrip('/')}/emails",
        authorization=f"Token {account.key}",
        secret=account.key,
        payload=payload,
        headers=headers,
        timeout=account.timeout,
        service=LABEL,
        key_variable=KEY_VARIABLE,
    )
    email_id = str(answer.data.get("id", ""))
    return Campaign(
        kind="Buttondown email",
        id=email_id,
        status=str(answer.data.get("status") or payload["status"]),
        review_url=REVIEW_URL.format(id=email_id),
        sent=send,
    )
