"""The legal worksheet: each row is a matter, the day its clock starts, and the due date an
officer would compute by hand, with the reasoning.

Holidays are those of the `holidays` package (checked in test_calendar.py), which match the
official notices: Tết 2025 off Sat 25/01–Sun 02/02 (weekdays 27/01–31/01), Tết 2026 off
Sat 14/02–Sun 22/02 (weekdays 16/02–20/02), 30/04–01/05, 02/09 with the day next to it,
Giỗ Tổ Hùng Vương (10/3 lunar), and the announced swaps the migrations seed (Sat 26/04/2025
worked for Fri 02/05/2025; Fri 02/01/2026 off, worked on Sat 10/01/2026; Sat 22/08/2026
worked for Mon 31/08/2026). "swaps" are further rows of the announced swap days table; the
ones here are made up to exercise it.

The count never includes the start day. Working days: the n-th working day after it.
Calendar days (Civil Code Arts. 147–148): start + n; a last day that is a day off moves to
the next working day.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

import pytest

from danvan.deadlines.models import Complexity, ExceptionKind, Matter, Step
from danvan.deadlines.selectors import due_dates
from danvan.deadlines.services import set_calendar_exception
from danvan.lib.dates import parse_vn_date

pytestmark = pytest.mark.django_db

KN1, KN2 = Matter.COMPLAINT_FIRST, Matter.COMPLAINT_SECOND
TC, TCD, PAKN = Matter.DENUNCIATION, Matter.CITIZEN_RECEPTION, Matter.FEEDBACK
ACCEPT, RESOLVE, FORWARD = Step.ACCEPTANCE, Step.RESOLUTION, Step.FORWARDING
INITIAL, REPLY, FILING = Step.INITIAL_PROCESSING, Step.REPLY, Step.FILING_LIMIT
WORKED, OFF = ExceptionKind.WORKING_DAY, ExceptionKind.DAY_OFF

REMOTE: dict[str, Any] = {"remote_area": True}
COMPLEX: dict[str, Any] = {"complexity": Complexity.COMPLEX}
VERY_COMPLEX: dict[str, Any] = {"complexity": Complexity.ESPECIALLY_COMPLEX}
SEVERAL_PLACES: dict[str, Any] = {"several_places": True}
# A made-up announcement: Saturday 08/11/2025 worked in exchange for Friday 14/11/2025.
NOV_2025_SWAP = {"08/11/2025": WORKED, "14/11/2025": OFF}


class Case(NamedTuple):
    why: str
    matter: str
    step: str
    start: str
    flags: dict[str, Any]
    swaps: Mapping[str, str]
    due: str


# fmt: off
CASES = [
    # --- Tết Ất Tỵ 2025: weekdays off Mon 27/01–Fri 31/01, weekends 25–26/01 and 01–02/02.
    Case(
        "tet2025-acceptance: 10 working days from Wed 22/01; 23, 24/01 are days 1–2, "
        "25/01–02/02 off, 03–07/02 are 3–7, 10–12/02 are 8–10",
        KN1, ACCEPT, "22/01/2025", {}, {}, "12/02/2025",
    ),
    Case(
        "tet2025-initial-processing: 7 working days from Fri 24/01; nothing until "
        "Mon 03/02 (day 1), 03–07/02 are 1–5, 10–11/02 are 6–7",
        TC, INITIAL, "24/01/2025", {}, {}, "11/02/2025",
    ),
    Case(
        "tet2025-forwarding: 5 working days from Thu 23/01; Fri 24/01 is day 1, then "
        "03–06/02 are 2–5",
        TC, FORWARD, "23/01/2025", {}, {}, "06/02/2025",
    ),
    Case(
        "tet2025-reception-reply: 10 working days from Fri 17/01; 20–24/01 are 1–5, "
        "03–07/02 are 6–10",
        TCD, REPLY, "17/01/2025", {}, {}, "07/02/2025",
    ),
    Case(
        "tet2025-ends-sunday: 30 days from Fri 03/01 end Sun 02/02, the last day of the "
        "Tết break; moves to Mon 03/02",
        KN1, RESOLVE, "03/01/2025", {}, {}, "03/02/2025",
    ),
    Case(
        "tet2025-sunday-before: 30 days from Fri 27/12/2024 end Sun 26/01; Mon 27/01–"
        "Sun 02/02 are all off, so Mon 03/02",
        KN1, RESOLVE, "27/12/2024", {}, {}, "03/02/2025",
    ),
    Case(
        "tet2025-on-holiday: 45 days from Mon 16/12/2024 (15 to 31/12, 30 more) end "
        "Thu 30/01, Tết; next working day Mon 03/02",
        KN2, RESOLVE, "16/12/2024", {}, {}, "03/02/2025",
    ),
    # --- Tết Bính Ngọ 2026: weekdays off Mon 16/02–Fri 20/02, weekends 14–15 and 21–22/02.
    Case(
        "tet2026-reception-reply: 10 working days from Thu 12/02; Fri 13/02 is day 1, "
        "23–27/02 are 2–6, 02–05/03 are 7–10",
        TCD, REPLY, "12/02/2026", {}, {}, "05/03/2026",
    ),
    Case(
        "tet2026-feedback-forwarding: 5 working days from Fri 13/02; 14–22/02 off, "
        "23–27/02 are 1–5",
        PAKN, FORWARD, "13/02/2026", {}, {}, "27/02/2026",
    ),
    Case(
        "tet2026-several-places: 10 working days from Mon 09/02; 10–13/02 are 1–4, "
        "23–27/02 are 5–9, Mon 02/03 is 10",
        TC, INITIAL, "09/02/2026", SEVERAL_PLACES, {}, "02/03/2026",
    ),
    Case(
        "tet2026-second-complaint: 45 days from Mon 05/01 (26 to 31/01, 19 more) end "
        "Thu 19/02, Tết; 20/02 Tết, 21–22/02 weekend, so Mon 23/02",
        KN2, RESOLVE, "05/01/2026", {}, {}, "23/02/2026",
    ),
    Case(
        "tet2026-denunciation: 30 days from Fri 16/01 (15 to 31/01, 15 more) end Sun 15/02; "
        "16–22/02 off, so Mon 23/02",
        TC, RESOLVE, "16/01/2026", {}, {}, "23/02/2026",
    ),
    Case(
        "tet2026-denunciation-complex: 60 days from Wed 17/12/2025 (14 to 31/12, 31 to "
        "31/01, 15 more) end Sun 15/02; so Mon 23/02",
        TC, RESOLVE, "17/12/2025", COMPLEX, {}, "23/02/2026",
    ),
    Case(
        "tet2026-remote-complex: 60 days from Thu 18/12/2025 (13 to 31/12, 31 to 31/01, "
        "16 more) end Mon 16/02, Tết; so Mon 23/02",
        KN1, RESOLVE, "18/12/2025", {**REMOTE, **COMPLEX}, {}, "23/02/2026",
    ),
    Case(
        "very-complex-complaint: no such row for complaints, so the complex limit, 45 days "
        "from Thu 08/01/2026 (23 to 31/01, 22 more) end Sun 22/02; Mon 23/02",
        KN1, RESOLVE, "08/01/2026", VERY_COMPLEX, {}, "23/02/2026",
    ),
    Case(
        "very-complex-denunciation: 90 days from Mon 03/11/2025 (27 to 30/11, 31 to "
        "31/12, 31 to 31/01, 1 more) end Sun 01/02/2026; Mon 02/02",
        TC, RESOLVE, "03/11/2025", VERY_COMPLEX, {}, "02/02/2026",
    ),
    # --- 30/04–01/05 and Giỗ Tổ Hùng Vương.
    Case(
        "apr2025-worked-saturday: 10 working days from Fri 25/04; Sat 26/04 was worked "
        "(for Fri 02/05) and is day 1, 28–29/04 are 2–3, 30/04–04/05 off, 05–09/05 are "
        "4–8, 12–13/05 are 9–10",
        KN1, ACCEPT, "25/04/2025", {}, {}, "13/05/2025",
    ),
    Case(
        "apr2025-ends-on-holiday: 30 days from Mon 31/03 end Wed 30/04; 01/05 holiday, "
        "02/05 swapped off, 03–04/05 weekend, so Mon 05/05",
        TC, RESOLVE, "31/03/2025", {}, {}, "05/05/2025",
    ),
    Case(
        "apr2025-ends-on-worked-saturday: 30 days from Thu 27/03 end Sat 26/04, a worked "
        "Saturday: the limit stays there",
        TC, RESOLVE, "27/03/2025", {}, {}, "26/04/2025",
    ),
    Case(
        "hung-kings-2025: 30 days from Thu 06/03 end Sat 05/04; Sun 06/04, Mon 07/04 "
        "Giỗ Tổ Hùng Vương, so Tue 08/04",
        TC, RESOLVE, "06/03/2025", {}, {}, "08/04/2025",
    ),
    Case(
        "apr2026: 10 working days from Wed 22/04; 23–24/04 are 1–2, 25/04 Sat, Hùng Vương "
        "Sun 26/04 observed Mon 27/04, 28–29/04 are 3–4, 30/04–03/05 off, 04–08/05 are "
        "5–9, Mon 11/05 is 10",
        KN2, ACCEPT, "22/04/2026", {}, {}, "11/05/2026",
    ),
    # --- National Day.
    Case(
        "sep2025-acceptance: 10 working days from Fri 29/08; 30–31/08 weekend, Mon 01/09 "
        "and Tue 02/09 National Day, 03–05/09 are 1–3, 08–12/09 are 4–8, 15–16/09 are 9–10",
        KN1, ACCEPT, "29/08/2025", {}, {}, "16/09/2025",
    ),
    Case(
        "sep2025-filing-limit: 90 days from Wed 04/06 (26 to 30/06, 31, 31, 2 more) end "
        "Tue 02/09, National Day; Wed 03/09",
        KN1, FILING, "04/06/2025", {}, {}, "03/09/2025",
    ),
    Case(
        "sep2026-worked-saturday: 7 working days from Fri 21/08; Sat 22/08 was worked (for "
        "Mon 31/08) and is day 1, 24–28/08 are 2–6, 29/08–02/09 off, Thu 03/09 is 7",
        TC, INITIAL, "21/08/2026", {}, {}, "03/09/2026",
    ),
    # --- Weekends and New Year.
    Case(
        "weekend-acceptance: 10 working days from Fri 07/03/2025; 10–14/03 are 1–5, "
        "17–21/03 are 6–10",
        KN1, ACCEPT, "07/03/2025", {}, {}, "21/03/2025",
    ),
    Case(
        "received-on-saturday: 5 working days from Sat 08/03/2025; 10–14/03 are 1–5",
        TC, FORWARD, "08/03/2025", {}, {}, "14/03/2025",
    ),
    Case(
        "new-year-filing-limit: 90 days from Fri 03/10/2025 (28 to 31/10, 30, 31, 1 more) "
        "end Thu 01/01/2026, New Year; Fri 02/01 is off by the announced swap, 03–04/01 "
        "weekend, so Mon 05/01",
        KN1, FILING, "03/10/2025", {}, {}, "05/01/2026",
    ),
    Case(
        "remote-first-complaint: 45 days from Mon 12/01/2026 (19 to 31/01, 26 more) end "
        "Thu 26/02, a working day",
        KN1, RESOLVE, "12/01/2026", REMOTE, {}, "26/02/2026",
    ),
    Case(
        "remote-complex-second-complaint: 70 days from Mon 01/12/2025 (30 to 31/12, 31 to "
        "31/01, 9 more) end Mon 09/02/2026",
        KN2, RESOLVE, "01/12/2025", {**REMOTE, **COMPLEX}, {}, "09/02/2026",
    ),
    Case(
        "complex-first-complaint: 45 days from Tue 26/08/2025 (5 to 31/08, 30 to 30/09, "
        "10 more) end Fri 10/10; the 02/09 holiday inside does not count",
        KN1, RESOLVE, "26/08/2025", COMPLEX, {}, "10/10/2025",
    ),
    # --- Announced swaps (table rows).
    Case(
        "swap-worked-saturday: 5 working days from Fri 07/11/2025; Sat 08/11 announced as "
        "worked is day 1, 10–13/11 are 2–5 (without the swap: Fri 14/11)",
        TC, FORWARD, "07/11/2025", {}, NOV_2025_SWAP, "13/11/2025",
    ),
    Case(
        "swap-friday-off: 5 working days from Mon 10/11/2025; 11–13/11 are 1–3, Fri 14/11 "
        "announced off, 17–18/11 are 4–5 (without the swap: Mon 17/11)",
        TC, FORWARD, "10/11/2025", {}, NOV_2025_SWAP, "18/11/2025",
    ),
    Case(
        "swap-ends-on-worked-saturday: 30 days from Thu 09/10/2025 end Sat 08/11, "
        "announced as worked: the limit stays there",
        TC, RESOLVE, "09/10/2025", {}, NOV_2025_SWAP, "08/11/2025",
    ),
    Case(
        "swap-ends-on-friday-off: 30 days from Wed 15/10/2025 end Fri 14/11, announced "
        "off; 15–16/11 weekend, so Mon 17/11",
        TC, RESOLVE, "15/10/2025", {}, NOV_2025_SWAP, "17/11/2025",
    ),
    Case(
        "table-overrides-package: 30 days from Wed 02/04/2025 end Fri 02/05, which the "
        "package has off; a table row makes it worked, so the limit stays (else Mon 05/05)",
        TC, RESOLVE, "02/04/2025", {}, {"02/05/2025": WORKED}, "02/05/2025",
    ),
]
# fmt: on


@pytest.mark.parametrize("case", CASES, ids=[case.why.split(":")[0] for case in CASES])
def test_due_date(case: Case) -> None:
    for day, kind in case.swaps.items():
        set_calendar_exception(
            actor=None, date=parse_vn_date(day), kind=kind, name="Test swap", legal_basis="-"
        )
    (due,) = due_dates(
        matter=case.matter, start=parse_vn_date(case.start), steps=[case.step], **case.flags
    )
    assert due.due_date == parse_vn_date(case.due), case.why


def test_the_worksheet_covers_at_least_twenty_cases() -> None:
    assert len(CASES) >= 20
