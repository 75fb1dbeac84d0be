"""The theme's CSS as one fingerprinted stylesheet, and its scripts fingerprinted.

Files in ``theme/root/`` (the site icons) are copied to the root of the output,
where browsers look for them. Component stylesheets live in ``theme/css/``
(one file per component, bundled in file-name order) so a page makes one
render-blocking request; scripts live in ``theme/js/``. Output names carry a
content hash, so they can be cached for a year (see the ``_headers`` file) and
a change is never served stale.
"""

from __future__ import annotations

import os

from incremental.output_files import produced, write_if_changed
from pelican import signals
from pelican.generators import Generator
from sitekit.settings import fill_defaults

from .bundle import bundle_css, fingerprinted, read_folder

DEFAULTS = {"ASSETS_OUTPUT_DIR": "theme"}


def apply_defaults(pelican) -> None:
    fill_defaults(pelican.settings, DEFAULTS)


class AssetsGenerator(Generator):
    """Knows every asset's fingerprinted URL in generate_context; writes them after."""

    def generate_context(self) -> None:
        out = self.settings["ASSETS_OUTPUT_DIR"]
        parts = read_folder(os.path.join(self.theme, "css"), ".css")
        # Rules generated from settings (verdict colours) come last, so they win.
        parts += self.context.get("generated_css", [])
        css = bundle_css(parts).encode("utf-8")
        self.files = {f"{out}/css/{fingerprinted('site.css', css)}": css}
        self.context["STYLESHEET_URL"] = next(iter(self.files))
        scripts = {}
        for name, text in read_folder(os.path.join(self.theme, "js"), ".js"):
            data = text.encode("utf-8")
            url = f"{out}/js/{fingerprinted(name, data)}"
            self.files[url] = data
            scripts[name] = url
        self.context["SCRIPTS"] = scripts
        root = os.path.join(self.theme, "root")
        self.root_files = sorted(os.listdir(root)) if os.path.isdir(root) else []

    def generate_output(self, writer) -> None:
        for name in self.root_files:
            with open(os.path.join(self.theme, "root", name), "rb") as file:
                data = file.read()
            write_if_changed(os.path.join(self.output_path, name), data)
        for url, data in self.files.items():
            path = os.path.join(self.output_path, url)
            if os.path.exists(path):
                produced(path)  # the name is the content: an existing file is this file
                continue
            write_if_changed(path, data)


def get_generators(pelican):
    return AssetsGenerator


def register():
    signals.initialized.connect(apply_defaults)
    # A generator, so templates know the fingerprinted URLs before any page is written.
    signals.get_generators.connect(get_generators)
