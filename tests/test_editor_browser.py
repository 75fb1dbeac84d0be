"""The web editor in headless Chromium, against `invoke edit` run in a copy of the project:
a rebuttal written in the form is saved into content/posts/, passes `check` and is built;
a mistake the form cannot see is shown to the editor in the contract's words."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser import StaticServer
from editor_tools import TOOLS, require_editor
from playwright.sync_api import expect
from projects import BIN, project
from sites import ROOT, example_site

from sitetools import editor

pytestmark = [pytest.mark.browser, pytest.mark.build, pytest.mark.needs("git")]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Editing:
    """`invoke edit` running in a copy of the project, until stopped."""

    def __init__(self, root: Path):
        self.root = root
        self.process = subprocess.Popen(
            [os.path.join(BIN, "invoke"), "edit", "--port", str(free_port()),
             "--backend-port", str(free_port())],
            cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "PATH": BIN + os.pathsep + os.environ["PATH"]},
            start_new_session=True,
        )  # fmt: skip
        self.lines: list[str] = []
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            self.lines.append(line)
            found = re.search(r"Editor: (http://\S+/admin/)", line)
            if found:
                self.url = found[1]
                self.site = self.url.removesuffix("admin/")
                # Keep reading what it says, so a full pipe never holds the builds up.
                threading.Thread(target=self.lines.extend, args=(self.process.stdout,),
                                 daemon=True).start()  # fmt: skip
                return
        self.stop()
        raise AssertionError(
            "invoke edit never printed the editor's address:\n" + "".join(self.lines)
        )

    def stop(self) -> None:
        # The task stops decap-server itself on Ctrl-C, as an editor would stop it.
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def editing(tmp_path_factory):
    require_editor()
    copy = project(tmp_path_factory.mktemp("editing"), content=ROOT / "content")
    (copy.root / "tools").mkdir()
    (copy.root / "tools" / "editor").symlink_to(TOOLS)
    running = Editing(copy.root)
    yield running
    running.stop()


def new_files(editing, before: set[str]) -> list[Path]:
    return sorted(p for p in (editing.root / "content/posts").glob("*.md") if p.name not in before)


def choose(page, label: str, option: str) -> None:
    """Pick an option of a select widget (react-select) by typing it, as a keyboard user does."""
    page.get_by_label(label, exact=True).fill(option)
    page.keyboard.press("Enter")


def add_fact(page, text: str, sources: list[dict]) -> None:
    page.get_by_role("button", name="Add fact").click()
    page.locator('textarea[id^="fact-field"]').last.fill(text)
    for source in sources:
        page.get_by_role("button", name="Add source").last.click()
        for name, value in source.items():
            page.locator(f'input[id^="{name}-field"]').last.fill(value)


def fill_rebuttal(page, title: str, claim: str, claimant: str) -> None:
    """The fields every rebuttal test types, in the form's order; facts are added after."""
    page.locator('input[id^="title-field"]').first.fill(title)
    page.locator('input[id^="date-field"]').first.fill("2026-11-30T09:30")
    choose(page, "Status", "Published")
    page.locator('textarea[id^="claim-field"]').fill(claim)
    page.locator('input[id^="claimant-field"]').fill(claimant)
    choose(page, "Verdict (optional)", "False")


def start_post(editing, chromium):
    page = chromium.new_page(viewport={"width": 1400, "height": 1000})
    page.errors, page.requests = [], []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("request", lambda request: page.requests.append(request.url))
    page.goto(editing.url)
    page.get_by_role("button", name="Login").click()
    page.goto(editing.url + "#/collections/posts/new")
    return page


def save(page) -> None:
    page.get_by_role("button", name="Publish", exact=True).click()
    page.get_by_text("Publish now", exact=True).click()


def test_a_rebuttal_written_in_the_browser_is_saved_checked_and_built(editing, chromium):
    before = {p.name for p in (editing.root / "content/posts").glob("*.md")}
    page = start_post(editing, chromium)
    fill_rebuttal(
        page, "Norway has not banned petrol cars", "Norway banned petrol cars last year.", "Norway"
    )
    cars = "https://www.example.org/norway/cars"
    add_fact(page, "New petrol cars can still be sold in Norway.", [
        {"url": cars, "title": "Car sales", "publisher": "Statistics Norway"},
    ])  # fmt: skip
    add_fact(page, "The 2025 goal is a target, not a ban.", [
        {"url": "https://www.example.org/norway/target", "title": "The 2025 target"},
        {"url": "https://www.example.org/norway/law", "publisher": "Storting"},
    ])  # fmt: skip
    page.locator('[contenteditable="true"]').last.click()
    page.keyboard.type("A target is not a ban.")
    save(page)
    saved = wait_for(lambda: new_files(editing, before))
    assert [p.name for p in saved] == ["2026-11-30-norway-has-not-banned-petrol-cars.md"]
    text = saved[0].read_text(encoding="utf-8")
    # Typed text stays text: the verdict false and the claimant Norway, quoted where YAML
    # would read them otherwise; the contract's order and date form.
    assert 'verdict: "false"\n' in text and "claimant: Norway\n" in text
    assert text.startswith(
        "---\ntitle: Norway has not banned petrol cars\ndate: 2026-11-30 09:30\n"
    )
    checked = subprocess.run(
        [os.path.join(BIN, "invoke"), "check"], cwd=editing.root, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr
    # livereload builds it: the page is on the site, with every fact and source.
    built = editing.root / ".cache/livereload/2026/11/norway-has-not-banned-petrol-cars/index.html"
    wait_for(built.exists, seconds=120)
    post = chromium.new_page()
    post.goto(editing.site + "2026/11/norway-has-not-banned-petrol-cars/")
    expect(post.locator(".verdict__label")).to_have_text("False")
    expect(post.locator(".claim__who")).to_contain_text("Norway")
    expect(post.locator(".fact")).to_have_count(2)
    expect(post.locator(".source__link")).to_have_text(
        ["Car sales", "The 2025 target", "https://www.example.org/norway/law"]
    )
    assert not page.errors
    # Everything the editor loaded came from this machine: the site and decap-server.
    assert {urlsplit(url).hostname for url in page.requests if url.startswith("http")} == {
        "127.0.0.1"
    }
    page.close()
    post.close()


def test_a_mistake_the_form_cannot_see_is_shown_in_the_contracts_words(editing, chromium):
    """A last change dated before the post: each date is valid, so the form saves it;
    the build refuses it, and the editor's page shows why, as `check` says it."""
    before = {p.name for p in (editing.root / "content/posts").glob("*.md")}
    page = start_post(editing, chromium)
    page.locator('input[id^="title-field"]').first.fill("An update dated in a muddle")
    page.locator('input[id^="date-field"]').first.fill("2026-11-30T09:30")
    page.locator('input[id^="modified-field"]').fill("2026-11-29T09:30")
    page.locator('[contenteditable="true"]').last.click()
    page.keyboard.type("Words.")
    save(page)
    saved = wait_for(lambda: new_files(editing, before))
    try:
        expect(page.locator("#livereload-problem")).to_contain_text(
            f"content/posts/{saved[0].name}:4: modified: is before the post's date", timeout=60_000
        )
    finally:
        for path in saved:
            path.unlink()
    # Mended (here, by removing the file): the page reloads and the message goes.
    expect(page.locator("#livereload-problem")).to_have_count(0, timeout=60_000)
    page.close()


def title_of(post: bytes) -> str:
    line = next(line for line in post.decode().splitlines() if line.startswith("title:"))
    return line.removeprefix("title:").strip().strip('"')


def wait_for(found, seconds: float = 30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        answer = found()
        if answer:
            return answer
        time.sleep(0.2)
    raise AssertionError(f"not within {seconds} s")


def test_the_preview_is_the_page(editing, chromium):
    """The preview pane shows the verdict, the claim box, the facts and their numbered
    sources in the site's own markup, styled by the site's own stylesheet."""
    page = chromium.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(editing.url)
    page.get_by_role("button", name="Login").click()
    page.goto(editing.url + "#/collections/posts/entries/2026-09-03-bus-passes")
    preview = page.frame_locator("iframe").first
    expect(preview.locator(".verdict__label")).to_have_text("False")
    expect(preview.locator(".claim__text")).to_contain_text("scrap free bus passes")
    expect(preview.locator(".claim__who")).to_contain_text("Blue Party leader Alex Sample")
    expect(preview.locator(".fact")).to_have_count(3)
    expect(preview.locator(".source__number")).to_have_text(["[1]", "[2]", "[3]", "[4]"])
    stylesheet = preview.locator('link[rel="stylesheet"][href*="theme/css/site."]')
    expect(stylesheet).to_have_count(1)
    # The site's verdict colour, from its stylesheet, not the CMS's.
    colour = preview.locator(".verdict").evaluate("e => getComputedStyle(e).backgroundColor")
    badge = preview.locator(".verdict__label").evaluate("e => getComputedStyle(e).backgroundColor")
    assert "179, 38, 30" in colour + badge  # #b3261e, the "false" verdict's colour
    page.close()


def test_every_example_post_saved_in_the_editor_passes_check_and_builds_the_same(
    editing, chromium, tmp_path
):
    """Each example post opened in the real CMS and saved with a space after its title
    (Decap saves nothing unchanged; the space goes, as the contract ignores it): the whole
    file is written again by Decap's widgets and this project's format."""
    posts = editing.root / "content/posts"
    originals = {p.name: p.read_bytes() for p in sorted((ROOT / "content/posts").glob("*.md"))}
    page = chromium.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(editing.url)
    page.get_by_role("button", name="Login").click()
    for name in originals:
        written = (posts / name).stat().st_mtime_ns
        page.goto("about:blank")  # a fresh start: Decap keeps the last entry on a hash change
        page.goto(editing.url + f"#/collections/posts/entries/{name.removesuffix('.md')}")
        title = page.locator('input[id^="title-field"]').first
        expect(title).to_have_value(re.compile(re.escape(title_of(originals[name]))))
        title.press("End")
        title.press_sequentially(" ")
        save(page)
        wait_for(lambda: (posts / name).stat().st_mtime_ns != written)  # noqa: B023
        expect(page.get_by_text(re.compile("changes saved", re.I))).to_be_visible()
    saved = {name: (posts / name).read_bytes() for name in originals}
    assert saved != originals  # rewritten, in the editor's form
    checked = subprocess.run(
        [os.path.join(BIN, "invoke"), "check"], cwd=editing.root, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr
    before, after = example_site(tmp_path / "before"), example_site(tmp_path / "after")
    for name, data in saved.items():
        (after.content / "posts" / name).write_bytes(data)
    for site in (before, after):
        site.build(SEARCH_INDEX=False)
    pages = {p.relative_to(before.output): p.read_bytes() for p in before.html_files()}
    assert pages == {p.relative_to(after.output): p.read_bytes() for p in after.html_files()}
    page.close()


def test_the_editorial_workflow_signs_a_rebuttal_off_before_it_merges(chromium, tmp_path):
    """The production workflow, with decap-server's git mode standing in for GitHub: a
    saved rebuttal is a branch of its own (a pull request on GitHub), goes from draft to
    in review to ready, and reaches main only when it is published."""
    require_editor()
    site = example_site(tmp_path)
    (site.root / ".gitignore").write_text("/output/\n/cache/\n/cards/\n")

    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(site.root), *args], capture_output=True,
                              text=True, check=True).stdout  # fmt: skip

    git("init", "-q", "-b", "main")
    git("config", "user.name", "Press Office")
    git("config", "user.email", "press@example.org")
    git("add", ".")
    git("commit", "-qm", "The site")
    port = free_port()
    site.build(SEARCH_INDEX=False, **editor.settings(port))
    backend = editor.start_backend(str(ROOT), port, repo=str(site.root), mode="git")
    web = StaticServer()
    web.serve(site.output)
    page = chromium.new_page(viewport={"width": 1400, "height": 1000})
    page.on("dialog", lambda dialog: dialog.accept())  # "Are you sure you want to publish?"
    try:
        page.goto(web.url + "/admin/")
        page.get_by_role("button", name="Login").click()
        page.goto(web.url + "/admin/#/collections/posts/new")
        fill_rebuttal(
            page, "Signed off before it goes out", "It went out unread.", "The Blue Party"
        )
        add_fact(page, "Two people read it first.", [{"url": "https://www.example.org/log"}])
        page.locator('[contenteditable="true"]').last.click()
        page.keyboard.type("Read, then released.")
        page.get_by_role("button", name="Save", exact=True).click()
        branch = "cms/posts/2026-11-30-signed-off-before-it-goes-out"
        path = "content/posts/2026-11-30-signed-off-before-it-goes-out.md"
        wait_for(lambda: branch in git("branch", "--list", branch))
        assert path not in git("ls-tree", "-r", "--name-only", "main")  # not yet on main
        for state, label in (("In review", "pending_review"), ("Ready", "pending_publish")):
            page.get_by_role("button", name="Status: ").click()
            page.get_by_role("menuitem", name=state).click()
            wait_for(lambda: label in git("config", "--get", f"branch.{branch}.description"))  # noqa: B023
            assert path not in git("ls-tree", "-r", "--name-only", "main")
        page.get_by_role("button", name="Publish", exact=True).click()
        page.get_by_role("menuitem", name="Publish now").click()
        wait_for(lambda: path in git("ls-tree", "-r", "--name-only", "main"))
        assert not git("branch", "--list", branch)
        checked = subprocess.run(
            [os.path.join(BIN, "invoke"), "check", "--content", str(site.content)], cwd=ROOT,
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert checked.returncode == 0, checked.stdout + checked.stderr
    finally:
        page.close()
        web.close()
        backend.terminate()
        backend.wait(timeout=10)
