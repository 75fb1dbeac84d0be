"""The sign-up form, the join and subscribe pages: settings checks and real builds."""

from __future__ import annotations

import copy
from urllib.parse import urlsplit

import pytest
from sites import empty_site, post, rebuttal, text_of
from supporters import settings as supporter_settings
from supporters.settings import DEFAULTS, SettingsError, check, prepare

BUTTONDOWN_FORM = "https://buttondown.example.com/api/emails/embed-subscribe/response-team"
MAILCHIMP_FORM = "https://team.us6.list-manage.com/subscribe/post?u=a1b2c3d4e5&id=f6a7b8c9d0"


def settings(**values) -> dict:
    return {**copy.deepcopy(DEFAULTS), "SITENAME": "Response Team", **values}


# --- Settings ---------------------------------------------------------------------


def test_defaults_are_valid_and_mean_no_form():
    assert check(settings()) == []


@pytest.mark.parametrize(
    ("values", "said"),
    [
        ({"SIGNUP_SERVICE": "mailchimps"}, "SIGNUP_SERVICE must be one of buttondown, mailchimp"),
        (
            {"SIGNUP_SERVICE": "buttondown", "SIGNUP_FORM_URL": "http://buttondown.com/x"},
            "must be the https address",
        ),
        (
            {"SIGNUP_SERVICE": "buttondown", "SIGNUP_FORM_URL": "https://buttondown.com/team"},
            "embed-subscribe",
        ),
        (
            {
                "SIGNUP_SERVICE": "mailchimp",
                "SIGNUP_FORM_URL": "https://team.us6.list-manage.com/subscribe?u=a&id=b",
            },
            "subscribe/post",
        ),
        ({"SIGNUP_SERVICE": "buttondown", "SIGNUP_FORM_URL": BUTTONDOWN_FORM}, "privacy"),
        ({"SIGNUP_FORM_URL": BUTTONDOWN_FORM}, "SIGNUP_SERVICE is empty"),
        ({"SIGNUP_FIELDS": {"phone": "PHONE"}}, "'phone' is not a field"),
        ({"SIGNUP_FIELDS": {"email": ""}}, "cannot be empty"),
        ({"SIGNUP_CONSENT": "We {party} will email you"}, "may only use {sitename}"),
        ({"SIGNUP_CONSENT": "  "}, "SIGNUP_CONSENT must be some text"),
        ({"SIGNUP_SAVE_AS": "../join.html"}, "SIGNUP_SAVE_AS must be a path inside"),
        ({"SUBSCRIBE_CHANNELS": [{"name": "WhatsApp"}]}, "exactly name, url and description"),
        (
            {"SUBSCRIBE_CHANNELS": [{"name": "T", "url": "tg://x", "description": "d"}]},
            "must be an https address",
        ),
        ({"ALERT_REPLY_TO": "team"}, "ALERT_REPLY_TO must be an email address"),
        ({"ALERT_API_URL": "http://api.example.org"}, "the API key is sent there"),
        ({"ALERT_TIMEOUT": 0}, "ALERT_TIMEOUT must be a number"),
    ],
)
def test_each_bad_setting_is_named(values, said):
    problems = check(settings(**values))
    assert any(said in problem for problem in problems), problems


def test_prepare_stops_with_every_problem_and_lets_the_form_through_the_csp():
    with pytest.raises(SettingsError, match="SIGNUP_SERVICE"):
        prepare({"SITENAME": "x", "SIGNUP_SERVICE": "nope"})
    shared_default = {}
    ready = prepare(
        {
            "SITENAME": "x",
            "SIGNUP_SERVICE": "mailchimp",
            "SIGNUP_FORM_URL": MAILCHIMP_FORM,
            "SIGNUP_PRIVACY_URL": "https://example.org/privacy",
            "HOSTING_CSP_EXTRA": shared_default,
        }
    )
    assert ready["HOSTING_CSP_EXTRA"] == {"form-action": ["https://team.us6.list-manage.com"]}
    assert shared_default == {}  # the hosting plugin's default is never changed in place


def test_an_unknown_service_module_cannot_sneak_in():
    assert set(supporter_settings.SERVICES) == {"buttondown", "mailchimp"}


# --- Builds -----------------------------------------------------------------------


def write_site(site) -> None:
    site.write("posts/wrong.md", rebuttal("They are wrong", date="2026-11-02", tags=["Buses"]))
    site.write("posts/update.md", post("An update", date="2026-11-01", tags=["Buses", "Tax"]))
    site.write("posts/other.md", post("Other", date="2026-10-01", tags=["Crime"]))
    site.write("pages/privacy.md", post("Privacy notice", date="2026-09-01", slug="privacy"))


@pytest.fixture(scope="module")
def buttondown_site(tmp_path_factory):
    site = empty_site(tmp_path_factory.mktemp("signup-buttondown"))
    write_site(site)
    site.build(
        SIGNUP_SERVICE="buttondown",
        SIGNUP_FORM_URL=BUTTONDOWN_FORM,
        SIGNUP_PRIVACY_URL="privacy/",
        SIGNUP_HIDDEN_FIELDS={"tag": "website"},
        SUBSCRIBE_CHANNELS=[
            {
                "name": "WhatsApp channel",
                "url": "https://whatsapp.com/channel/x",
                "description": "On WhatsApp.",
            },
        ],
    )
    return site


@pytest.fixture(scope="module")
def mailchimp_site(tmp_path_factory):
    site = empty_site(tmp_path_factory.mktemp("signup-mailchimp"))
    write_site(site)
    site.build(
        "publishconf.py",
        SITEURL="https://rt.example.org",
        FEEDS_HUB="",
        SIGNUP_SERVICE="mailchimp",
        SIGNUP_FORM_URL=MAILCHIMP_FORM,
        SIGNUP_FIELDS={"postcode": "MMERGE5"},
        SIGNUP_PRIVACY_URL="https://example.org/privacy",
    )
    return site


@pytest.fixture(scope="module")
def no_service_site(tmp_path_factory):
    site = empty_site(tmp_path_factory.mktemp("signup-none"))
    write_site(site)
    site.build(SIGNUP_SERVICE="", SIGNUP_FORM_URL="")
    return site


def fields(form) -> dict[str, str]:
    """name -> type for every field the form sends."""
    return {field["name"]: field.get("type", "text") for field in form.select("input")}


@pytest.mark.build
def test_buttondown_form_posts_its_fields_straight_to_buttondown(buttondown_site):
    form = buttondown_site.page("/join/").select_one("form[data-signup-form]")
    assert form["action"] == BUTTONDOWN_FORM
    assert form["method"] == "post"
    assert fields(form) == {
        "metadata__first_name": "text",
        "email": "email",
        "metadata__postcode": "text",
        "embed": "hidden",
        "tag": "hidden",
    }
    assert form.select_one("input[name=email]").has_attr("required")
    assert not form.select_one("input[name=metadata__postcode]").has_attr("required")
    assert form.select_one("input[name=embed]")["value"] == "1"
    # Every visible field has a label.
    for field in form.select("input:not([type=hidden])"):
        assert form.select_one(f"label[for='{field['id']}']"), field


@pytest.mark.build
def test_the_form_says_what_people_get_how_to_stop_and_links_the_privacy_notice(buttondown_site):
    form = buttondown_site.page("/join/").select_one("form[data-signup-form]")
    consent = text_of(form.select_one(".signup__consent"))
    assert "emails from Response Team" in consent
    assert "our rebuttals" in consent and "unsubscribe" in consent
    assert "sends your details to Buttondown" in consent
    assert form.select_one(".signup__consent a")["href"] == "../privacy/"
    # No box to tick at all, so none can come ticked; no script anywhere near it.
    assert form.select("input[type=checkbox], input[checked]") == []
    assert buttondown_site.page("/join/").select("script") == []


@pytest.mark.build
def test_mailchimp_form_carries_its_merge_tags_and_bot_trap(mailchimp_site):
    join = mailchimp_site.page("/join/")
    form = join.select_one("form[data-signup-form]")
    assert form["action"] == MAILCHIMP_FORM
    assert fields(form) == {
        "FNAME": "text",
        "EMAIL": "email",
        "MMERGE5": "text",
        "b_a1b2c3d4e5_f6a7b8c9d0": "text",
    }
    trap = form.select_one("input[name=b_a1b2c3d4e5_f6a7b8c9d0]")
    assert trap["tabindex"] == "-1" and trap["value"] == ""
    assert trap.find_parent(class_="signup__trap")["aria-hidden"] == "true"
    assert form.select_one(".signup__consent a")["href"] == "https://example.org/privacy"
    csp = join.select_one("meta[http-equiv=Content-Security-Policy]")["content"]
    assert "form-action 'self' https://team.us6.list-manage.com;" in csp
    headers = (mailchimp_site.output / "_headers").read_text()
    assert "form-action 'self' https://team.us6.list-manage.com;" in headers


@pytest.mark.build
def test_the_call_to_action_is_on_every_post_and_the_home_page(buttondown_site):
    for url in ("/", "/2026/11/they-are-wrong/", "/2026/11/an-update/"):
        cta = buttondown_site.page(url).select_one("section.signup")
        assert cta, url
        form = cta.select_one("form[data-signup-form]")
        assert form["action"] == BUTTONDOWN_FORM
        assert set(fields(form)) == {"email", "embed", "tag"}  # short: just the address
        assert cta.select_one(".signup__more a")["href"].endswith("subscribe/")


@pytest.mark.build
def test_without_a_service_there_is_no_form_anywhere_and_no_join_page(no_service_site):
    site = no_service_site
    assert not (site.output / "join").exists()
    for path in site.html_files():
        if path.relative_to(site.output).parts[0] == "email":
            continue
        html = path.read_text(encoding="utf-8")
        assert "data-signup-form" not in html and 'class="signup"' not in html, path
        assert "join/" not in html, path
    # The subscribe page is still there, without the email section.
    subscribe = site.page("/subscribe/")
    assert subscribe.select("form") == []
    assert subscribe.select_one("#follow-feeds")
    csp = site.page("/").select_one("meta[http-equiv=Content-Security-Policy]")["content"]
    assert "form-action 'self';" in csp


@pytest.mark.build
def test_the_subscribe_page_lists_every_feed_that_exists_and_every_channel(buttondown_site):
    site = buttondown_site
    subscribe = site.page("/subscribe/")
    linked = {
        urlsplit(a["href"]).path.removeprefix("../") for a in subscribe.select("a[data-feed]")
    }
    written = {
        str(path.relative_to(site.output))
        for pattern in ("*.xml", "*.json", "topics/*/*.xml", "topics/*/*.json")
        for path in site.output.glob(pattern)
        if path.name in ("feed.xml", "atom.xml", "feed.json")
    }
    assert written  # the feeds plugin wrote them
    assert linked == written
    # The email sign-up and the site's own feeds first; then channels, then the topics.
    sections = [section.h2["id"] for section in subscribe.select(".subscribe__section")]
    assert sections == ["follow-email", "follow-feeds", "follow-channels", "follow-topics"]
    topics = [text_of(li.a) for li in subscribe.select(".subscribe__topics > li")]
    assert topics == ["Buses", "Crime", "Tax"]
    for li in subscribe.select(".subscribe__list > li"):
        assert len(text_of(li)) > len(text_of(li.a)) + 5  # a line on what it is for
    channel = subscribe.select_one("#follow-channels + ul a")
    assert (channel["href"], text_of(channel)) == (
        "https://whatsapp.com/channel/x",
        "WhatsApp channel",
    )
    assert subscribe.select_one("form[data-signup-form]")["action"] == BUTTONDOWN_FORM


@pytest.mark.build
def test_footer_links_join_and_follow(buttondown_site, no_service_site):
    footer = buttondown_site.page("/").select_one(".site-footer")
    hrefs = [a["href"] for a in footer.select("a")]
    assert any(h.endswith("join/") for h in hrefs) and any(h.endswith("subscribe/") for h in hrefs)
    footer = no_service_site.page("/").select_one(".site-footer")
    assert [a["href"] for a in footer.select("a") if a["href"].endswith("subscribe/")]


@pytest.mark.build
def test_without_its_privacy_page_the_form_is_left_out_and_reported(tmp_path, caplog):
    # Pelican logs each distinct warning once per process: this path is used nowhere else.
    site = empty_site(tmp_path)
    site.write("posts/wrong.md", rebuttal("They are wrong", date="2026-11-02"))
    site.build(
        SIGNUP_SERVICE="buttondown",
        SIGNUP_FORM_URL=BUTTONDOWN_FORM,
        SIGNUP_PRIVACY_URL="our-missing-privacy-notice/",
    )
    assert "'our-missing-privacy-notice/' is no page of this site" in caplog.text
    assert "so the sign-up form is left out" in caplog.text
    assert site.page("/2026/11/they-are-wrong/").select_one("form") is None
    assert site.page("/").select_one("form") is None
    assert not (site.output / "join").exists()
