"""How much one post may hold: the contract's maximum lengths and counts.

One table for every place that needs them: the contract's checks, the docs, the web
editor's form and the card drawing (which cuts text at these lengths before measuring).
The bounds are generous for a rebuttal written by hand and small enough that no post
can make a build take more than seconds.
"""

from __future__ import annotations

# Maximum length in characters of each text field, by its path in the front matter
# ("facts[].sources[].url" is every source's address).
MAX_LENGTH = {
    "title": 200,
    "slug": 100,
    "summary": 600,
    "tags[]": 60,
    "authors[]": 100,
    "claim": 1000,
    "claimant": 200,
    "claim_url": 2000,
    "facts[].fact": 1500,
    "facts[].source": 2000,
    "facts[].sources[].url": 2000,
    "facts[].sources[].title": 300,
    "facts[].sources[].publisher": 200,
    "facts[].sources[].archived_url": 2000,
    "card.headline": 200,
    "card.kicker": 300,
    "image": 300,
    "share_text": 500,
    "corrections[].note": 1000,
    "aliases[]": 300,
    "body": 200_000,
}

# Maximum number of items in each list.
MAX_COUNT = {
    "tags": 12,
    "authors": 10,
    "facts": 30,
    "facts[].sources": 20,
    "corrections": 50,
    "aliases": 20,
}
