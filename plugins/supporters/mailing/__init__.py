"""The mailing services supporters sign up to, behind one small interface.

Each service is one module (``buttondown.py``, ``mailchimp.py``) holding what
this project needs to know about it: how its embedded sign-up form looks
(``form_problem``, ``FORM_FIELDS``, ``hidden_fields``, ``trap_field``) and how
to make a campaign through its API (``create_campaign``). To add a service,
add a module with the same names and list it in ``SERVICES``.
"""

from __future__ import annotations

from types import ModuleType

from . import buttondown, mailchimp
from .base import Campaign, Edition
from .http import ServiceError

SERVICES: dict[str, ModuleType] = {"buttondown": buttondown, "mailchimp": mailchimp}

__all__ = ["SERVICES", "Campaign", "Edition", "ServiceError"]
