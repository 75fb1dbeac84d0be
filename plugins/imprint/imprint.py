"""The digital imprint (Elections Act 2022): required on production builds."""

from __future__ import annotations

from pelican import signals
from sitekit.errors import PlainExit
from sitekit.settings import fill_defaults

DEFAULTS = {"IMPRINT": "", "IMPRINT_REQUIRED": False}


class MissingImprint(PlainExit):
    """Said plainly, without a traceback: the build must not go out without it."""


def missing_imprint_message(settings: dict) -> str | None:
    """Why this build may not run, or None when the imprint rule is met."""
    imprint = settings.get("IMPRINT")
    if not settings.get("IMPRINT_REQUIRED") or (isinstance(imprint, str) and imprint.strip()):
        return None
    return (
        "settings: IMPRINT is empty. UK law (Elections Act 2022) requires a digital "
        "imprint on a party's online material: set imprint in site.toml to "
        "'Promoted by <name> on behalf of <party>, both at <address>.'"
    )


def require_imprint(pelican) -> None:
    fill_defaults(pelican.settings, DEFAULTS)
    message = missing_imprint_message(pelican.settings)
    if message:
        raise MissingImprint(message)


def register():
    # Checked before anything is read or written, so a production build without
    # an imprint stops at once.
    signals.initialized.connect(require_imprint)
