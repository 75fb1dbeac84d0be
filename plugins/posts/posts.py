"""Pelican glue for the post contract: read posts, stop on any problem, pin addresses."""

from __future__ import annotations

import logging
import os
from collections import Counter, defaultdict

from incremental import pelican_internals
from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator
from sitekit.errors import SettingsError  # noqa: F401 (re-exported: where callers catch it)
from sitekit.settings import prepare as checked

from . import prepare, tree, verdicts
from .characters import printable
from .problems import ContentError, Problem
from .reader import READ_AHEAD, PostReader, display_path, read_ahead, render_problems

logger = logging.getLogger(__name__)

DEFAULTS = {
    "POSTS_VERDICTS": verdicts.DEFAULT_VERDICTS,
    # The ledger of published addresses and feed ids, inside the content folder.
    "POSTS_PUBLISHED_LEDGER": "published.json",
    # A public page still marked TODO: stops the build (True in publishconf.py); when
    # False it is only a warning, so a team can look at its site while writing the pages.
    "POSTS_REFUSE_TODO_PAGES": False,
    # A build that must read at least this many posts (no content cache) reads them in
    # parallel processes, one per core; 0: never.
    "POSTS_PARALLEL_FROM": prepare.DEFAULT_FROM,
}


def prepare_settings(settings: dict) -> dict:
    """Fill in this plugin's defaults and check them; the build and `invoke check` share it."""
    return checked(settings, DEFAULTS, settings_problems)


def settings_problems(settings: dict) -> list[str]:
    problems = verdicts.check_setting(settings["POSTS_VERDICTS"])
    least = settings["POSTS_PARALLEL_FROM"]
    if not isinstance(least, int) or isinstance(least, bool) or least < 0:
        problems.append(f"POSTS_PARALLEL_FROM must be a whole number, 0 or more (not {least!r})")
    return problems


def apply_settings(pelican) -> None:
    prepare_settings(pelican.settings)
    # Before any generator walks the content: Pelican's static copy follows links.
    unsafe = tree.unsafe_paths(pelican.settings)
    if unsafe:
        raise ContentError(unsafe)
    # Pelican's bare "Could not process <file>" is left out: our report says why, with the line.
    pelican_internals.drop_unprocessable_message()


def use_post_reader(readers) -> None:
    for extension in PostReader.file_extensions:
        readers.reader_classes[extension] = PostReader
    # Pelican's HTML and reStructuredText readers would publish files outside
    # the contract; with them off, such files are reported as strays instead.
    for extension in ("html", "htm", "rst"):
        readers.reader_classes[extension] = None


def read_posts_ahead(generator) -> None:
    """Before Pelican reads the first post: the posts its cache lacks, read in parallel.

    Pelican asks before each file it reads; the first time is the moment to look at all
    of them (prepare.py).
    """
    if getattr(generator, "posts_read_ahead", False):
        return
    generator.posts_read_ahead = True
    files = generator.get_files(
        generator.settings["ARTICLE_PATHS"], exclude=generator.settings["ARTICLE_EXCLUDES"]
    )
    # Those the cache holds no reading of; one it holds that changed since is read by
    # Pelican itself, as before (an edit touches a few files, a cold build all of them).
    held = pelican_internals.reader_cache_holds(generator.readers)
    paths = [os.path.abspath(os.path.join(generator.path, name)) for name in files]
    missing = [
        path
        for path in paths
        if os.path.splitext(path)[1][1:] in PostReader.file_extensions and path not in held
    ]
    read_ahead(missing, generator.settings)


def forget_read_ahead(generator) -> None:
    READ_AHEAD.clear()  # any the cache answered instead


def entry_for(content, kind: str) -> tree.Entry:
    return tree.Entry(
        source=content.relative_source_path,
        path=content.source_path,
        kind=kind,
        status=content.metadata.get("status", "published"),
        date=content.date,
        slug=content.slug,
        explicit_slug=content.metadata.get("explicit_slug", False),
        field_lines=content.metadata.get("field_lines", {}),
        aliases=content.metadata.get("aliases", ()),
        tags=tuple(tag.name for tag in getattr(content, "tags", [])),
        title=getattr(content, "title", ""),
    )


def enforce_contract(generators) -> None:
    """Report every problem in every file, then stop; else pin every address."""
    articles = next(g for g in generators if isinstance(g, ArticlesGenerator))
    pages = next(g for g in generators if isinstance(g, PagesGenerator))
    settings = articles.settings

    problems = tree.stray_files(tree.content_files(settings), settings)
    failed = sorted(s for s, c in articles.context["generated_content"].items() if c is None)
    for source in failed:
        path = os.path.join(settings["PATH"], source)
        found = render_problems(path, settings)
        problems.extend(
            found
            or [
                Problem(
                    display_path(path),
                    1,
                    "file",
                    "could not be read; run pelican with --debug to see why",
                )
            ]
        )

    contents = [(c, "article") for c in _articles(articles)]
    contents += [(c, "page") for c in _pages(pages)]
    entries = [entry_for(c, kind) for c, kind in contents]
    ledger, addresses, found, warnings = tree.place(entries, settings, failed)
    problems.extend(found)
    unwritten = tree.unwritten_pages(entries, settings)
    if settings["POSTS_REFUSE_TODO_PAGES"]:
        problems.extend(unwritten)
    else:
        warnings += [f"{p} (a production build stops here)" for p in unwritten]
    problems.extend(tree.topic_problems(entries, settings))
    if problems:
        raise ContentError(problems)

    for warning in warnings:
        logger.warning("%s", printable(warning))
    if tree.save_ledger(ledger, settings):
        logger.info("Recorded new addresses in %s", display_path(tree.ledger_path(settings)))
    for content, _ in contents:
        address = addresses.get(content.relative_source_path)
        if address:
            pin_address(content, address)
    unify_topic_names(articles)


def _articles(generator: ArticlesGenerator) -> list:
    return [
        *generator.articles,
        *generator.translations,
        *generator.hidden_articles,
        *generator.drafts,
    ]


def _pages(generator: PagesGenerator) -> list:
    return [*generator.pages, *generator.hidden_pages, *generator.draft_pages]


def pin_address(content, address) -> None:
    content.slug = address.slug
    content.override_url = address.url
    page = "index.html" if address.url.endswith("/") else ""
    content.override_save_as = address.url + page
    content.feed_id = address.id
    content.first_published = address.published
    content.redirect_from = address.redirect_from


def unify_topic_names(articles: ArticlesGenerator) -> None:
    """One spelling per topic: 'Cost of living' and 'cost of living' are one page."""
    spellings: dict[str, Counter] = defaultdict(Counter)
    for article in _articles(articles):
        for tag in getattr(article, "tags", []):
            spellings[tag.slug][tag.name] += 1
    canonical = {
        slug: min(counts.items(), key=lambda item: (-item[1], item[0]))[0]
        for slug, counts in spellings.items()
    }
    for article in _articles(articles):
        for tag in getattr(article, "tags", []):
            tag.name = canonical[tag.slug]
    for tag in articles.tags:
        tag.name = canonical[tag.slug]


class VerdictStyles:
    """Hands the verdict colours to the theme's stylesheet bundle, so pages need no inline style."""

    def __init__(self, context, settings, path, theme, output_path, *args, **kwargs):
        self.context = context
        self.settings = settings

    def generate_context(self) -> None:
        css = verdicts.stylesheet(verdicts.scale(self.settings["POSTS_VERDICTS"]))
        generated = self.context.setdefault("generated_css", [])
        generated.append(("verdicts (POSTS_VERDICTS setting)", css))


def verdict_styles(pelican):
    return VerdictStyles


def register():
    # Defaults and checks for settings must be in place before any file is read.
    signals.initialized.connect(apply_settings)
    # Posts are read by this plugin's reader, to the contract, and by no other.
    signals.readers_init.connect(use_post_reader)
    # A build with no content cache reads its posts in parallel (prepare.py).
    signals.article_generator_preread.connect(read_posts_ahead)
    signals.article_generator_finalized.connect(forget_read_ahead)
    # Every file has been read, nothing written yet: the one moment to stop
    # a broken build and to fix each post's address before links are rendered.
    signals.all_generators_finalized.connect(enforce_contract)
    # The verdict colours join the theme's stylesheet (bundled by the assets plugin).
    signals.get_generators.connect(verdict_styles)
