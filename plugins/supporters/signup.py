"""The sign-up form as data: the service's field names and where it posts, built from settings.

Templates only render it (``partials/signup_form.html``): a plain HTML form that
posts straight to the mailing service when the person presses the button, with
no script and no request to the service before then.
"""

from __future__ import annotations

from dataclasses import dataclass

from .mailing import SERVICES


@dataclass(frozen=True)
class SignupForm:
    service: str
    service_label: str  # the service's name, told to people before they press the button
    action: str  # the service's form address
    email_field: str
    name_field: str  # "" when the form does not ask
    postcode_field: str  # "" when the form does not ask
    hidden: tuple[tuple[str, str], ...]  # fixed (name, value) pairs
    trap_field: str | None  # the service's bot trap, kept empty by people
    consent: str
    privacy_url: str  # absolute, or "" when privacy_path names a page of this site
    privacy_path: str
    title: str
    pitch: str


def signup_form(settings: dict) -> SignupForm | None:
    """The form, or None when no service is configured (then no form is shown anywhere)."""
    service = settings["SIGNUP_SERVICE"]
    if not service:
        return None
    module = SERVICES[service]
    url = settings["SIGNUP_FORM_URL"]
    fields = {**module.FORM_FIELDS, **settings["SIGNUP_FIELDS"]}
    hidden = {**module.hidden_fields(url), **settings["SIGNUP_HIDDEN_FIELDS"]}
    privacy = settings["SIGNUP_PRIVACY_URL"]
    absolute = "://" in privacy
    return SignupForm(
        service=service,
        service_label=module.LABEL,
        action=url,
        email_field=fields["email"],
        name_field=fields["name"],
        postcode_field=fields["postcode"],
        hidden=tuple(sorted(hidden.items())),
        trap_field=module.trap_field(url),
        consent=settings["SIGNUP_CONSENT"].format(sitename=settings["SITENAME"]),
        privacy_url=privacy if absolute else "",
        privacy_path="" if absolute else privacy.lstrip("/"),
        title=settings["SIGNUP_TITLE"],
        pitch=settings["SIGNUP_PITCH"],
    )
