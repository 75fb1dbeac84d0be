"""Pelican glue for reaching supporters: settings, the join and subscribe pages, register()."""

from __future__ import annotations

import logging

from pelican import signals
from pelican.generators import ArticlesGenerator, Generator, PagesGenerator

from . import settings as supporter_settings
from .signup import signup_form
from .subscribe import subscribe_options

logger = logging.getLogger(__name__)


def prepare_settings(pelican) -> None:
    supporter_settings.prepare(pelican.settings)


def site_urls(generators) -> set[str]:
    """The address of every page and post the site writes, without slashes at the ends."""
    urls = set()
    for generator in generators:
        if isinstance(generator, PagesGenerator):
            urls |= {page.url.strip("/") for page in generator.pages + generator.hidden_pages}
        elif isinstance(generator, ArticlesGenerator):
            urls |= {article.url.strip("/") for article in generator.articles}
    return urls


def check_privacy_page(generators) -> None:
    """Leave the form out, and say so, when its privacy link would lead nowhere.

    Data protection wants the notice beside the form; a form whose notice is missing
    is never shown (as with no service at all), and the build log says why.
    """
    settings = generators[0].settings
    context = generators[0].context
    form = signup_form(settings)
    if form and form.privacy_path and form.privacy_path.strip("/") not in site_urls(generators):
        logger.warning(
            "SIGNUP_PRIVACY_URL %r is no page of this site, so the sign-up form is left "
            "out: add the notice (e.g. content/pages/privacy.md with slug: privacy) or "
            "give its https address",
            settings["SIGNUP_PRIVACY_URL"],
        )
        context["signup_form"] = None
        context["SIGNUP_URL"] = ""


class SupportersGenerator(Generator):
    """Writes the subscribe page, and the join page when a mailing service is configured."""

    def generate_context(self) -> None:
        # Every post and the home page show the form: the templates need it now.
        form = signup_form(self.settings)
        self.context["signup_form"] = form
        self.context["SIGNUP_URL"] = self.settings["SIGNUP_URL"] if form else ""
        self.context["SUBSCRIBE_URL"] = self.settings["SUBSCRIBE_URL"]

    def generate_output(self, writer) -> None:
        tags = {
            tag.slug: tag
            for article in self.context.get("articles", [])
            for tag in getattr(article, "tags", ())
        }
        options = subscribe_options(
            self.context.get("feed_links"), tags, self.settings["SUBSCRIBE_CHANNELS"]
        )
        pages = [(self.settings["SUBSCRIBE_SAVE_AS"], "subscribe")]
        if self.context["signup_form"]:
            pages.append((self.settings["SIGNUP_SAVE_AS"], "join"))
        for save_as, template in pages:
            writer.write_file(
                save_as,
                self.get_template(template),
                self.context,
                relative_urls=self.settings["RELATIVE_URLS"],
                subscribe=options,
            )


def get_generators(pelican):
    return SupportersGenerator


def register():
    # Settings are checked, and the form's host let through the CSP, before anything is read.
    signals.initialized.connect(prepare_settings)
    # Page addresses are pinned by the posts plugin in this signal (listed before this one),
    # so the privacy link can be checked against them.
    signals.all_generators_finalized.connect(check_privacy_page)
    # The join and subscribe pages are output files of their own.
    signals.get_generators.connect(get_generators)
