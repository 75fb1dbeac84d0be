"""`invoke publish` and `preview`: a production build that replaces output/ only when sound."""

from __future__ import annotations

import os
import re
import stat

import pytest
from projects import digest
from sites import ROOT, empty_site, example_site, post, rebuttal

from sitetools import ToolError, publish

pytestmark = pytest.mark.build
PUBLISHCONF = str(ROOT / "publishconf.py")


def small_site(tmp_path):
    site = empty_site(tmp_path)
    site.write("posts/a.md", rebuttal("First rebuttal", date="2026-11-01 09:00"))
    site.write("posts/b.md", post("An update", date="2026-11-02 09:00"))
    site.write("posts/draft.md", rebuttal("A prebuttal", date="2026-11-03 09:00", status="draft"))
    return site


def run(site, **kwargs):
    return publish.publish(PUBLISHCONF, str(site.content), str(site.output), **kwargs)


def leftovers(site) -> list[str]:
    return [name for name in os.listdir(site.root) if name.startswith(".output-")]


def test_publish_swaps_a_fresh_build_in_for_output(tmp_path):
    site = small_site(tmp_path)
    site.output.mkdir()
    (site.output / "stale.html").write_text("from an old build")
    done = run(site)
    assert (site.output / "2026/11/first-rebuttal/index.html").exists()
    assert not (site.output / "stale.html").exists()
    assert not (site.output / "drafts").exists()
    assert done.pages > 3
    assert leftovers(site) == []
    # A web server must be able to read it: not the private mode of a temporary folder.
    mode = stat.S_IMODE(os.stat(site.output).st_mode)
    assert mode & 0o055 == 0o055 & ~current_umask()


def current_umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def test_a_broken_post_leaves_output_and_ledger_untouched(tmp_path):
    site = small_site(tmp_path)
    run(site)
    before, ledger = digest(site.output), site.ledger()
    site.write("posts/new.md", rebuttal("Brand new"))
    site.write("posts/broken.md", rebuttal("Broken", verdict="fasle"))
    with pytest.raises(
        ToolError,
        match=r"the build failed \(the problems are listed above\)\. .*output/ was not changed",
    ):
        run(site)
    assert digest(site.output) == before
    assert site.ledger() == ledger
    assert leftovers(site) == []


def test_a_failed_check_leaves_output_and_ledger_untouched(tmp_path):
    site = small_site(tmp_path)
    run(site)
    before, ledger = digest(site.output), site.ledger()
    site.write("posts/links.md", post("Links", body="See [the plan](/2026/01/no-such-post/)."))
    with pytest.raises(ToolError) as failure:
        run(site)
    assert "links: link to /2026/01/no-such-post/ leads nowhere: on 2026/11/links/index.html" in (
        str(failure.value)
    )
    assert "the new build has 1 problem, listed above. output/ was not changed." in str(
        failure.value
    ).replace(str(site.output), "output")
    assert digest(site.output) == before
    assert site.ledger() == ledger
    assert leftovers(site) == []


def test_the_example_site_passes_every_check(tmp_path):
    site = example_site(tmp_path)
    run(site)
    assert (site.output / "index.html").exists()


def test_preview_is_the_production_build_with_drafts_at_their_preview_address(tmp_path):
    site = small_site(tmp_path)
    folder = tmp_path / "preview"
    publish.preview(PUBLISHCONF, str(site.content), str(folder), "http://127.0.0.1:8123")
    draft = (folder / "drafts/a-prebuttal/index.html").read_text()
    assert '<meta name="robots" content="noindex">' in draft
    assert re.search(r'href="http://127\.0\.0\.1:8123/theme/css/site\.[0-9a-f]{10}\.css"', draft)
    home = (folder / "index.html").read_text()
    assert "First rebuttal" in home and "A prebuttal" not in home
    assert "drafts/" not in home
