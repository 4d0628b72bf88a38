"""The `holidays` package is pinned to one release: the working calendar (and so every due
date) depends on its list of Vietnamese holidays, which changes between releases (swap days
added, 24/11 "Ngày Văn hóa Việt Nam" listed before any law made it a day off)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import holidays
from packaging.requirements import Requirement

PINNED = "0.109"
PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"

BUMP_CHECKLIST = f"""holidays {holidays.__version__} is installed, the calendar was checked
against {PINNED}. Before bumping the pin (pyproject.toml and PINNED here):
1. run the calendar tests: pytest tests/deadlines (test_calendar, test_audit_table,
   test_worksheet) and read every changed date;
2. print holidays.country_holidays("VN", years=...) for this year and the coming ones, with
   .weekend_workdays, and compare each day with the Government's announcements (Tết, 2/9,
   swap days: Bộ Nội vụ notices, Văn phòng Chính phủ letters);
3. update danvan.deadlines.calendar.NOT_ENACTED for a day the package lists that no enacted
   text makes a day off (and its observed Monday), and the seeded or entered swap days
   (CalendarException) where the package now differs from the announcements."""


def test_the_installed_holidays_package_is_the_pinned_release() -> None:
    assert holidays.__version__ == PINNED, BUMP_CHECKLIST


def test_pyproject_pins_holidays_exactly() -> None:
    dependencies = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["dependencies"]
    (requirement,) = [
        Requirement(line) for line in dependencies if Requirement(line).name == "holidays"
    ]
    # One "==" specifier: a range would let a new install move the calendar silently.
    assert [(spec.operator, spec.version) for spec in requirement.specifier] == [("==", PINNED)], (
        f"pyproject.toml must pin holidays=={PINNED}, not {requirement.specifier}"
    )
