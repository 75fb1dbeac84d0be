"""JSON-LD for every post: BlogPosting always, ClaimReview when the site opts in."""

from __future__ import annotations

from incremental.preview import post_previewed
from pelican import signals
from pelican.generators import ArticlesGenerator
from sitekit.settings import fill_defaults
from sitekit.urls import public_url, site_url

from .schema import blog_posting, claim_review

DEFAULTS = {
    # Off by default: Google's fact-check eligibility excludes partisan
    # publishers, though the markup still feeds Fact Check Explorer (docs/readers.md).
    "STRUCTURED_DATA_CLAIMREVIEW": False,
}


def apply_defaults(pelican) -> None:
    fill_defaults(pelican.settings, DEFAULTS)


def describe(article, settings: dict) -> dict:
    """The plain facts about a post that the schema builders need."""
    image = getattr(article, "share_image", None)
    modified = getattr(article, "modified", None)
    return {
        "url": public_url(settings, article.url),
        "title": article.title,
        "summary": article.summary,
        "published": article.date.isoformat(),
        "modified": modified.isoformat() if modified else None,
        "authors": list(getattr(article.post, "authors", ())),
        "image": public_url(settings, image["url"]) if image else None,
        "sources": [source for fact in article.facts for source in fact.sources],
        "tags": [tag.name for tag in getattr(article, "tags", [])],
        "claim": article.claim,
        "verdict": article.verdict,
    }


def structured_data(article, settings: dict) -> list[dict]:
    site = {"name": settings["SITENAME"], "url": site_url(settings)}
    post = describe(article, settings)
    blocks = [blog_posting(post, site)]
    if settings["STRUCTURED_DATA_CLAIMREVIEW"] and article.claim and article.verdict:
        blocks.append(claim_review(post, site))
    return blocks


def add_structured_data(generators) -> None:
    articles = next(g for g in generators if isinstance(g, ArticlesGenerator))
    for article in [*articles.articles, *articles.hidden_articles, *articles.drafts]:
        set_structured_data(article, articles.settings)


def set_structured_data(article, settings: dict) -> None:
    article.structured_data = structured_data(article, settings)


def register():
    signals.initialized.connect(apply_defaults)
    # Needs the final address, pinned by the posts plugin in this same signal
    # (posts comes first in PLUGINS), and the card from the cards generator.
    signals.all_generators_finalized.connect(add_structured_data)
    # A post previewed alone by livereload (incremental/preview.py) gets its blocks again.
    post_previewed.connect(set_structured_data)
