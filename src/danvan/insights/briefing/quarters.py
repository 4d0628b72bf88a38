"""Quarters of the briefing (giao ban quý): calendar quarters in Asia/Ho_Chi_Minh.

A text belongs to the quarter its moment falls in, in Vietnam's time: a letter sent at
03:00 on 01/10 (20:00 UTC on 30/09) is the fourth quarter's. A week of the weekly counts
(its Monday) belongs to the quarter holding its Thursday, the ISO rule: the quarter that
has most of its days.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone

from danvan.lib.dates import day_start

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_KEY = re.compile(r"^(\d{4})-([1-4])$")


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int  # 1..4

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, value: str) -> Quarter | None:
        """ "2026-3" → the third quarter of 2026; None for anything else."""
        match = _KEY.match(value.strip()) if isinstance(value, str) else None
        if match is None:
            return None
        year = int(match.group(1))
        if not 2000 <= year <= 2100:
            return None
        return cls(year, int(match.group(2)))

    @classmethod
    def last_complete(cls, today: dt.date | None = None) -> Quarter:
        return cls.of(today or timezone.localdate()).previous()

    @property
    def key(self) -> str:
        return f"{self.year}-{self.number}"

    @property
    def label(self) -> str:
        """ "Quý III/2026", as the documents write it (Vietnamese whatever the reader's)."""
        return f"Quý {ROMAN[self.number]}/{self.year}"

    @property
    def phrase(self) -> str:
        return f"quý {ROMAN[self.number]} năm {self.year}"

    @property
    def starts_on(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def ends_on(self) -> dt.date:
        return self.next().starts_on - dt.timedelta(days=1)

    def previous(self) -> Quarter:
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )

    def next(self) -> Quarter:
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """[start, end): midnight of the first day and of the next quarter's, in Vietnam."""
        return day_start(self.starts_on), day_start(self.next().starts_on)

    def weeks(self) -> tuple[dt.date, dt.date]:
        """The Mondays (both included) of the weeks whose Thursday is in the quarter."""
        first = self.starts_on - dt.timedelta(days=3)
        first += dt.timedelta(days=(-first.weekday()) % 7)
        last = self.ends_on - dt.timedelta(days=3)
        last -= dt.timedelta(days=last.weekday())
        return first, last


def recent(count: int = 8, today: dt.date | None = None) -> list[Quarter]:
    """The last `count` complete quarters and the current one, the newest first."""
    made = [Quarter.of(today or timezone.localdate())]
    while len(made) < count + 1:
        made.append(made[-1].previous())
    return made
