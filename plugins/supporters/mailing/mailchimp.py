"""Mailchimp: its embedded sign-up form and its Marketing API for campaigns.

Form: the action of the embed code Mailchimp gives under Audience → Signup
forms → Embedded forms, ``https://<account>.<dc>.list-manage.com/subscribe/post?u=<u>&id=<list>``,
posted with the audience's merge tags (``EMAIL``, ``FNAME``, a custom tag for the
postcode) and the empty bot trap ``b_<u>_<list>`` its embed code carries.

API (https://mailchimp.com/developer/marketing/api/campaigns/): HTTP Basic with
any user name and the key as password
(https://mailchimp.com/developer/guides/marketing-api-conventions/), at
``https://<dc>.api.mailchimp.com/3.0`` where ``<dc>`` ends the key (``…-us6``).
``POST /campaigns`` (type ``regular``, ``recipients.list_id``, ``settings``) makes a
draft; ``PUT /campaigns/{id}/content`` with ``html`` fills it;
``POST /campaigns/{id}/actions/send`` sends it now (204). Errors are problem
documents (``title``, ``status``, ``detail``;
https://mailchimp.com/developer/marketing/docs/errors/).
"""

from __future__ import annotations

import base64
import re
from urllib.parse import parse_qs, urlsplit

from .base import Account, Campaign, Edition
from .http import ServiceError, request

LABEL = "Mailchimp"
KEY_VARIABLE = "MAILCHIMP_API_KEY"
API_URL = "https://{dc}.api.mailchimp.com/3.0"
REVIEW_URL = "https://{dc}.admin.mailchimp.com/campaigns/edit?id={web_id}"

FORM_FIELDS = {"email": "EMAIL", "name": "FNAME", "postcode": "POSTCODE"}
_DATA_CENTRE = re.compile(r"-([a-z]+[0-9]+)$")
# Every Mailchimp email must let the reader unsubscribe; the edition has no such link.
UNSUBSCRIBE = (
    '<p style="font-family: Arial, Helvetica, sans-serif; font-size: 12px; color: #444444; '
    'text-align: center;"><a href="*|UNSUB|*">Unsubscribe</a> from these emails.</p>'
)


def _query(url: str) -> dict[str, str]:
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}


def form_problem(url: str) -> str | None:
    query = _query(url)
    if (
        urlsplit(url).path.rstrip("/") != "/subscribe/post"
        or not query.get("u")
        or not (query.get("id"))
    ):
        return (
            "a Mailchimp form posts to https://<account>.<dc>.list-manage.com/subscribe/post"
            "?u=…&id=… (the form action in Mailchimp's embedded form code)"
        )
    return None


def hidden_fields(url: str) -> dict[str, str]:
    return {}


def trap_field(url: str) -> str | None:
    """The field Mailchimp's embed code keeps empty: a bot that fills it is turned away."""
    query = _query(url)
    return f"b_{query['u']}_{query['id']}"


def audience(account: Account) -> str:
    return _query(account.form_url).get("id", "")


def data_centre(key: str) -> str:
    found = _DATA_CENTRE.search(key)
    return found.group(1) if found else ""


def account_problems(account: Account) -> list[str]:
    """What stops a campaign before any request is made."""
    problems = []
    if not data_centre(account.key):
        problems.append(
            f"{KEY_VARIABLE} does not end in its data centre (like …-us6): "
            "copy the whole key from Mailchimp"
        )
    if not audience(account):
        problems.append(
            "SIGNUP_FORM_URL must be Mailchimp's form address, which names the audience"
        )
    if not account.reply_to:
        problems.append("ALERT_REPLY_TO must be set: Mailchimp sends no campaign without one")
    return problems


def with_unsubscribe(html: str) -> str:
    if "*|UNSUB|*" in html:
        return html
    at = html.lower().rfind("</body>")
    return html[:at] + UNSUBSCRIBE + html[at:] if at >= 0 else html + UNSUBSCRIBE


def create_campaign(edition: Edition, account: Account, send: bool = False) -> Campaign:
    """A draft campaign to the form's audience, filled with the edition; sent now with ``send``."""
    dc = data_centre(account.key)
    api = (account.api_url or API_URL.format(dc=dc)).rstrip("/")
    token = base64.b64encode(f"response-team:{account.key}".encode()).decode("ascii")

    def call(method: str, path: str, payload: dict | None = None):
        return request(
            method,
            api + path,
            authorization=f"Basic {token}",
            secret=account.key,
            payload=payload,
            timeout=account.timeout,
            service=LABEL,
            key_variable=KEY_VARIABLE,
        )

    created = call(
        "POST",
        "/campaigns",
        {
            "type": "regular",
            "recipients": {"list_id": audience(account)},
            "settings": {
                "subject_line": edition.subject,
                "preview_text": edition.summary[:150],
                "title": edition.subject,
                "from_name": account.from_name,
                "reply_to": account.reply_to,
            },
        },
    ).data
    campaign_id = str(created.get("id", ""))
    review = REVIEW_URL.format(dc=dc, web_id=created.get("web_id", ""))
    try:
        call("PUT", f"/campaigns/{campaign_id}/content", {"html": with_unsubscribe(edition.html)})
    except ServiceError as error:
        raise _undo(call, campaign_id, review, error) from None
    if send:
        try:
            call("POST", f"/campaigns/{campaign_id}/actions/send")
        except ServiceError as error:
            error.left = (
                f"the draft campaign {campaign_id}, complete but not sent: review it and send "
                f"it by hand at {review}"
            )
            raise
    return Campaign(
        kind="Mailchimp campaign",
        id=campaign_id,
        status="sending" if send else str(created.get("status") or "save"),
        review_url=review,
        sent=send,
    )


def _undo(call, campaign_id: str, review: str, error: ServiceError) -> ServiceError:
    """An empty campaign helps nobody: delete it again, or say where it is."""
    try:
        call("DELETE", f"/campaigns/{campaign_id}")
    except ServiceError:
        error.left = f"an empty draft campaign {campaign_id}: delete it at {review}"
    return error
