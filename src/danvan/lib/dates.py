"""Dates as a Vietnamese officer reads them: local day in Asia/Ho_Chi_Minh, dd/mm/yyyy."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def today() -> dt.date:
    """Today's date in the project's time zone (not UTC, not the server's)."""
    return timezone.localdate()


def day_start(day: dt.date) -> dt.datetime:
    """The first moment of `day` in the project's time zone (a local day's lower bound)."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_default_timezone())


def parse_vn_date(value: str) -> dt.date:
    """Parse dd/mm/yyyy (or ISO yyyy-mm-dd); raise ValueError on anything else."""
    value = value.strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(value, fmt).date()  # noqa: DTZ007 - a date, no time
        except ValueError:
            continue
    raise ValueError(value)


def format_vn_date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def week_start(moment: dt.datetime | dt.date) -> dt.date:
    """The Monday of the week `moment` falls in, in Asia/Ho_Chi_Minh (a date is taken as is)."""
    if isinstance(moment, dt.datetime):
        moment = timezone.localtime(moment).date()
    return moment - dt.timedelta(days=moment.weekday())
