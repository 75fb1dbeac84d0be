"""Production settings: pelicanconf.py with the public address and no drafts."""

import os

from pelicanconf import *  # noqa: F403

# The public address from site.toml; set SITEURL in the environment to override it.
SITEURL = os.environ.get("SITEURL", site_toml["url"]).rstrip("/")  # noqa: F405
RELATIVE_URLS = False

# Drafts and scheduled posts are not written at all: a prebuttal must not sit
# at a guessable address on the live site before the attack it answers.
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""

# The imprint is the law for a party's online material: no production build without it.
IMPRINT_REQUIRED = True
# A page still marked TODO: (left by `invoke init` for the team to write) is not published.
POSTS_REFUSE_TODO_PAGES = True

# The WebSub hub named in every feed and pinged by `invoke ping-hub` after a deploy;
# set FEEDS_HUB in the environment to use another (or to "" for none).
FEEDS_HUB = os.environ.get("FEEDS_HUB", "https://pubsubhubbub.appspot.com/")

# The web editor (plugins/editor): the GitHub repository it commits to, from the
# environment (GitHub Actions sets GITHUB_REPOSITORY), and no local backend.
EDITOR_REPO = os.environ.get("EDITOR_REPO", os.environ.get("GITHUB_REPOSITORY", ""))
EDITOR_BRANCH = os.environ.get("EDITOR_BRANCH", "main")
EDITOR_AUTH_URL = os.environ.get("EDITOR_AUTH_URL", "")
EDITOR_AUTH_SITE = os.environ.get("EDITOR_AUTH_SITE", "")
EDITOR_LOCAL_BACKEND = ""
