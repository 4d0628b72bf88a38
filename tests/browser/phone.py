"""What the browser journeys share: a phone-sized, signed-in page, and whether a page fits
the phone's screen."""

from __future__ import annotations

from typing import Any

from tests.factories import PASSWORD

PHONE = {"width": 390, "height": 844}


def sign_in(
    browser: Any,
    base: str,
    username: str,
    password: str = PASSWORD,
    viewport: dict = PHONE,
    totp_secret: str | None = None,
) -> Any:
    """A new browser context (phone-sized unless told) signed in as `username`, on the home
    page; with `totp_secret`, through the second step too, typing the authenticator's code."""
    page = browser.new_context(viewport=viewport).new_page()
    page.set_default_timeout(15_000)
    page.goto(base + "/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", password)
    page.locator("main form button[type=submit]").first.click()
    if totp_secret is not None:
        page.wait_for_url("**/2fa/authenticate/**")
        page.fill("input[name=code]", totp_code(totp_secret))
        page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(base + "/home/")
    return page


def totp_code(secret: str) -> str:
    """The code an authenticator app would show now for `secret`."""
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    return str(format_hotp_value(hotp_value(secret, next(iter(yield_hotp_counters_from_time())))))


def fits(page: Any) -> bool:
    """Nothing wider than the screen (tables scroll inside their own region)."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))
