"""What every journey checks of each page it reaches: no axe-core violation at 390 px and
1,280 px, nothing wider than a phone, and a screenshot at both widths in $DANVAN_SCREENSHOTS
(`<journey>-<page>-<width>.png`) for people to look at."""

from __future__ import annotations

from typing import Any

from tests.browser.phone import PHONE, fits
from tests.browser.test_accessibility import _violations
from tests.browser.test_reports_journey import SHOTS, WIDTHS


def check_page(page: Any, journey: str, name: str) -> None:
    for width, height in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        assert _violations(page) == [], (name, width)
        if width == 390:
            assert fits(page), name
        page.screenshot(path=str(SHOTS / f"{journey}-{name}-{width}.png"), full_page=True)
    page.set_viewport_size(PHONE)
