"""Site settings for development builds; publishconf.py overrides them for production.

Every setting this project adds is listed in docs/settings.md. The site's own
name, address, imprint, description, time zone and sign-up form are in site.toml.
"""

import os
import sys
import tomllib


def read_site_toml(path: str) -> dict:
    """The values `python3 dev.py init` writes, kept out of the code so a team edits one
    small file (and init never rewrites Python). A mistake there is said with its line."""
    try:
        with open(path, "rb") as file:
            values = tomllib.load(file)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise SystemExit(f"site.toml: {error}") from None
    missing = [k for k in ("name", "url", "imprint", "description", "timezone") if k not in values]
    if missing:
        raise SystemExit(
            f"site.toml: {', '.join(missing)} missing (python3 dev.py init writes all)"
        )
    return values


site_toml = read_site_toml(os.path.join(os.path.dirname(os.path.abspath(__file__)), "site.toml"))

AUTHOR = site_toml["name"]
SITENAME = site_toml["name"]
SITE_DESCRIPTION = site_toml["description"]
SITEURL = ""  # development: links are relative to the local server
RELATIVE_URLS = True
# Where a development build needs absolute addresses (share links, sitemap, JSON-LD).
SITEURL_DEVELOPMENT = "http://127.0.0.1:8000"

PATH = "content"
OUTPUT_PATH = "output"
THEME = "theme"
PLUGIN_PATHS = ["plugins"]
# The plugins import what they share (plugins/sitekit, not a plugin) by name: any
# `pelican` run with these settings finds it, in dev.py's .venv (its .pth) or not.
_plugins = os.path.join(os.path.dirname(os.path.abspath(__file__)), "plugins")
if _plugins not in sys.path:
    sys.path.append(_plugins)
# plugincheck first: a plugin that fails to load stops the build (Pelican builds on).
# buildlock next: one build at a time into an output folder or a cache.
# incremental next: the plugins that write files use its write_if_changed.
# The posts plugin pins addresses; plugins after it rely on them.
PLUGINS = [
    "plugincheck", "buildlock", "incremental", "posts", "cards", "redirects", "imprint", "share",
    "structured_data", "feeds", "supporters", "discovery", "corrections", "brand", "assets",
    "hosting", "editor", "neighbours", "search",
]  # fmt: skip

TIMEZONE = site_toml["timezone"]
DEFAULT_LANG = "en-GB"
LOCALE = ("en_GB.UTF-8", "C.UTF-8", "")
DEFAULT_DATE_FORMAT = "%-d %B %Y"

# Promoted-by text required on every page by the Elections Act 2022.
IMPRINT = site_toml["imprint"]

# --- Brand (plugins/brand; docs/brand.md) -----------------------------------------
# site.toml's optional [brand] table: the colour of links and buttons (the build checks
# its contrast), a logo for the header (SVG or PNG), and a PNG for the cards' footer.
_brand = site_toml.get("brand", {})
_here = os.path.dirname(os.path.abspath(__file__))
BRAND_COLOUR = _brand.get("colour") or None
BRAND_COLOUR_DARK = _brand.get("colour_dark") or None
BRAND_LOGO = os.path.join(_here, _brand["logo"]) if _brand.get("logo") else None
# The cards are drawn with Pillow, which reads PNG, not SVG: a PNG logo serves both; an
# SVG one needs card_logo (a PNG) beside it, or the cards keep the site's name.
_png_logo = BRAND_LOGO and BRAND_LOGO.lower().endswith(".png")
_card_logo = _brand.get("card_logo") or (_brand.get("logo") if _png_logo else None)
CARDS_LOGO = os.path.join(_here, _card_logo) if _card_logo else None
if BRAND_COLOUR:
    CARDS_ACCENT_COLOUR = BRAND_COLOUR
# Inter (the cards' own font, cut to Latin by theme/fonts/subset.py), served from the site.
BRAND_FONT = True  # False: the system font, no font file

# --- Content --------------------------------------------------------------------
ARTICLE_PATHS = ["posts"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
# Scheduled posts stay back until a build after their time (Pelican's default is to publish them).
WITH_FUTURE_DATES = False
# Translations are matched by slug; this site has none, and the contract's own
# duplicate-address check must see every post.
ARTICLE_TRANSLATION_ID = None
PAGE_TRANSLATION_ID = None
DEFAULT_PAGINATION = 10
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)


def newest_first(article):
    """Newest first; the file name breaks ties, so listings never reshuffle."""
    return (-article.date.timestamp(), article.source_path)


ARTICLE_ORDER_BY = newest_first

MARKDOWN = {
    "extension_configs": {
        # Alignment as an align attribute: the sanitiser and the CSP drop style attributes.
        "markdown.extensions.extra": {"tables": {"use_align_attribute": True}},
        "markdown.extensions.sane_lists": {},
        "markdown.extensions.smarty": {},
    },
    "output_format": "html5",
}

# --- Addresses ------------------------------------------------------------------
# A post's date and slug come from its front matter (the contract). Pelican would also
# read a date from every file name and parse it (slowly, with dateutil) only to drop it.
FILENAME_METADATA = ""
ARTICLE_URL = "{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = PAGE_URL + "index.html"
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = DRAFT_URL + "index.html"
DRAFT_PAGE_URL = "drafts/pages/{slug}/"
DRAFT_PAGE_SAVE_AS = DRAFT_PAGE_URL + "index.html"
TAG_URL = "topics/{slug}/"
TAG_SAVE_AS = TAG_URL + "index.html"
TAGS_URL = "topics/"
TAGS_SAVE_AS = TAGS_URL + "index.html"
ARCHIVES_URL = "archive/"
ARCHIVES_SAVE_AS = ARCHIVES_URL + "index.html"
MONTH_ARCHIVE_URL = "{date:%Y}/{date:%m}/"
MONTH_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_URL + "index.html"
# No categories or author pages: topics are the only taxonomy.
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
SEARCH_URL = "search/"
SEARCH_SAVE_AS = SEARCH_URL + "index.html"
# 404.html sits at the root, where static hosts look for it.
DIRECT_TEMPLATES = ["index", "tags", "archives", "search", "404"]

# Pelican's own feeds are off: one feed system, the feeds plugin (FEEDS_* settings,
# defaults in plugins/feeds/settings.py, listed in docs/settings.md).
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# --- The web editor at /admin/ (plugins/editor; docs/editor.md) ---
# Decap CMS, pinned in sitetools/npm/editor/ and installed with
# `npm ci --prefix sitetools/npm/editor`.
# Off unless EDITOR_ENABLED=1 is in the environment, so a machine with only Python
# builds the site; `python3 dev.py edit` turns it on, and so does the deploy workflow.
# To leave the editor out for good, set EDITOR_ENABLED = False here.
EDITOR_ENABLED = os.environ.get("EDITOR_ENABLED") == "1"
# Local editing: decap-server's address (`invoke edit` starts it).
EDITOR_LOCAL_BACKEND = "http://127.0.0.1:8081/api/v1"

# --- Theme ----------------------------------------------------------------------
# Everything from a post is escaped; templates mark only rendered HTML as safe.
JINJA_ENVIRONMENT = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True}
MENU_PAGES = ["about", "how-we-check", "corrections-policy", "privacy"]
DISPLAY_PAGES_ON_MENU = False
DISPLAY_CATEGORIES_ON_MENU = False

# Output is written over the previous build; `invoke publish` builds into a fresh folder.
DELETE_OUTPUT_DIRECTORY = False
CACHE_PATH = os.environ.get("PELICAN_CACHE_PATH", ".cache/pelican")

# --- Sharing and structured data ------------------------------------------------
# SHARE_NETWORKS: the share plugin's default, every network it knows (plugins/share).
SHARE_HASHTAGS = ["ExampleParty"]
STRUCTURED_DATA_CLAIMREVIEW = False

# --- Reaching supporters (plugins/supporters; every setting in docs/settings.md) -
# The sign-up form on every post, the home page and /join/ posts straight to the
# mailing service named in site.toml ("" there leaves the form out everywhere).
SIGNUP_SERVICE = site_toml.get("signup", {}).get("service", "")
SIGNUP_FORM_URL = site_toml.get("signup", {}).get("form_url", "")
SIGNUP_PRIVACY_URL = "privacy/"
# Where else people can follow the team, listed on /subscribe/ (sample addresses).
SUBSCRIBE_CHANNELS = [
    {
        "name": "WhatsApp channel",
        "url": "https://whatsapp.com/channel/0029SampleResponseTeam",
        "description": "Each rebuttal on your phone, ready to forward to family groups.",
    },
    {
        "name": "Telegram channel",
        "url": "https://t.me/sample_response_team",
        "description": "The same rebuttals on Telegram, as soon as they are out.",
    },
]
# `invoke alert` (API key from BUTTONDOWN_API_KEY or MAILCHIMP_API_KEY, never here).
ALERT_REPLY_TO = "team@example.org"
