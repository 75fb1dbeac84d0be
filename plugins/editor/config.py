"""The Decap CMS configuration, made from the post contract: the form is the contract.

Every field of ``posts.contract`` (POST_FIELDS and the fields of facts, sources, cards
and corrections) becomes one form field here, with the contract's maximum lengths and
counts (``posts.limits``), its address and slug patterns, its statuses and the site's
verdicts in words. ``tests/test_editor.py`` checks that no contract field is missing,
so the two cannot drift apart. Rules a form cannot hold (a claimant needed only with
a claim, a correction not before the post) are the contract's: ``check`` and the
build report them on every save.
"""

from __future__ import annotations

from posts import contract
from posts.limits import MAX_COUNT, MAX_LENGTH

# The collection's own format (static/format.js): every value read as the text typed.
FORMAT = "response-team-post"
# How the form writes dates: the contract's own forms, in the site's time zone.
DATETIME = {"format": "YYYY-MM-DD HH:mm", "date_format": "YYYY-MM-DD", "time_format": "HH:mm"}
DAY = {"format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": False}
# Addresses: http(s), a host, no white space but plain spaces after the host
# (contract.is_web_url; the build percent-encodes them).
WEB_ADDRESS = r"^https?://[^\s/?#]+(?:[/?#](?:(?:[^\s]| )*[^\s])?)?$"
ALIAS = r"^/(?!/)[^\s?#\\]*$"
# A fact's one-address short form has no field of its own: static/format.js turns it
# into a one-item `sources`, which builds to the same page.
SHORT_FORMS = {"facts[].source": "facts[].sources"}

STATUS_LABELS = {
    "draft": "Draft: only staff see it, at /drafts/<slug>/",
    "published": "Published: on the site once merged and deployed",
    "hidden": "Hidden: at its address, but in no listing or feed",
}

# Each field's hint, in plain words, by its path in the front matter.
HINTS = {
    "title": "The headline: what is true, in a sentence.",
    "date": "First publication, UK time. A date in the future holds the post back until then.",
    "modified": "Only for a change readers should know of; not before the date.",
    "slug": "Leave empty: made from the title the first time, then it never changes.",
    "summary": "One or two sentences for listings, feeds and email. Empty: the first paragraph.",
    "tags": "Each topic gets its own page and feed.",
    "authors": "Empty: the site's name.",
    "status": "A draft is not public. Release it by choosing Published.",
    "claim": "A rebuttal: their words, exactly as said. Leave empty for an update.",
    "claimant": "A person or an organisation. Needed with a claim.",
    "claim_date": "When the claim was made.",
    "claim_url": "The speech, article or post: a full https:// address.",
    "verdict": "Needed with a claim.",
    "facts": "Needed with a claim: at least one, each with its sources.",
    "facts[].fact": "One sentence a reader can check against the sources below it.",
    "facts[].sources": "At least one. Each is numbered on the page.",
    "facts[].sources[].url": "Where the evidence is: a full https:// address.",
    "facts[].sources[].title": "The document's or page's own title.",
    "facts[].sources[].publisher": "Who published it, e.g. Office for National Statistics.",
    "facts[].sources[].date": "When the source was published.",
    "facts[].sources[].accessed": "When you last checked that it says this.",
    "facts[].sources[].archived_url": "A saved copy (e.g. on web.archive.org) in case it changes.",
    "card": "Only when the title does not suit the share graphic.",
    "card.headline": "Replaces the title on an update's graphic.",
    "card.kicker": "The line under it; on a rebuttal, the line of facts.",
    "image": "Optional: a PNG, JPEG or WebP, at least 1200×630 pixels and at most 300 KB. "
    "Empty: the graphic is drawn for you.",
    "share_text": "What share buttons fill in instead of the title.",
    "corrections": "A public log: each correction is shown on the page, newest first.",
    "corrections[].date": "When it was corrected; not before the post's date.",
    "corrections[].note": "What was wrong and what it says now.",
    "aliases": "Only if the post moved: its old paths, e.g. /2026/11/old-slug/.",
    "body": "The rebuttal's own words; the claim and facts above are shown before them.",
}


def field(path: str, label: str, widget: str = "string", *, required: bool = False, **extra):
    """One form field named by its contract path; Decap makes a field required unless told.

    A text field is held to the contract's maximum length, together with its own pattern
    when it has one (an address, a slug).
    """
    made = {"name": path.rsplit(".", 1)[-1].removesuffix("[]"), "label": label, "widget": widget}
    made["required"] = required
    if path in HINTS:
        made["hint"] = HINTS[path]
    rule, message = extra.pop("pattern", (r"^[\s\S]*$", ""))
    if path in MAX_LENGTH and widget in ("string", "text"):
        limit = MAX_LENGTH[path]
        # [\s\S] so a line break counts as a character, as it does for the contract.
        rule = rf"^(?=[\s\S]{{0,{limit}}}$)" + rule.removeprefix("^")
        message = f"{message} At most {limit:,} characters.".strip()
    if message:
        made["pattern"] = [rule, message]
    if path in MAX_COUNT:
        made["max"] = MAX_COUNT[path]
    made.update(extra)
    return made


def address(path: str, label: str, *, required: bool = False) -> dict:
    """An address field: http(s), a host, no spaces (and the contract's length)."""
    rule = [WEB_ADDRESS, "A full web address starting https:// (or http://)."]
    return field(path, label, required=required, pattern=rule)


def text_list(path: str, label: str, item: str, **extra) -> dict:
    """A list of short texts, one field each, so each is held to its own length."""
    one = field(path + "[]", item, required=True, **extra)
    one["name"] = item.lower()
    # Open, so each item shows its words rather than its label.
    return field(path, label, "list", field=one, collapsed=False)


def day(path: str, label: str, **extra) -> dict:
    return field(path, label, "datetime", **DAY, **extra)


def when(path: str, label: str, **extra) -> dict:
    return field(path, label, "datetime", **DATETIME, **extra)


def source_fields() -> list[dict]:
    at = "facts[].sources[]."
    return [
        address(at + "url", "Address", required=True),
        field(at + "title", "Title"),
        field(at + "publisher", "Publisher"),
        day(at + "date", "Published on"),
        day(at + "accessed", "Checked on"),
        address(at + "archived_url", "Archived copy"),
    ]


def post_fields(verdicts: dict) -> list[dict]:
    """The form, in the order of ``contract.POST_FIELDS``, then the body."""
    verdict_options = [{"label": v.get("label", k), "value": k} for k, v in verdicts.items()]
    meanings = " ".join(
        f"{v.get('label', k)}: {v.get('description', '')}" for k, v in verdicts.items()
    )
    statuses = [{"label": STATUS_LABELS.get(s, s), "value": s} for s in contract.STATUSES]
    slug_rule = [
        contract.SLUG_PATTERN.pattern,
        "Lowercase letters, digits and single hyphens only.",
    ]
    return [
        field("title", "Title", required=True),
        when("date", "Date", required=True, default="{{now}}"),
        when("modified", "Last substantive change"),
        field("slug", "Address part", pattern=slug_rule),
        field("summary", "Summary", "text"),
        text_list("tags", "Topics", "Topic"),
        text_list("authors", "Authors", "Author"),
        field("status", "Status", "select", required=True, default="draft", options=statuses),
        field("claim", "The claim", "text"),
        field("claimant", "Who said it"),
        day("claim_date", "Said on"),
        address("claim_url", "Where it was said"),
        field("verdict", "Verdict", "select", options=verdict_options,
              hint=f"Needed with a claim. {meanings}"),
        field(
            "facts", "Facts", "list", label_singular="fact", summary="{{fields.fact}}",
            fields=[
                field("facts[].fact", "Fact", "text", required=True),
                field(
                    "facts[].sources", "Sources", "list", required=True, min=1,
                    label_singular="source", summary="{{fields.publisher}}: {{fields.title}}",
                    fields=source_fields(),
                ),
            ],
        ),
        field(
            "card", "Share graphic text", "object", collapsed=True,
            fields=[field("card.headline", "Headline"), field("card.kicker", "Line under it")],
        ),
        field("image", "Own share graphic", "image", choose_url=False),
        field("share_text", "Share text", "text"),
        field(
            "corrections", "Corrections", "list", label_singular="correction",
            summary="{{fields.date}}: {{fields.note}}",
            fields=[
                when("corrections[].date", "Corrected on", required=True),
                field("corrections[].note", "What was corrected", "text", required=True),
            ],
        ),
        text_list(
            "aliases", "Old addresses", "Address",
            pattern=[ALIAS, "A path on this site starting with /, e.g. /2026/11/old-slug/."],
        ),
        field("body", "Text", "markdown", required=True),
    ]  # fmt: skip


def cms_config(
    *,
    folder: str,
    media_folder: str,
    public_folder: str,
    verdicts: dict,
    site_url: str,
    repo: str = "",
    branch: str = "main",
    local_backend: str = "",
    base_url: str = "",
    site_domain: str = "",
) -> dict:
    """The whole configuration handed to ``CMS.init``; folders are from the repository root."""
    backend = {"name": "github", "repo": repo or "OWNER/REPO", "branch": branch}
    if base_url:
        backend["base_url"] = base_url
    if site_domain:
        backend["site_domain"] = site_domain
    config = {
        "load_config_file": False,
        "backend": backend,
        # Draft, in review, ready: each a pull request, merged (then deployed) on publish.
        "publish_mode": "editorial_workflow",
        "media_folder": media_folder,
        "public_folder": public_folder,
        # File names in plain ASCII letters (Aberdŵr -> aberdwr), whatever the title.
        "slug": {"encoding": "ascii", "clean_accents": True},
        "site_url": site_url,
        "display_url": site_url,
        "collections": [
            {
                "name": "posts",
                "label": "Posts",
                "label_singular": "post",
                "description": "Rebuttals and updates. Each save is checked against the "
                "post contract.",
                "folder": folder,
                "create": True,
                "extension": "md",
                "format": FORMAT,
                # The file names `invoke new` gives: 2026-11-24-a-title.md
                "slug": "{{year}}-{{month}}-{{day}}-{{slug}}",
                "summary": "{{title}}",
                "sortable_fields": ["date", "title"],
                "fields": post_fields(verdicts),
            }
        ],
    }
    if local_backend:
        config["local_backend"] = {"url": local_backend}
    return config


def field_paths(fields: list[dict], prefix: str = "") -> set[str]:
    """Every field's path in a form, as the contract's limits name them (``facts[].fact``)."""
    paths = set()
    for one in fields:
        path = prefix + one["name"]
        paths.add(path)
        if one.get("widget") == "list":
            path += "[]"
            if "field" in one:
                paths.add(path)
        if "fields" in one:
            paths |= field_paths(one["fields"], path + ".")
    return paths
