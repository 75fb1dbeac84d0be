"""schema.org data for a post, built as plain dicts: optional keys only when there is a value."""

from __future__ import annotations


def organisation(name: str, url: str) -> dict:
    data = {"@type": "Organization", "name": name}
    if url:
        data["url"] = url
    return data


def citation(source) -> dict:
    """A source as a CreativeWork.

    {"@type": "CreativeWork", "url": "https://…", "name": "…",
     "publisher": {"@type": "Organization", "name": "…"}, "datePublished": "2010-06-22"}
    """
    data = {"@type": "CreativeWork", "url": source.url}
    if source.title:
        data["name"] = source.title
    if source.publisher:
        data["publisher"] = {"@type": "Organization", "name": source.publisher}
    if source.date:
        data["datePublished"] = source.date.isoformat()
    if source.archived_url:
        data["archivedAt"] = source.archived_url
    return data


def blog_posting(post: dict, site: dict) -> dict:
    """The BlogPosting for one post.

    ``post`` holds url, title, summary, published, modified (ISO text), authors
    (names given in the post, or none), image (absolute URL or None), sources,
    tags; ``site`` holds name and url. Shape::

        {"@context": "https://schema.org", "@type": "BlogPosting",
         "headline": "…", "url": "…", "mainEntityOfPage": "…",
         "datePublished": "…", "dateModified": "…",
         "author": [{"@type": "Person", "name": "…"}],
         "publisher": {"@type": "Organization", "name": "…", "url": "…"},
         "image": "https://…/card.png", "description": "…",
         "keywords": ["…"], "citation": [CreativeWork, …]}
    """
    publisher = organisation(site["name"], site["url"])
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": post["title"],
        "url": post["url"],
        "mainEntityOfPage": post["url"],
        "datePublished": post["published"],
        "dateModified": post["modified"] or post["published"],
        "author": [{"@type": "Person", "name": name} for name in post["authors"]] or [publisher],
        "publisher": publisher,
    }
    if post["image"]:
        data["image"] = post["image"]
    if post["summary"]:
        data["description"] = post["summary"]
    if post["tags"]:
        data["keywords"] = list(post["tags"])
    if post["sources"]:
        data["citation"] = [citation(source) for source in post["sources"]]
    return data


def claim_review(post: dict, site: dict) -> dict:
    """The ClaimReview for a rebuttal.

    {"@context": "https://schema.org", "@type": "ClaimReview", "url": "…",
     "claimReviewed": "…", "datePublished": "…",
     "author": {"@type": "Organization", "name": "…"},
     "itemReviewed": {"@type": "Claim",
        "author": {"@type": "Organization", "name": "<claimant>"},
        "datePublished": "2026-11-19",
        "appearance": {"@type": "CreativeWork", "url": "<claim_url>"}},
     "reviewRating": {"@type": "Rating", "alternateName": "<verdict label>"}}
    """
    claim = post["claim"]
    item = {"@type": "Claim", "author": {"@type": "Organization", "name": claim.claimant}}
    if claim.date:
        item["datePublished"] = claim.date.isoformat()
    if claim.url:
        item["appearance"] = {"@type": "CreativeWork", "url": claim.url}
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": post["url"],
        "claimReviewed": claim.text,
        "datePublished": post["published"],
        "author": organisation(site["name"], site["url"]),
        "itemReviewed": item,
        "reviewRating": {"@type": "Rating", "alternateName": post["verdict"].label},
    }
