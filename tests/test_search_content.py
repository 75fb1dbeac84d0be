"""What the real build's search index holds: the claim, verdict, facts and body, no furniture.

Pagefind runs in the build (plugins/search); its fragments are gzipped JSON, one a page,
holding the indexed text (what a result's snippet is cut from) and the page's meta.
"""

from __future__ import annotations

import gzip
import json

import pytest
from sites import empty_site, rebuttal

pytestmark = pytest.mark.build


def fragments(output) -> list[dict]:
    found = []
    for path in sorted((output / "pagefind" / "fragment").iterdir()):
        data = gzip.decompress(path.read_bytes())
        found.append(json.loads(data[data.index(b"{") :]))  # after Pagefind's signature
    return found


@pytest.fixture(scope="module")
def indexed(tmp_path_factory):
    site = empty_site(tmp_path_factory.mktemp("indexed"))
    site.write(
        "posts/vat.md",
        rebuttal(
            "Chancellors raised VAT after promising not to",
            slug="vat",
            claim="We have no plans to raise VAT.",
            claimant="Blue Party",
            claim_date="2015-03-29",
            claim_url="https://www.example.org/speech",
            verdict="misleading",
            authors=["Response Team"],
            tags=["Tax"],
            facts=[{"fact": "VAT rose in 2011.", "source": "https://www.example.org/vat"}],
            corrections=[{"date": "2026-11-03", "note": "We fixed a typo."}],
            body="Zebra crossings are not the point.",
        ),
    )
    site.build()
    (fragment,) = fragments(site.output)
    return fragment


def test_the_index_holds_the_claim_verdict_facts_and_body(indexed):
    content = indexed["content"]
    for wanted in ("We have no plans to raise VAT.", "Blue Party", "Misleading",
                   "VAT rose in 2011.", "Zebra crossings are not the point."):  # fmt: skip
        assert wanted in content, wanted


@pytest.mark.parametrize(
    "furniture",
    ["Published", "By Response Team", "The claim", "The facts", "Verdict:", "Share",
     "Topics", "Tax", "Corrections", "We fixed a typo", "Where it was said", "Download"],
)  # fmt: skip
def test_the_index_holds_no_page_furniture(indexed, furniture):
    assert furniture not in indexed["content"]


def test_results_are_given_the_verdict_and_the_claim(indexed):
    meta = indexed["meta"]
    assert meta["verdict"] == "Misleading" and meta["verdict_key"] == "misleading"
    assert meta["claim"] == "We have no plans to raise VAT."
