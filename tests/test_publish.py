"""`invoke publish` and `preview`: a production build that replaces output/ only when sound."""

from __future__ import annotations

import os
import re
import signal
import stat
import subprocess
import time

import pytest
from projects import BIN, digest, project
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


# -- stopped and concurrent runs -----------------------------------------------------

STALL = '''"""A test plugin: at the end of the build, say so, then wait for the test's go-ahead."""
import os
import time

from pelican import signals


def stall(pelican):
    marker = os.environ.get("STALL_MARKER")
    if not marker:
        return
    with open(marker, "w") as file:
        file.write(str(os.getpid()))
    for _ in range(2400):  # 120 s at most: a hang guard
        if os.path.exists(marker + ".go"):
            return
        time.sleep(0.05)


def register():
    signals.finalized.connect(stall)
'''


def stalling_project(tmp_path):
    """A project whose build stops at its very end until told to go on."""
    copy = project(tmp_path)
    copy.write("posts/a.md", rebuttal("First rebuttal", date="2026-11-01 09:00"))
    (copy.root / "plugins/stall").mkdir()
    (copy.root / "plugins/stall/__init__.py").write_text(STALL)
    with open(copy.root / "pelicanconf.py", "a") as file:
        file.write('\nPLUGINS = [*PLUGINS, "stall"]\n')
    return copy


def start(copy, *args: str, **env: str) -> subprocess.Popen:
    environ = {**os.environ, "PATH": BIN + os.pathsep + os.environ["PATH"], **env}
    return subprocess.Popen(
        [os.path.join(BIN, "invoke"), *args], cwd=copy.root, env=environ,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def wait_for(path, process) -> None:
    for _ in range(2400):  # a hang guard, not a timing assertion
        if path.exists() and path.read_text():
            return
        assert process.poll() is None, process.communicate()
        time.sleep(0.05)
    raise AssertionError(f"{path} never appeared")


def staging_leftovers(copy) -> list[str]:
    return [name for name in os.listdir(copy.root) if name.startswith(".output-")]


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_a_publish_stopped_mid_build_puts_the_ledger_back_and_leaves_no_staging(tmp_path, stop):
    copy = stalling_project(tmp_path)
    assert copy.invoke("publish").returncode == 0
    ledger, output = copy.ledger(), digest(copy.output)
    copy.write("posts/b.md", post("An update", date="2026-11-02 09:00"))
    marker = tmp_path / "stalled"
    running = start(copy, "publish", STALL_MARKER=str(marker))
    wait_for(marker, running)
    assert copy.ledger() != ledger  # the build had recorded the new post's address
    assert staging_leftovers(copy)  # and was writing into its staging folder
    running.send_signal(stop)
    out, err = running.communicate(timeout=120)
    assert running.returncode != 0
    assert (
        f"publish: stopped by {stop.name}. output/ and published.json were left as they were."
        in err
    )
    assert "Traceback" not in out + err
    assert copy.ledger() == ledger
    assert digest(copy.output) == output
    assert staging_leftovers(copy) == []
    # Pelican itself was stopped too, not left writing.
    pelican = int(marker.read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(pelican, 0)


def test_the_next_publish_removes_what_a_killed_one_left_and_says_so(tmp_path, capsys):
    site = small_site(tmp_path)
    run(site)
    for name in (".output-new-abc123", ".output-old-def456"):
        (site.root / name / "2026").mkdir(parents=True)
    capsys.readouterr()
    run(site)
    said = capsys.readouterr().out
    assert "removed 2 staging folder(s) left by a publish that was killed" in said
    assert leftovers(site) == []
    # Killed between the two renames of the swap: the previous site is put back first.
    site.output.rename(site.root / ".output-old-0a1b2c")
    publish.clear_leftovers(str(site.output))
    assert (site.output / "index.html").exists()
    assert leftovers(site) == []


def test_a_second_build_into_the_same_output_is_refused_plainly(tmp_path):
    copy = stalling_project(tmp_path)
    marker = tmp_path / "stalled"
    first = start(copy, "publish", STALL_MARKER=str(marker))
    wait_for(marker, first)
    holder = first.pid
    again = copy.invoke("publish")
    plain = subprocess.run(
        [os.path.join(BIN, "pelican"), "content", "-s", "publishconf.py", "-o", "output"],
        cwd=copy.root, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    (tmp_path / "stalled.go").write_text("go")
    out, err = first.communicate(timeout=300)
    assert first.returncode == 0, out + err
    assert again.returncode == 1
    assert (
        f"publish: another build (process {holder}) is writing into output/; nothing was "
        "changed. Build again when it has finished." in again.stderr
    )
    assert plain.returncode != 0
    assert "another build (process" in plain.stdout + plain.stderr
    for said in (again.stdout + again.stderr, plain.stdout + plain.stderr):
        assert "Traceback" not in said
    assert (copy.output / "2026/11/first-rebuttal/index.html").exists()
    assert copy.invoke("publish").returncode == 0  # the lock went with the first process
