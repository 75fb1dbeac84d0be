"""The web editor: Decap CMS at /admin/, served from the site itself, its form made
from the post contract (config.py).

The CMS comes from the npm registry, pinned with a lock file in ``sitetools/npm/editor/``
(``npm ci --prefix sitetools/npm/editor``); this plugin copies the built bundle into the output
when ``EDITOR_ENABLED``. Nothing of it is on any public page: /admin/ is ``noindex``,
in no sitemap, search index or feed, and has its own Content-Security-Policy.
"""

from __future__ import annotations

import json
import os

from incremental.output_files import write_if_changed
from pelican import signals
from pelican.generators import Generator
from sitekit.errors import PlainExit
from sitekit.settings import fill_defaults
from sitekit.urls import site_url

from . import config, page

HERE = os.path.dirname(os.path.abspath(__file__))
PROJECT = os.path.dirname(os.path.dirname(HERE))

DEFAULTS = {
    # Off unless asked for: a machine with only Python builds the site (see pelicanconf.py).
    "EDITOR_ENABLED": False,
    "EDITOR_BUNDLE": os.path.join(PROJECT, "sitetools", "npm", "editor", "node_modules"),
    "EDITOR_URL": "admin/",
    # The repository as the git host names it (OWNER/NAME) and the branch posts go to.
    "EDITOR_REPO": "",
    "EDITOR_BRANCH": "main",
    # The GitHub login: the OAuth provider's address (Decap's base_url; empty: Netlify's,
    # https://api.netlify.com) and the site it knows this one as (site_domain).
    "EDITOR_AUTH_URL": "",
    "EDITOR_AUTH_SITE": "",
    # The git host's API, the one other host /admin/ may talk to.
    "EDITOR_API_ORIGINS": ["https://api.github.com"],
    "EDITOR_IMAGE_ORIGINS": ["https://avatars.githubusercontent.com"],
    # decap-server's address for local editing (`invoke edit`); empty in production.
    "EDITOR_LOCAL_BACKEND": "",
    # The repository's root, from which the CMS names folders; empty: the content's parent.
    "EDITOR_REPO_ROOT": "",
}

# What the CMS needs from node_modules, by folder: where it goes under /admin/ and the
# endings of the files it loads. decap-cms/dist also holds a second build (cms.js and
# its chunks) and source maps, which are left out. The YAML library is the version Decap
# itself uses; static/format.js reads and writes front matter with it.
BUNDLE = {
    "decap-cms/dist": ("", ("decap-cms.js", ".wasm")),
    "yaml/browser/dist": ("yaml/", (".js", ".json")),
}
STATIC = ("init.js", "editor.js", "format.js", "preview.js")


class EditorSettingsError(PlainExit):
    """The editor is on but cannot be built: said plainly, without a traceback."""


def apply_defaults(pelican) -> None:
    settings = pelican.settings
    fill_defaults(settings, DEFAULTS)
    if not settings["EDITOR_ENABLED"]:
        return
    missing = [
        src for src in BUNDLE if not os.path.isdir(os.path.join(settings["EDITOR_BUNDLE"], src))
    ]
    if missing:
        raise EditorSettingsError(
            "settings: EDITOR_ENABLED is on, but the editor's bundle is not installed "
            f"(no {', '.join(missing)} in {settings['EDITOR_BUNDLE']}). Install it with "
            "`npm ci --prefix sitetools/npm/editor` (Node 20), or set EDITOR_ENABLED = False."
        )


def bundle_files(root: str) -> dict[str, str]:
    """Name under /admin/ -> file in node_modules, for every file the CMS loads."""
    files = {}
    for folder, (prefix, endings) in BUNDLE.items():
        for name in sorted(os.listdir(os.path.join(root, folder))):
            if name.endswith(endings):
                files[prefix + name] = os.path.join(root, folder, name)
    return files


def make_config(settings: dict) -> dict:
    root = settings["EDITOR_REPO_ROOT"] or os.path.dirname(os.path.abspath(settings["PATH"]))
    content = os.path.relpath(os.path.abspath(settings["PATH"]), root)
    articles = settings.get("ARTICLE_PATHS") or [""]
    images = (settings.get("STATIC_PATHS") or ["images"])[0]
    return config.cms_config(
        folder=os.path.normpath(os.path.join(content, articles[0])).replace(os.sep, "/"),
        media_folder=os.path.normpath(os.path.join(content, images)).replace(os.sep, "/"),
        # The contract's image field is a path under content/: images/card.png
        public_folder=images,
        verdicts=settings["POSTS_VERDICTS"],
        site_url=site_url(settings),
        repo=settings["EDITOR_REPO"],
        branch=settings["EDITOR_BRANCH"],
        local_backend=settings["EDITOR_LOCAL_BACKEND"],
        base_url=settings["EDITOR_AUTH_URL"],
        site_domain=settings["EDITOR_AUTH_SITE"],
    )


class EditorGenerator(Generator):
    """Writes /admin/: the page, the generated configuration and the CMS's files."""

    def generate_context(self) -> None:
        if not self.settings["EDITOR_ENABLED"]:
            return
        self.policy = page.policy(self.settings)
        # The hosting plugin writes this rule into _headers, after the site's own.
        rules = self.context.setdefault("HOSTING_RULES", [])
        rules.append(page.headers_rule("/" + self.settings["EDITOR_URL"] + "*", self.policy))

    def generate_output(self, writer) -> None:
        if not self.settings["EDITOR_ENABLED"]:
            return
        folder = os.path.join(self.output_path, self.settings["EDITOR_URL"])
        wanted = {
            "index.html": page.html(self.settings.get("SITENAME", ""), self.policy).encode(),
            "editor.json": json.dumps(
                {
                    "config": make_config(self.settings),
                    "preview": page.preview_data(self.settings, self.context),
                },
                indent=1,
                ensure_ascii=False,
            ).encode(),
        }
        for name in STATIC:
            with open(os.path.join(HERE, "static", name), "rb") as file:
                wanted[name] = file.read()
        for name, source in bundle_files(self.settings["EDITOR_BUNDLE"]).items():
            with open(source, "rb") as file:
                wanted[name] = file.read()
        for name, data in wanted.items():
            write_if_changed(os.path.join(folder, name), data)


def get_generators(pelican):
    return EditorGenerator


def register():
    # Defaults, and a missing bundle said before anything is read.
    signals.initialized.connect(apply_defaults)
    # A generator: its _headers rule is in the context before hosting writes the file.
    signals.get_generators.connect(get_generators)
