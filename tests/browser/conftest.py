"""Playwright (Python) driving Debian's chromium against a live test server."""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    if not shutil.which(CHROMIUM):
        pytest.fail(
            "chromium is missing: run 'make chromium' (root) or 'sudo apt-get install chromium'"
        )
    # Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run
    # inside one unless told that this is deliberate (tests only).
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def units_loaded(transactional_db):  # type: ignore[no-untyped-def]
    """Transactional tests empty the database when they end; put reference data back."""
    from tests.conftest import restore_reference_data

    restore_reference_data()
