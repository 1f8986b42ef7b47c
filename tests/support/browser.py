"""Debian's chromium driven by Playwright; never a downloaded browser.

The fixtures are registered once, in tests/conftest.py: one Playwright for the whole run.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("CI must run the browser tests, but /usr/bin/chromium is missing")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-gpu"],
        )
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser):
    """A new page in its own context; collects console errors and dialogs as failures."""
    contexts = []

    def open_new(url, viewport=None, locale="de-DE"):
        context = browser.new_context(viewport=viewport or PHONE, locale=locale)
        contexts.append(context)
        page = context.new_page()
        page.problems = []
        # A dialog is a failure (an injected alert, say) unless the test expects a confirm.
        page.confirm_dialogs = False
        page.on("dialog", lambda d: d.accept() if page.confirm_dialogs else (
            page.problems.append(f"dialog: {d.message}"), d.dismiss()))
        page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
        page.on("pageerror", lambda e: page.problems.append(str(e)))
        page.goto(url)
        return page

    yield open_new
    for context in contexts:
        context.close()
