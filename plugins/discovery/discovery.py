"""sitemap.xml, robots.txt and the web-app manifest, written with the site."""

from __future__ import annotations

import os

from incremental.output_files import write_if_changed
from pelican import signals
from pelican.generators import Generator
from sitekit.settings import fill_defaults
from sitekit.urls import public_url

from . import builders

DEFAULTS = {
    # Helper pages crawlers should leave alone. Email editions and drafts are not
    # named here: they carry noindex, and robots.txt would advertise where they are.
    "DISCOVERY_DISALLOW": ["/share/"],
    "DISCOVERY_THEME_COLOUR": "#0b57d0",
}


def apply_defaults(pelican) -> None:
    fill_defaults(pelican.settings, DEFAULTS)


def lastmod(content) -> str:
    return (getattr(content, "modified", None) or content.date).isoformat()


class DiscoveryGenerator(Generator):
    """Writes sitemap.xml (every published post and page), robots.txt and the manifest."""

    def generate_output(self, writer) -> None:
        settings = self.settings
        # Published and listed only: no drafts, scheduled or hidden posts.
        contents = [*self.context["articles"], *self.context["pages"]]
        entries = sorted((public_url(settings, c.url), lastmod(c)) for c in contents)
        self.write("sitemap.xml", builders.sitemap(entries))
        self.write(
            "robots.txt",
            builders.robots(public_url(settings, "sitemap.xml"), settings["DISCOVERY_DISALLOW"]),
        )
        self.write(
            "manifest.webmanifest",
            builders.manifest(
                settings["SITENAME"],
                settings.get("SITE_DESCRIPTION", ""),
                (settings["SITEURL"] or "") + "/",
                settings["DISCOVERY_THEME_COLOUR"],
            ),
        )

    def write(self, name: str, text: str) -> None:
        write_if_changed(os.path.join(self.output_path, name), text.encode("utf-8"))


def get_generators(pelican):
    return DiscoveryGenerator


def register():
    signals.initialized.connect(apply_defaults)
    # A generator: the files are written with the rest of the output.
    signals.get_generators.connect(get_generators)
