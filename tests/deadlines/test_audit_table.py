"""An audit table of due dates, each computed by hand from a printed calendar, against the
rules and the swap days the migrations seed (no made-up rows).

The calendar of state bodies the expected dates were counted on:

- 2025: Wed 01/01; Tết Mon 27/01–Fri 31/01 (with the weekends, off Sat 25/01–Sun 02/02);
  Giỗ Tổ Hùng Vương Mon 07/04; Sat 26/04 worked for Fri 02/05; Wed 30/04, Thu 01/05 and
  Fri 02/05 off; National Day Mon 01/09 and Tue 02/09.
- 2026: Thu 01/01 and Fri 02/01 off (swap), Sat 10/01 worked; Tết Mon 16/02–Fri 20/02 (off
  Sat 14/02–Sun 22/02); Giỗ Tổ on Sun 26/04, observed Mon 27/04; Thu 30/04 and Fri 01/05
  off; Sat 22/08 worked for Mon 31/08; Mon 31/08, Tue 01/09 and Wed 02/09 off; Tue 24/11 a
  working day (Ngày Văn hóa Việt Nam is not yet a legal day off).

Counting (Civil Code Arts. 147–148): the start day is never counted; n working days end on
the n-th working day after it; n calendar days end on start + n, moved to the next working
day when that is a day off. A pause (from, to) removes the days from `from` to the day before
`to` that fall after the start: calendar days for a calendar-day limit, working days for a
working-day limit.

Limits (0002_seed_rules, 0004_rules_2026): letter handling 10 working days; complaint
acceptance 10 working days until 30/06/2026, 7 from 01/07/2026; first complaint resolution
30/45 (remote 45/60), second 45/60 (remote 60/70) calendar days, an especially complex
complaint getting the complex limit; denunciation initial processing 7 working days (10 with
checks in several places), forwarding 5 working days, resolution 30/60/90 calendar days;
citizen reception reply 10 and feedback forwarding 5 working days; filing limit 90 days.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

import holidays
import pytest
from django.utils import timezone

from danvan.deadlines.calendar import (
    CalendarException,
    ExceptionKind,
    public_is_working_day,
    work_calendar,
)
from danvan.deadlines.models import Complexity, Matter, Step
from danvan.deadlines.selectors import due_dates
from danvan.deadlines.services import set_calendar_exception

pytestmark = pytest.mark.django_db

D = dt.date

LETTER, KN1, KN2 = Matter.LETTER, Matter.COMPLAINT_FIRST, Matter.COMPLAINT_SECOND
TC, TCD, PAKN = Matter.DENUNCIATION, Matter.CITIZEN_RECEPTION, Matter.FEEDBACK
HANDLE, ACCEPT, RESOLVE = Step.HANDLING, Step.ACCEPTANCE, Step.RESOLUTION
INITIAL, FORWARD, REPLY, FILING = (
    Step.INITIAL_PROCESSING,
    Step.FORWARDING,
    Step.REPLY,
    Step.FILING_LIMIT,
)

NONE: dict[str, Any] = {}
REMOTE: dict[str, Any] = {"remote_area": True}
COMPLEX: dict[str, Any] = {"complexity": Complexity.COMPLEX}
VERY_COMPLEX: dict[str, Any] = {"complexity": Complexity.ESPECIALLY_COMPLEX}
SEVERAL: dict[str, Any] = {"several_places": True}


class Row(NamedTuple):
    id: str
    matter: str
    step: str
    start: dt.date
    flags: dict[str, Any]
    pauses: tuple[tuple[dt.date, dt.date], ...]
    days: int  # the limit the rule in force on `start` gives
    due: dt.date


# fmt: off
TABLE = [
    # --- Tết Ất Tỵ 2025 ----------------------------------------------------------------
    # 21–24/01 are 1–4, 25/01–02/02 off, 03–07/02 are 5–9, Mon 10/02 is 10.
    Row("tet2025-letter-handling", LETTER, HANDLE, D(2025, 1, 20), NONE, (), 10,
        D(2025, 2, 10)),
    # Received Fri 24/01: nothing until Mon 03/02; 03–07/02 are 1–5, 10–14/02 are 6–10.
    Row("tet2025-acceptance-received-before-tet", KN1, ACCEPT, D(2025, 1, 24), NONE, (), 10,
        D(2025, 2, 14)),
    # 31/12/2024 + 30 = Thu 30/01, Tết; Fri 31/01 Tết, 01–02/02 weekend; Mon 03/02.
    Row("tet2025-resolution-ends-in-tet", KN1, RESOLVE, D(2024, 12, 31), NONE, (), 30,
        D(2025, 2, 3)),
    # Received Sun 26/01 in the break: 03–07/02 are 1–5, 10–11/02 are 6–7.
    Row("tet2025-received-during-tet", TC, INITIAL, D(2025, 1, 26), NONE, (), 7,
        D(2025, 2, 11)),
    # 29 days to 31/12/2024, 31 more = Fri 31/01, Tết; 01–02/02 weekend; Mon 03/02.
    Row("tet2025-second-complex-ends-on-tet-friday", KN2, RESOLVE, D(2024, 12, 2), COMPLEX,
        (), 60, D(2025, 2, 3)),
    # Fri 24/01 is 1, 25/01–02/02 off, 03–07/02 are 2–6, 10–13/02 are 7–10.
    Row("tet2025-several-places", TC, INITIAL, D(2025, 1, 23), SEVERAL, (), 10,
        D(2025, 2, 13)),
    # --- Tết Bính Ngọ 2026 -------------------------------------------------------------
    # 11–13/02 are 1–3, 14–22/02 off, 23–27/02 are 4–8, 02–03/03 are 9–10.
    Row("tet2026-letter-handling", LETTER, HANDLE, D(2026, 2, 10), NONE, (), 10,
        D(2026, 3, 3)),
    # Before 01/07/2026, so 10 days: 23–27/02 are 1–5, 02–06/03 are 6–10.
    Row("tet2026-acceptance-ten-days-before-july", KN1, ACCEPT, D(2026, 2, 13), NONE, (), 10,
        D(2026, 3, 6)),
    # Sat 17/01 + 14 = 31/01, 16 more = Mon 16/02, Tết; 17–22/02 off; Mon 23/02.
    Row("tet2026-resolution-ends-on-tet-monday", KN1, RESOLVE, D(2026, 1, 17), NONE, (), 30,
        D(2026, 2, 23)),
    # 5 days to 31/01, 25 more = Wed 25/02, a working day: Tết inside does not lengthen it.
    Row("tet2026-inside-a-calendar-limit", TC, RESOLVE, D(2026, 1, 26), NONE, (), 30,
        D(2026, 2, 25)),
    # Received Fri 20/02, a Tết day: 23–27/02 are 1–5.
    Row("tet2026-received-on-a-tet-day", TC, FORWARD, D(2026, 2, 20), NONE, (), 5,
        D(2026, 2, 27)),
    # --- New Year 2026: Fri 02/01 off, Sat 10/01 worked -----------------------------------
    # 01/01 holiday, 02/01 swapped off, 03–04 weekend; 05–09/01 are 1–5 (no swap: Thu 08/01).
    Row("newyear2026-friday-swapped-off", TC, FORWARD, D(2025, 12, 31), NONE, (), 5,
        D(2026, 1, 9)),
    # Fri 09/01 is 1, Sat 10/01 worked is 2, 12–16/01 are 3–7 (no swap: Mon 19/01).
    Row("newyear2026-saturday-worked", TC, INITIAL, D(2026, 1, 8), NONE, (), 7,
        D(2026, 1, 16)),
    # 28 days to 31/12, 2 more = Fri 02/01, swapped off; 03–04/01 weekend; Mon 05/01.
    Row("newyear2026-ends-on-the-swapped-friday", TC, RESOLVE, D(2025, 12, 3), NONE, (), 30,
        D(2026, 1, 5)),
    # 20 days to 31/12, 10 more = Sat 10/01, worked: the limit stays on it.
    Row("newyear2026-ends-on-the-worked-saturday", KN1, RESOLVE, D(2025, 12, 11), NONE, (),
        30, D(2026, 1, 10)),
    # Wed 31/12 is 1, 01–04/01 off, 05–08/01 are 2–5.
    Row("newyear2026-feedback-forwarding", PAKN, FORWARD, D(2025, 12, 30), NONE, (), 5,
        D(2026, 1, 8)),
    # 05–09/01 are 1–5, Sat 10/01 is 6, 12–15/01 are 7–10.
    Row("newyear2026-letter-handling-over-both-swaps", LETTER, HANDLE, D(2025, 12, 31), NONE,
        (), 10, D(2026, 1, 15)),
    # --- Giỗ Tổ Hùng Vương ------------------------------------------------------------
    # 02–04/04 are 1–3, Mon 07/04 off, 08–11/04 are 4–7, 14–16/04 are 8–10.
    Row("hung-kings-2025-acceptance", KN1, ACCEPT, D(2025, 4, 1), NONE, (), 10,
        D(2025, 4, 16)),
    # 7 days to 28/02, 31 to 31/03, 7 more = Mon 07/04, Giỗ Tổ; Tue 08/04.
    Row("hung-kings-2025-ends-on-the-day", KN2, RESOLVE, D(2025, 2, 21), NONE, (), 45,
        D(2025, 4, 8)),
    # Fri 24/04 is 1, Mon 27/04 observed, 28–29/04 are 2–3, 30/04–03/05 off, 04–05/05 4–5.
    Row("hung-kings-2026-observed-monday", TC, FORWARD, D(2026, 4, 23), NONE, (), 5,
        D(2026, 5, 5)),
    # 4 days to 31/03, 26 more = Sun 26/04, Giỗ Tổ; Mon 27/04 observed; Tue 28/04.
    Row("hung-kings-2026-ends-on-the-sunday", TC, RESOLVE, D(2026, 3, 27), NONE, (), 30,
        D(2026, 4, 28)),
    # --- 30/04–01/05 ---------------------------------------------------------------------
    # Fri 25/04 is 1, Sat 26/04 worked is 2, 28–29/04 are 3–4, 30/04–04/05 off,
    # 05–09/05 are 5–9, Mon 12/05 is 10.
    Row("may2025-letter-handling-with-the-swap", LETTER, HANDLE, D(2025, 4, 24), NONE, (), 10,
        D(2025, 5, 12)),
    # 28 days to 30/04, 2 more = Fri 02/05, swapped off; 03–04/05 weekend; Mon 05/05.
    Row("may2025-ends-on-the-swapped-friday", KN1, RESOLVE, D(2025, 4, 2), NONE, (), 30,
        D(2025, 5, 5)),
    # 30/04–04/05 off; 05–09/05 are 1–5.
    Row("may2025-forwarding-over-the-break", TC, FORWARD, D(2025, 4, 29), NONE, (), 5,
        D(2025, 5, 9)),
    # Thu 30/04–Sun 03/05 off; 04–08/05 are 1–5, 11–15/05 are 6–10.
    Row("may2026-second-acceptance", KN2, ACCEPT, D(2026, 4, 29), NONE, (), 10,
        D(2026, 5, 15)),
    # Remote: 45; 15 days to 31/03, 30 more = Thu 30/04, holiday; 01/05, weekend; Mon 04/05.
    Row("may2026-remote-ends-on-the-holiday", KN1, RESOLVE, D(2026, 3, 16), REMOTE, (), 45,
        D(2026, 5, 4)),
    # --- National Day ----------------------------------------------------------------------
    # Fri 29/08 is 1, 01–02/09 off, 03–05/09 are 2–4, 08–12/09 are 5–9, Mon 15/09 is 10.
    Row("sep2025-letter-handling", LETTER, HANDLE, D(2025, 8, 28), NONE, (), 10,
        D(2025, 9, 15)),
    # 28 days to 31/07, 31 to 31/08, 1 more = Mon 01/09, holiday; Tue 02/09; Wed 03/09.
    Row("sep2025-denunciation-complex", TC, RESOLVE, D(2025, 7, 3), COMPLEX, (), 60,
        D(2025, 9, 3)),
    # Fri 21/08 is 1, Sat 22/08 worked is 2, 24–28/08 are 3–7, 29/08–02/09 off,
    # Thu 03/09 is 8, Fri 04/09 is 9, Mon 07/09 is 10.
    Row("sep2026-letter-handling-with-the-swap", LETTER, HANDLE, D(2026, 8, 20), NONE, (), 10,
        D(2026, 9, 7)),
    # From 01/07/2026, 7 days: 29/08–02/09 off; 03–04/09 are 1–2, 07–11/09 are 3–7.
    Row("sep2026-acceptance-seven-days", KN1, ACCEPT, D(2026, 8, 28), NONE, (), 7,
        D(2026, 9, 11)),
    # 8 days to 31/07, 22 more = Sat 22/08, worked: the limit stays on it.
    Row("sep2026-ends-on-the-worked-saturday", KN1, RESOLVE, D(2026, 7, 23), NONE, (), 30,
        D(2026, 8, 22)),
    # Remote: 60; 29 days to 31/07, 31 more = Mon 31/08, swapped off; 01–02/09; Thu 03/09.
    Row("sep2026-remote-second-ends-on-the-swapped-monday", KN2, RESOLVE, D(2026, 7, 2),
        REMOTE, (), 60, D(2026, 9, 3)),
    # 27–28/08 are 1–2, 29/08–02/09 off, 03–04/09 are 3–4, 07–09/09 are 5–7.
    Row("sep2026-second-acceptance", KN2, ACCEPT, D(2026, 8, 26), NONE, (), 7,
        D(2026, 9, 9)),
    # --- 24/11/2026 is a working day ------------------------------------------------------
    # 17–20/11 are 1–4, 23–27/11 are 5–9 (Tue 24 counted), Mon 30/11 is 10.
    Row("nov2026-letter-handling-counts-24-11", LETTER, HANDLE, D(2026, 11, 16), NONE, (), 10,
        D(2026, 11, 30)),
    # 5 days to 31/08, 30 to 30/09, 31 to 31/10, 24 more = Tue 24/11: stays on it.
    Row("nov2026-filing-limit-ends-on-24-11", KN1, FILING, D(2026, 8, 26), NONE, (), 90,
        D(2026, 11, 24)),
    # Mon 23 is 1, Tue 24 is 2, 25–27/11 are 3–5.
    Row("nov2026-forwarding-over-24-11", TC, FORWARD, D(2026, 11, 20), NONE, (), 5,
        D(2026, 11, 27)),
    # --- Weekends --------------------------------------------------------------------------
    # Received Sun 08/06: 09–13/06 are 1–5, 16–20/06 are 6–10.
    Row("weekend-received-on-sunday", TCD, REPLY, D(2025, 6, 8), NONE, (), 10,
        D(2025, 6, 20)),
    # 27 days to 30/11, 31 to 31/12, 31 to 31/01 (89), 1 more = Sun 01/02; Mon 02/02.
    Row("weekend-filing-limit-ends-on-sunday", KN1, FILING, D(2025, 11, 3), NONE, (), 90,
        D(2026, 2, 2)),
    # 15 days to 31/10, 15 more = Sat 15/11; Sun 16/11; Mon 17/11.
    Row("weekend-resolution-ends-on-saturday", KN1, RESOLVE, D(2025, 10, 16), NONE, (), 30,
        D(2025, 11, 17)),
    # Received Sat 14/03: 16–20/03 are 1–5, 23–27/03 are 6–10.
    Row("weekend-received-on-saturday", LETTER, HANDLE, D(2026, 3, 14), NONE, (), 10,
        D(2026, 3, 27)),
    # --- Complaints: first and second, complex and remote -----------------------------------
    # Complex: 45; 26 days to 31/05, 19 more = Thu 19/06.
    Row("first-complex", KN1, RESOLVE, D(2025, 5, 5), COMPLEX, (), 45, D(2025, 6, 19)),
    # Remote and complex: 60; 30 days to 31/07, 30 more = Sat 30/08; 31/08 Sun, 01–02/09
    # National Day; Wed 03/09.
    Row("first-remote-complex", KN1, RESOLVE, D(2025, 7, 1), {**REMOTE, **COMPLEX}, (), 60,
        D(2025, 9, 3)),
    # 27 days to 30/11, 18 more = Thu 18/12.
    Row("second-normal", KN2, RESOLVE, D(2025, 11, 3), NONE, (), 45, D(2025, 12, 18)),
    # Complex: 60; 29 days to 31/03, 30 to 30/04, 1 more = Fri 01/05, holiday; weekend;
    # Mon 04/05.
    Row("second-complex", KN2, RESOLVE, D(2026, 3, 2), COMPLEX, (), 60, D(2026, 5, 4)),
    # Remote and complex: 70; 27 days to 31/05, 30 to 30/06 (57), 13 more = Mon 13/07.
    Row("second-remote-complex", KN2, RESOLVE, D(2026, 5, 4), {**REMOTE, **COMPLEX}, (), 70,
        D(2026, 7, 13)),
    # Especially complex falls back to complex, remote: 60; 30 days to 31/10, 30 more =
    # Mon 30/11.
    Row("first-especially-complex-remote", KN1, RESOLVE, D(2026, 10, 1),
        {**REMOTE, **VERY_COMPLEX}, (), 60, D(2026, 11, 30)),
    # --- Denunciations: several places, extension levels -----------------------------------
    # Several places: 10; 25–28/08 are 1–4, 29/08–02/09 off, 03–04/09 are 5–6,
    # 07–10/09 are 7–10.
    Row("denunciation-several-places", TC, INITIAL, D(2026, 8, 24), SEVERAL, (), 10,
        D(2026, 9, 10)),
    # One place: 7; 25–28/08 are 1–4, 03–04/09 are 5–6, Mon 07/09 is 7.
    Row("denunciation-one-place", TC, INITIAL, D(2026, 8, 24), NONE, (), 7, D(2026, 9, 7)),
    # Normal: 30; 29 days to 30/06, 1 more = Wed 01/07.
    Row("denunciation-normal-30", TC, RESOLVE, D(2026, 6, 1), NONE, (), 30, D(2026, 7, 1)),
    # Complex, extended once: 60; 29 days to 30/06, 31 more = Fri 31/07.
    Row("denunciation-complex-60", TC, RESOLVE, D(2026, 6, 1), COMPLEX, (), 60,
        D(2026, 7, 31)),
    # Especially complex, extended twice: 90; 60 = Fri 31/07, 30 more = Sun 30/08;
    # Mon 31/08 swapped off, 01–02/09 National Day; Thu 03/09.
    Row("denunciation-especially-complex-90", TC, RESOLVE, D(2026, 6, 1), VERY_COMPLEX, (),
        90, D(2026, 9, 3)),
    # --- Suspensions (pauses) -----------------------------------------------------------
    # 10/03–19/03 paused: 10 days, 40 in all; 02/03 + 40 = Sat 11/04; Sun; Mon 13/04.
    Row("pause-calendar-days", KN1, RESOLVE, D(2026, 3, 2), NONE,
        ((D(2026, 3, 10), D(2026, 3, 20)),), 30, D(2026, 4, 13)),
    # Tue 10/11 is 1, Wed 11 and Thu 12 paused, 13/11 is 2, 16–18/11 are 3–5.
    Row("pause-working-days", TC, FORWARD, D(2026, 11, 9), NONE,
        ((D(2026, 11, 11), D(2026, 11, 13)),), 5, D(2026, 11, 18)),
    # Tue 10/02 is 1; paused 11/02–24/02 (Tết inside); 25–27/02 are 2–4, 02–06/03 are 5–9,
    # Mon 09/03 is 10.
    Row("pause-over-tet-2026", LETTER, HANDLE, D(2026, 2, 9), NONE,
        ((D(2026, 2, 11), D(2026, 2, 25)),), 10, D(2026, 3, 9)),
    # Paused from 01/10, before the start: only 06/10 and 07/10 count; 32 days = Fri 06/11.
    Row("pause-begun-before-the-start", TC, RESOLVE, D(2026, 10, 5), NONE,
        ((D(2026, 10, 1), D(2026, 10, 8)),), 30, D(2026, 11, 6)),
    # Two pauses: 05–06/10 (2) and 02–04/11 (3); 50 days: 30 to 31/10, 20 more = Fri 20/11.
    Row("pause-twice", KN2, RESOLVE, D(2026, 10, 1), NONE,
        ((D(2026, 10, 5), D(2026, 10, 7)), (D(2026, 11, 2), D(2026, 11, 5))), 45,
        D(2026, 11, 20)),
    # 10–16/08 paused (7); 37 days: 28 to 31/08, 9 more = Wed 09/09 (unpaused: 02/09 → 03/09).
    Row("pause-moves-past-national-day", KN1, RESOLVE, D(2026, 8, 3), NONE,
        ((D(2026, 8, 10), D(2026, 8, 17)),), 30, D(2026, 9, 9)),
    # 13–15/10 are 1–3, Fri 16 and Mon 19 paused (the weekend is off anyway), 20–23/10 4–7.
    Row("pause-over-a-weekend-working-days", TC, INITIAL, D(2026, 10, 12), NONE,
        ((D(2026, 10, 16), D(2026, 10, 20)),), 7, D(2026, 10, 23)),
    # Resumed the next day: only 02/06 paused; 31 days: 29 to 30/06, 2 more = Thu 02/07.
    Row("pause-of-one-day", TC, RESOLVE, D(2026, 6, 1), NONE,
        ((D(2026, 6, 2), D(2026, 6, 3)),), 30, D(2026, 7, 2)),
    # --- The acceptance version in force on the day of receipt -----------------------------
    # Tue 30/06: 10 days; 01–03/07 are 1–3, 06–10/07 are 4–8, 13–14/07 are 9–10.
    Row("version-first-on-30-06", KN1, ACCEPT, D(2026, 6, 30), NONE, (), 10, D(2026, 7, 14)),
    # Wed 01/07: 7 days; 02–03/07 are 1–2, 06–10/07 are 3–7.
    Row("version-first-on-01-07", KN1, ACCEPT, D(2026, 7, 1), NONE, (), 7, D(2026, 7, 10)),
    # The second complaint changes on the same day: 30/06 gives 10 days, Tue 14/07.
    Row("version-second-on-30-06", KN2, ACCEPT, D(2026, 6, 30), NONE, (), 10,
        D(2026, 7, 14)),
]
# fmt: on


@pytest.mark.parametrize("row", TABLE, ids=[row.id for row in TABLE])
def test_due_date_matches_the_hand_count(row: Row) -> None:
    (due,) = due_dates(
        matter=row.matter,
        start=row.start,
        steps=[row.step],
        pauses=row.pauses,
        calendar=work_calendar(),
        **row.flags,
    )
    assert (due.days, due.due_date) == (row.days, row.due)


def test_the_table_has_at_least_forty_cases_with_distinct_names() -> None:
    assert len(TABLE) >= 40
    assert len({row.id for row in TABLE}) == len(TABLE)


# --- The version change at midnight, Asia/Ho_Chi_Minh ------------------------------------

UTC = dt.UTC


@pytest.mark.parametrize(
    ("received", "local_day", "days", "due"),
    [
        # 16:30 UTC is 23:30 on 30/06 in Hanoi: the ten days; 01–03/07, 06–10/07, 13–14/07.
        (dt.datetime(2026, 6, 30, 16, 30, tzinfo=UTC), D(2026, 6, 30), 10, D(2026, 7, 14)),
        # 16:59:59 UTC is the last second of 30/06 in Hanoi: still the ten days.
        (dt.datetime(2026, 6, 30, 16, 59, 59, tzinfo=UTC), D(2026, 6, 30), 10, D(2026, 7, 14)),
        # 17:00 UTC is midnight of 01/07 in Hanoi: the seven days; 02–03/07, 06–10/07.
        (dt.datetime(2026, 6, 30, 17, 0, tzinfo=UTC), D(2026, 7, 1), 7, D(2026, 7, 10)),
        # 17:10 UTC, still 30/06 in UTC, is 00:10 on 01/07 in Hanoi: the seven days.
        (dt.datetime(2026, 6, 30, 17, 10, tzinfo=UTC), D(2026, 7, 1), 7, D(2026, 7, 10)),
    ],
    ids=["23h30-local", "23h59m59-local", "00h00-local", "00h10-local"],
)
def test_the_acceptance_version_changes_at_midnight_in_hanoi(
    received: dt.datetime, local_day: dt.date, days: int, due: dt.date
) -> None:
    start = timezone.localdate(received)
    assert start == local_day
    for matter in (KN1, KN2):
        (acceptance,) = due_dates(matter=matter, start=start, steps=[ACCEPT])
        assert (acceptance.days, acceptance.due_date) == (days, due), matter


# --- 24/11: Ngày Văn hóa Việt Nam ---------------------------------------------------------


def test_the_package_lists_24_11_but_it_is_not_a_day_off() -> None:
    # The pinned package already has the day; no enacted text makes it one (NOT_ENACTED).
    assert D(2026, 11, 24) in holidays.country_holidays("VN", years=2026)
    assert public_is_working_day(D(2026, 11, 24))
    assert work_calendar().is_working_day(D(2026, 11, 24))


def test_a_day_off_row_on_24_11_makes_it_one() -> None:
    # What an administrator enters once the amendment of Bộ luật Lao động is passed.
    set_calendar_exception(
        actor=None,
        date=D(2026, 11, 24),
        kind=ExceptionKind.DAY_OFF,
        name="Ngày Văn hóa Việt Nam",
        legal_basis="test",
    )
    calendar = work_calendar()
    assert not calendar.is_working_day(D(2026, 11, 24))
    # Fri 20/11: Mon 23 is 1, Tue 24 off, 25–27/11 are 2–4, Mon 30/11 is 5 (else Fri 27/11).
    (due,) = due_dates(matter=TC, start=D(2026, 11, 20), steps=[FORWARD], calendar=calendar)
    assert due.due_date == D(2026, 11, 30)


@pytest.mark.parametrize("day", [D(2029, 11, 26), D(2030, 11, 25)], ids=["2029", "2030"])
def test_the_observed_day_of_a_weekend_24_11_is_not_a_day_off_either(day: dt.date) -> None:
    # 24/11/2029 is a Saturday, 24/11/2030 a Sunday: the Monday after is an ordinary day.
    assert public_is_working_day(day)


def test_the_seeded_swaps_are_in_the_calendar() -> None:
    assert dict(CalendarException.objects.values_list("date", "kind")) == {
        D(2025, 4, 26): ExceptionKind.WORKING_DAY,
        D(2025, 5, 2): ExceptionKind.DAY_OFF,
        D(2026, 1, 2): ExceptionKind.DAY_OFF,
        D(2026, 1, 10): ExceptionKind.WORKING_DAY,
        D(2026, 8, 22): ExceptionKind.WORKING_DAY,
        D(2026, 8, 31): ExceptionKind.DAY_OFF,
    }
