"""What a static host needs beyond the files: security and caching headers (``_headers``).

The same Content-Security-Policy is also written into every page as a <meta>
tag, for hosts that cannot send headers (GitHub Pages). docs/readers.md shows the nginx
equivalent.
"""

from __future__ import annotations

import os

from incremental.output_files import write_if_changed
from pelican import signals
from pelican.generators import Generator
from sitekit.settings import fill_defaults

from . import policy

DEFAULTS = {
    "HOSTING_HEADERS": True,
    # Paths whose file names carry a content hash: safe to cache for a year.
    "HOSTING_IMMUTABLE": ["/theme/*", "/cards/*"],
    "HOSTING_FEEDS": ["/*.xml", "/*.json", "/feeds/*"],
    # Extra sources a page may use, by directive, e.g. a mailing service's
    # sign-up form: {"form-action": ["https://example.us1.list-manage.com"]}.
    "HOSTING_CSP_EXTRA": {},
}


def apply_defaults(pelican) -> None:
    fill_defaults(pelican.settings, DEFAULTS)


def site_policy(settings: dict) -> dict[str, list[str]]:
    merged = {name: list(values) for name, values in policy.CONTENT_SECURITY_POLICY.items()}
    for name, values in settings["HOSTING_CSP_EXTRA"].items():
        merged.setdefault(name, []).extend(values)
    return merged


class HostingGenerator(Generator):
    def generate_context(self) -> None:
        # Every page carries the policy as a meta tag too.
        self.context["CONTENT_SECURITY_POLICY"] = policy.csp(
            site_policy(self.settings), for_meta=True
        )

    def generate_output(self, writer) -> None:
        if not self.settings["HOSTING_HEADERS"]:
            return
        text = policy.headers_file(
            site_policy(self.settings),
            self.settings["HOSTING_IMMUTABLE"],
            self.settings["HOSTING_FEEDS"],
            # Blocks other plugins put in the context (the editor's own policy for /admin/).
            self.context.get("HOSTING_RULES", []),
        )
        write_if_changed(os.path.join(self.output_path, "_headers"), text.encode("utf-8"))


def get_generators(pelican):
    return HostingGenerator


def register():
    signals.initialized.connect(apply_defaults)
    # A generator: the policy is known to templates before pages are written.
    signals.get_generators.connect(get_generators)
