"""The corrections log: every correction on every published post, newest first, on one page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pelican import signals
from pelican.generators import Generator
from sitekit.settings import fill_defaults

DEFAULTS = {"CORRECTIONS_URL": "corrections/", "CORRECTIONS_SAVE_AS": "corrections/index.html"}


@dataclass(frozen=True)
class LoggedCorrection:
    date: datetime
    note: str
    post: object  # the article corrected


def corrections_log(articles) -> list[LoggedCorrection]:
    """All corrections, newest first; ties keep the posts' own order (newest post first)."""
    entries = [
        LoggedCorrection(correction.date, correction.note, article)
        for article in articles
        for correction in getattr(article, "corrections", ())
    ]
    return sorted(entries, key=lambda entry: entry.date, reverse=True)


def apply_defaults(pelican) -> None:
    fill_defaults(pelican.settings, DEFAULTS)


class CorrectionsPageGenerator(Generator):
    def generate_context(self) -> None:
        # Templates link to the page from every footer, so its URL is set here.
        self.context["CORRECTIONS_URL"] = self.settings["CORRECTIONS_URL"]

    def generate_output(self, writer) -> None:
        writer.write_file(
            self.settings["CORRECTIONS_SAVE_AS"],
            self.get_template("corrections"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            corrections_log=corrections_log(self.context["articles"]),
        )


def get_generators(pelican):
    return CorrectionsPageGenerator


def register():
    signals.initialized.connect(apply_defaults)
    # A generator: the log is a page of its own.
    signals.get_generators.connect(get_generators)
