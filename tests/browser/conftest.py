"""Playwright (Python) driving Debian's chromium against a live test server.

Every browser context a test opens (the `page` fixture's, `phone.sign_in`'s, or the test's own
`browser.new_context()`) is watched for Content-Security-Policy violations; a test during which
any page broke the policy fails (portal.security, docs/decisions/0014).
"""

from __future__ import annotations

import os
import shutil
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"

# Chromium reports each violation on the console too; the event also carries what was blocked
# and where, and catches violations that a page raises before the console listener sees them.
_REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"}` +
                ` at ${e.sourceFile || e.documentURI}:${e.lineNumber}`);
});
"""


class CSPWatchedBrowser:
    """The session's browser, whose new contexts report CSP violations into `violations`."""

    def __init__(self, browser: Any) -> None:
        self._browser = browser
        self.violations: list[str] = []

    def new_context(self, **kwargs: Any) -> Any:
        context = self._browser.new_context(**kwargs)
        context.add_init_script(_REPORT_VIOLATIONS)
        context.on("console", self._on_console)
        return context

    def new_page(self, **kwargs: Any) -> Any:
        return self.new_context(**kwargs).new_page()

    def _on_console(self, message: Any) -> None:
        text = message.text
        if "Content Security Policy" in text or "CSP violation" in text:
            self.violations.append(f"{message.page.url if message.page else '?'}: {text}")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._browser, name)


@pytest.fixture(scope="session")
def chromium():  # type: ignore[no-untyped-def]
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
def browser(chromium):  # type: ignore[no-untyped-def]
    watched = CSPWatchedBrowser(chromium)
    yield watched
    assert not watched.violations, "Content-Security-Policy violations:\n" + "\n".join(
        dict.fromkeys(watched.violations)
    )


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
