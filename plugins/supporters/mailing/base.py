"""What every mailing service adapter takes and gives back."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Edition:
    """One post's email edition, as a campaign is made from it."""

    subject: str
    html: str  # the whole email edition page, styles inlined
    url: str  # the post's public address
    summary: str = ""


@dataclass(frozen=True)
class Account:
    """How to reach the service: the key (from the environment only) and where."""

    key: str
    api_url: str = ""  # "" means the service's own public API
    timeout: float = 20.0
    from_name: str = ""
    reply_to: str = ""
    form_url: str = ""  # SIGNUP_FORM_URL: Mailchimp's names the audience


@dataclass(frozen=True)
class Campaign:
    """What a service made: enough to say exactly what happened and where to look."""

    kind: str  # the service's own word for it, e.g. "Buttondown email"
    id: str
    status: str  # "draft", or what sending now is called there
    review_url: str
    sent: bool = False
