"""JSON over HTTPS with the standard library, and service failures said plainly.

The API key travels only in the Authorization header; every message that may
reach a terminal has the key taken out, whatever the service echoed back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.error import HTTPError, URLError
from urllib.request import Request, urlopen

USER_AGENT = "response-team-alert/1"


@dataclass
class Response:
    status: int
    data: dict


class ServiceError(Exception):
    """The service refused, failed or did not answer; ``str()`` says what to do."""

    def __init__(
        self, message: str, status: int | None = None, timed_out: bool = False, left: str = ""
    ):
        super().__init__(message)
        self.status = status
        self.timed_out = timed_out
        self.left = left  # what remains in the service after the failure, if anything


def redact(text: str, secret: str) -> str:
    return text.replace(secret, "[key hidden]") if secret else text


def request(
    method: str,
    url: str,
    *,
    authorization: str,
    secret: str,
    payload: dict | None = None,
    headers: dict | None = None,
    timeout: float = 20.0,
    service: str = "The service",
    key_variable: str = "the API key",
) -> Response:
    """One request; a ServiceError with a plain explanation for anything but 2xx."""
    data = None if payload is None else json.dumps(payload).encode("utf-8")
    all_headers = {
        "Accept": "application/json",
        "User-Agent": USER_AGENT,
        "Authorization": authorization,
        **({"Content-Type": "application/json"} if data is not None else {}),
        **(headers or {}),
    }
    req = Request(url, data=data, method=method, headers=all_headers)
    try:
        with urlopen(req, timeout=timeout) as answer:  # noqa: S310 - https, or a local stand-in
            return Response(answer.status, _json(answer.read()))
    except HTTPError as error:
        body = _json(error.read())
        raise ServiceError(
            redact(
                explain(service, key_variable, error.code, body, error.headers.get("Retry-After")),
                secret,
            ),
            error.code,
        ) from None
    except TimeoutError:
        raise ServiceError(_timed_out(service, timeout), timed_out=True) from None
    except URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise ServiceError(_timed_out(service, timeout), timed_out=True) from None
        reason = redact(str(error.reason), secret)
        raise ServiceError(f"Could not reach {service} ({reason}).") from None
    except OSError as error:
        raise ServiceError(f"Could not reach {service} ({redact(str(error), secret)}).") from None


def _timed_out(service: str, timeout: float) -> str:
    return (
        f"{service} did not answer within {timeout:g} seconds. The request may still have "
        f"arrived: look in {service} before you try again, so you do not make two."
    )


def _json(raw: bytes) -> dict:
    try:
        data = json.loads(raw.decode("utf-8") or "{}")
    except (UnicodeDecodeError, ValueError):
        return {}
    return data if isinstance(data, dict) else {"detail": str(data)}


def _detail(body: dict) -> str:
    """The service's own words: Buttondown's ``detail``, Mailchimp's ``title``/``detail``."""
    parts = [str(body[key]) for key in ("title", "detail") if body.get(key)]
    errors = body.get("errors")
    if isinstance(errors, list):  # Mailchimp names each bad field
        parts += [f"{e.get('field')}: {e.get('message')}" for e in errors if isinstance(e, dict)]
    return "; ".join(parts)


def explain(
    service: str, key_variable: str, status: int, body: dict, retry_after: str | None
) -> str:
    """A sentence for an error status: what it means and what to do next."""
    said = _detail(body)
    said = f' It said: "{said}".' if said else ""
    if status in (401, 403):
        return (
            f"{service} refused the API key ({status}).{said} Check {key_variable}: "
            "is it the whole key, for this account, and allowed to create emails?"
        )
    if status == 429:
        wait = f" It asks us to wait {retry_after} seconds." if retry_after else ""
        return f"{service} is limiting how fast we may call it (429).{wait} Try again in a minute."
    if status >= 500:
        return (
            f"{service} had a problem of its own ({status}).{said} Try again in a few "
            "minutes, and check its status page if it persists."
        )
    return f"{service} did not accept the request ({status}).{said}"
