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

# Bounds on a body's Markdown, beyond its length. Python-Markdown's inline patterns take
# time that grows with the square of the matches in one block of text (20,000 "[" in one
# paragraph took 50 s, one abbreviation used 60,000 times more than 30 s), about 0.1 ms
# for each emphasis or code span however they are spread (50,000 took 5 s), and its
# raw-HTML and list handling grow with the number of "<" and the depth of nesting
# (deeper than a few hundred levels it fails). Within these, the worst 200,000-character
# bodies we found render in two to three seconds. A "block" is the text rendered
# together: a paragraph, a list item or a table row (fenced code is not one).
MAX_BODY = {
    "block": 5_000,  # characters in one block of text: a long paragraph is about 1,000
    "[": 1_000,  # links, images and footnotes in the whole body
    "<": 2_000,  # HTML tags and <address> links in the whole body
    "*_`": 20_000,  # emphasis and code marks in the whole body
    "abbreviations": 1_000,  # uses of the words a body defines as abbreviations (*[EU]: ...)
    "markdown=": 100,  # HTML blocks with Markdown inside (<div markdown="1">): 900 nested fail
    "nesting": 100,  # characters of indentation, quote marks and list markers before a line
}

# How deeply the front matter may nest ("facts > sources > fields" is four levels),
# counted before the YAML parser sees it: 30,000 nested "[" crash the parser.
MAX_NESTING = 50
# Characters between the two '---' lines: thirty facts with three sources each fit in
# a third of it.
MAX_FRONT_MATTER = 100_000
