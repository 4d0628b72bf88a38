"""The working calendar of state bodies: weekends, public holidays, announced swap days.

Public holidays (Tết by the lunar calendar included) come from the `holidays` package, pinned
to one version (pyproject.toml; tests/deadlines/test_calendar_pin.py names it), less the days
no enacted text makes a day off (NOT_ENACTED). Each year's announced swaps (nghỉ bù / làm
bù) are rows of `CalendarException`, seeded from the Government's announcements and kept up to
date by administrators (reminded each autumn). A row of the table always wins: it is also how
a mistake or a late change in the package is corrected without waiting for a release.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping

import holidays
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

ONE_DAY = dt.timedelta(days=1)

# Days the package lists off that no enacted text makes a day off for state bodies, by
# (month, day). 24/11 "Ngày Văn hóa Việt Nam": Nghị quyết 80-NQ/TW (07/01/2026) decided on
# the policy and Nghị quyết 30/NQ-CP tasks an amendment of Bộ luật Lao động Art. 112, which
# had not been passed when this was written (decision 0015). Once it is, enter the day as a
# CalendarException (day off) and remove it here.
NOT_ENACTED = frozenset({(11, 24)})


class ExceptionKind(models.TextChoices):
    DAY_OFF = "day_off", _("Extra day off")
    WORKING_DAY = "working_day", _("Working day (a weekend day worked, or a day not off)")


class CalendarException(models.Model):
    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=ExceptionKind.choices)
    name = models.CharField(_("name"), max_length=200)
    legal_basis = models.CharField(
        _("legal basis"),
        max_length=200,
        blank=True,
        help_text=_("The announcement that sets the swap, e.g. Thông báo 6150/TB-BLĐTBXH."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("calendar exception")
        verbose_name_plural = _("calendar exceptions")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} — {self.name}"


@functools.lru_cache(maxsize=64)
def _public_year(year: int) -> tuple[frozenset[dt.date], frozenset[dt.date]]:
    """The package's days off and worked weekend days falling in `year`.

    A swap may be declared in the neighbouring year's data (a Saturday of late December
    worked for 2 January), hence the three years.
    """
    vn = holidays.country_holidays("VN", years=(year - 1, year, year + 1))
    # The package also lists the observed Monday of a weekend 24/11 ("… (nghỉ bù)"): every
    # entry named after a day not enacted goes, not only the date itself.
    dropped = {vn[day] for day in vn if (day.month, day.day) in NOT_ENACTED}
    days_off = frozenset(
        day for day in vn if day.year == year and not any(name in vn[day] for name in dropped)
    )
    worked = frozenset(day for day in vn.weekend_workdays if day.year == year)
    return days_off, worked


def public_is_working_day(day: dt.date) -> bool:
    """Working day by the law and the package alone, without the announced swaps table."""
    days_off, worked = _public_year(day.year)
    if day.weekday() >= 5:  # Saturday, Sunday
        return day in worked
    return day not in days_off


class WorkCalendar:
    """Pure date arithmetic over a fixed set of swap days: no query after construction."""

    def __init__(self, exceptions: Mapping[dt.date, str] | None = None) -> None:
        self._exceptions = dict(exceptions or {})

    def is_working_day(self, day: dt.date) -> bool:
        kind = self._exceptions.get(day)
        if kind is not None:
            return kind == ExceptionKind.WORKING_DAY
        return public_is_working_day(day)

    def next_working_day(self, day: dt.date) -> dt.date:
        """The first working day strictly after `day`."""
        day += ONE_DAY
        while not self.is_working_day(day):
            day += ONE_DAY
        return day

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after `start`; `start` itself is never counted."""
        _check_positive(n)
        day = start
        for _i in range(n):
            day = self.next_working_day(day)
        return day

    def add_calendar_days(self, start: dt.date, n: int) -> dt.date:
        """Civil Code Arts. 147–148: the first day is not counted, and a limit whose last
        day is a day off ends on the next working day."""
        _check_positive(n)
        end = start + dt.timedelta(days=n)
        return end if self.is_working_day(end) else self.next_working_day(end)


def _check_positive(n: int) -> None:
    if n < 1:
        raise ValueError(f"a time limit counts at least one day, got {n}")


def work_calendar() -> WorkCalendar:
    """The calendar with every announced swap: one query; build it once per computation."""
    return WorkCalendar(dict(CalendarException.objects.values_list("date", "kind")))
