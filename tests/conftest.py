"""Shared test set-up. The project, plugins and tests folders are on the import path by
pytest's ``pythonpath`` setting (pyproject.toml)."""

import os

# publishconf.py pings a public WebSub hub by default; a test's deploy or publish never
# reaches outside this machine (the WebSub tests give their own local hub).
os.environ["FEEDS_HUB"] = ""

import pytest  # noqa: E402


@pytest.hookimpl(tryfirst=True)  # before the test's fixtures, which may run the program
def pytest_runtest_setup(item):
    """`@pytest.mark.needs("rsync")`: skip without the program, or fail in CI (external.py)."""
    from external import require

    for mark in item.iter_markers("needs"):
        for program in mark.args:
            require(program)


@pytest.fixture(scope="session")
def served_site(tmp_path_factory):
    """The example site built for production at a local address, and served there."""
    from browser import StaticServer
    from sites import example_site

    server = StaticServer()
    site = example_site(tmp_path_factory.mktemp("served"))
    site.build("publishconf.py", SITEURL=server.url)
    server.serve(site.output)
    site.url = server.url
    yield site
    server.close()


@pytest.fixture(scope="session")
def chromium():
    from browser import CHROMIUM, CHROMIUM_ARGS, require_chromium

    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
