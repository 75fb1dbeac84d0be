"""`invoke alert`: real production builds, and stand-ins for the services' APIs on 127.0.0.1."""

from __future__ import annotations

import base64
import hashlib
import io
import re
import shutil
from pathlib import Path

import pytest
from fake_mailing import Failure, FakeButtondown, FakeMailchimp
from sites import ROOT, Site, empty_site, post, rebuttal

from sitetools.alert import run

pytestmark = pytest.mark.build

SETTINGS = str(ROOT / "publishconf.py")
SITEURL = "https://rt.example.org"
KEY = "bd-key-4f1c9e0a7d"
MC_KEY = "0123456789abcdef0123456789abcdef-us6"
BUTTONDOWN_FORM = "https://buttondown.example.com/api/emails/embed-subscribe/response-team"
MAILCHIMP_FORM = "https://team.us6.list-manage.com/subscribe/post?u=a1b2c3d4e5&id=f6a7b8c9d0"
SLUG = "they-are-wrong"
TITLE = "They are wrong about the bus passes"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Site:
    site = empty_site(tmp_path_factory.mktemp("alert-site"))
    site.write(
        "posts/wrong.md",
        rebuttal(TITLE, date="2026-11-02 09:30", slug=SLUG, summary="They said it; we checked."),
    )
    site.write("posts/draft.md", rebuttal("A draft prebuttal", date="2026-11-03", status="draft"))
    site.write("posts/later.md", rebuttal("A scheduled rebuttal", date="2099-05-03 07:00"))
    site.write("posts/hidden.md", post("A hidden note", date="2026-10-20", status="hidden"))
    site.write("pages/privacy.md", post("Privacy notice", date="2026-09-01", slug="privacy"))
    return site


@pytest.fixture(scope="module")
def edition(site, tmp_path_factory) -> str:
    """The email edition a production build writes, built separately to compare with."""
    copy = Site(tmp_path_factory.mktemp("alert-compare"))
    shutil.copytree(site.content, copy.content)
    copy.build("publishconf.py", SITEURL=SITEURL, FEEDS_HUB="")
    return (copy.output / "email/2026/11" / SLUG / "index.html").read_text(encoding="utf-8")


@pytest.fixture
def buttondown():
    fake = FakeButtondown(KEY)
    yield fake
    fake.close()


@pytest.fixture
def mailchimp():
    fake = FakeMailchimp(MC_KEY)
    yield fake
    fake.close()


def digest(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def alert(site, fake, slug=SLUG, send=False, env=None, **settings):
    service = "mailchimp" if isinstance(fake, FakeMailchimp) else "buttondown"
    override = {
        "PATH": str(site.content),
        "SITEURL": SITEURL,
        "FEEDS_HUB": "",
        "SIGNUP_SERVICE": service,
        "SIGNUP_FORM_URL": MAILCHIMP_FORM if service == "mailchimp" else BUTTONDOWN_FORM,
        "SIGNUP_PRIVACY_URL": "privacy/",
        "ALERT_API_URL": fake.url + ("/3.0" if service == "mailchimp" else "/v1"),
        "ALERT_REPLY_TO": "team@example.org",
        **settings,
    }
    if env is None:
        env = (
            {"MAILCHIMP_API_KEY": MC_KEY} if service == "mailchimp" else {"BUTTONDOWN_API_KEY": KEY}
        )
    out, err = io.StringIO(), io.StringIO()
    before = digest(site.content)
    code = run(SETTINGS, slug, send=send, override=override, env=env, out=out, err=err)
    # Whatever happened, nothing in the working folder changed (ledger included).
    assert digest(site.content) == before
    return code, out.getvalue(), err.getvalue()


def inner_body(html: str) -> str:
    return re.search(r"<body[^>]*>(.*)</body>", html, re.S).group(1).strip()


def assert_key_only_in_header(request, key: str) -> None:
    assert key not in request.path
    assert key.encode() not in request.raw


# --- Buttondown -------------------------------------------------------------------


def test_a_draft_email_carries_the_edition_the_subject_and_the_key_only_in_the_header(
    site, edition, buttondown
):
    code, out, err = alert(site, buttondown)
    assert (code, err) == (0, "")
    [request] = buttondown.requests
    assert (request.method, request.path) == ("POST", "/v1/emails")
    assert request.headers["Authorization"] == f"Token {KEY}"
    assert_key_only_in_header(request, KEY)
    payload = request.json
    assert payload["subject"] == TITLE
    assert payload["body"] == inner_body(edition)
    assert "They did say it." in payload["body"]
    # Buttondown's default status sends at once: a draft must say so.
    assert payload["status"] == "draft"
    assert "X-Buttondown-Live-Dangerously" not in request.headers
    assert payload["canonical_url"] == f"{SITEURL}/2026/11/{SLUG}/"
    assert payload["description"] == "They said it; we checked."
    assert "as a draft" in out and "nothing is sent" in out
    assert f"https://buttondown.com/emails/{buttondown_id(out)}" in out
    assert KEY not in out


def buttondown_id(out: str) -> str:
    return re.search(r"id\s+(\S+)", out).group(1)


def test_send_creates_an_email_that_goes_out_now(site, buttondown):
    code, out, _ = alert(site, buttondown, send=True)
    assert code == 0
    [request] = buttondown.requests
    assert request.json["status"] == "about_to_send"
    assert request.headers["X-Buttondown-Live-Dangerously"] == "true"
    assert "sent it now" in out


@pytest.mark.parametrize(
    ("slug", "said"),
    [
        ("a-draft-prebuttal", "is a draft"),
        ("a-scheduled-rebuttal", "is scheduled for 2099-05-03 07:00"),
        ("a-hidden-note", "is hidden"),
        ("privacy", "is a page, not a post"),
        ("they-are-wrongg", "Did you mean: they-are-wrong"),
    ],
)
def test_refuses_what_is_not_a_published_post_before_any_request(site, buttondown, slug, said):
    code, out, err = alert(site, buttondown, slug=slug)
    assert code == 1 and out == ""
    assert said in err
    assert buttondown.requests == []


def test_refuses_when_the_site_does_not_build(tmp_path, buttondown):
    broken = empty_site(tmp_path)
    broken.write("posts/wrong.md", rebuttal(TITLE, slug=SLUG))
    broken.write("posts/bad.md", rebuttal("Bad", verdict="misleding"))
    code, _, err = alert(broken, buttondown)
    assert code == 1
    assert "does not build" in err and "verdict" in err and "bad.md" in err
    assert buttondown.requests == []


def test_refuses_without_a_key_and_never_reads_one_from_settings(site, buttondown):
    code, _, err = alert(site, buttondown, env={})
    assert code == 1
    assert "BUTTONDOWN_API_KEY is not set" in err
    assert buttondown.requests == []


def test_refuses_a_development_address(site, buttondown):
    code, _, err = alert(site, buttondown, SITEURL="", FEEDS_SITEURL="")
    assert code == 1 and "development address" in err
    assert buttondown.requests == []


@pytest.mark.parametrize(
    ("failure", "said"),
    [
        (Failure(401, {"detail": "Invalid token."}), "refused the API key (401)"),
        (Failure(403, {"detail": "Forbidden."}), "refused the API key (403)"),
        (Failure(429, {"detail": "Slow down."}, {"Retry-After": "30"}), "wait 30 seconds"),
        (Failure(503, {"detail": "Down for maintenance."}), "a problem of its own (503)"),
        (Failure(400, {"code": "body_invalid", "detail": "Bad body."}), '"Bad body."'),
    ],
)
def test_service_failures_are_said_plainly_and_change_nothing(site, buttondown, failure, said):
    buttondown.fail("POST", "/v1/emails", failure)
    code, out, err = alert(site, buttondown)
    assert code == 1 and out == ""
    assert said in err
    assert "Nothing was made in Buttondown." in err and "Nothing here was changed." in err
    assert KEY not in err


def test_a_refused_key_names_the_variable_to_check(site, buttondown):
    code, _, err = alert(site, buttondown, env={"BUTTONDOWN_API_KEY": "wrong-key"})
    assert code == 1
    assert "refused the API key (401)" in err and "Check BUTTONDOWN_API_KEY" in err
    assert "wrong-key" not in err


def test_a_key_echoed_back_by_the_service_is_never_printed(site, buttondown):
    buttondown.fail("POST", "/v1/emails", Failure(400, {"detail": f"Bad key {KEY} here"}))
    _, _, err = alert(site, buttondown)
    assert KEY not in err and "[key hidden]" in err


def test_a_timeout_says_to_look_before_trying_again(site, buttondown):
    buttondown.fail("POST", "/v1/emails", Failure(201, {"id": "late"}, delay=1.0))
    code, _, err = alert(site, buttondown, ALERT_TIMEOUT=0.2)
    assert code == 1
    assert "did not answer within 0.2 seconds" in err and "look in Buttondown" in err
    assert "Nothing here was changed." in err


# --- Mailchimp --------------------------------------------------------------------


def test_mailchimp_draft_campaign_to_the_forms_audience_with_the_edition(site, edition, mailchimp):
    code, out, err = alert(site, mailchimp)
    assert (code, err) == (0, "")
    create, content = mailchimp.requests
    assert (create.method, create.path) == ("POST", "/3.0/campaigns")
    assert (content.method, content.path) == (
        "PUT",
        f"/3.0/campaigns/{campaign_id(create, mailchimp)}/content",
    )
    for request in (create, content):
        user, password = base64.b64decode(request.headers["Authorization"][6:]).decode().split(":")
        assert password == MC_KEY
        assert_key_only_in_header(request, MC_KEY)
    body = create.json
    assert body["type"] == "regular"
    assert body["recipients"] == {"list_id": "f6a7b8c9d0"}
    assert body["settings"]["subject_line"] == TITLE
    assert body["settings"]["reply_to"] == "team@example.org"
    assert body["settings"]["from_name"] == "Response Team"
    html = content.json["html"]
    assert inner_body(edition) in html
    assert "*|UNSUB|*" in html
    assert "https://us6.admin.mailchimp.com/campaigns/edit?id=4242" in out
    assert "nothing is sent" in out


def campaign_id(create, fake) -> str:
    return next(iter(fake.campaigns))


def test_mailchimp_send_sends_the_campaign_now(site, mailchimp):
    code, out, _ = alert(site, mailchimp, send=True)
    assert code == 0
    assert [(r.method, r.path.rsplit("/", 2)[-2:]) for r in mailchimp.requests][-1] == (
        "POST",
        ["actions", "send"],
    )
    assert "sent it now" in out


def test_mailchimp_deletes_the_empty_campaign_when_the_content_is_refused(site, mailchimp):
    mailchimp.fail("PUT", "/3.0/campaigns/", Failure(400, {"title": "Invalid Resource"}))
    code, _, err = alert(site, mailchimp)
    assert code == 1
    assert [r.method for r in mailchimp.requests] == ["POST", "PUT", "DELETE"]
    assert mailchimp.campaigns == {}
    assert "Invalid Resource" in err and "Nothing was made in Mailchimp." in err


def test_mailchimp_says_where_the_unsent_campaign_is_when_sending_fails(site, mailchimp):
    mailchimp.fail("POST", "/3.0/campaigns/", Failure(429, {"title": "Too Many Requests"}))
    code, _, err = alert(site, mailchimp, send=True)
    assert code == 1
    assert "(429)" in err
    assert "complete but not sent" in err and "campaigns/edit?id=4242" in err


def test_mailchimp_refuses_a_key_without_its_data_centre_and_no_reply_address(site, mailchimp):
    code, _, err = alert(
        site, mailchimp, env={"MAILCHIMP_API_KEY": "0123456789abcdef"}, ALERT_REPLY_TO=""
    )
    assert code == 1
    assert "does not end in its data centre" in err and "ALERT_REPLY_TO must be set" in err
    assert mailchimp.requests == []
