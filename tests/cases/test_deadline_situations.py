"""Matter-level deadline situations, each checked on the three surfaces that show them: the
officer's page, the citizen's page and Open311 (status, expected_datetime).

Every matter is received on Mon 05/10/2026 at 09:00 (Asia/Ho_Chi_Minh) in commune A1; the
dates below are counted by hand (see test_deadline_defects for the conventions). October and
November 2026 have no day off but weekends.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from danvan.cases.models import Case
from danvan.cases.services import transfers, workflow
from tests.cases.test_deadline_defects import (
    ANSWER,
    PART,
    REASON,
    at,
    decision,
    end_of,
    frozen,
    leader_of,
    officer_of,
    open311_item,
    receive,
)
from tests.factories import sign_in_with_totp

pytestmark = pytest.mark.django_db

RECEIVED = at(2026, 10, 5)

# The status labels as the pages show them (Vietnamese).
RUNNING = "Trong hạn"
DUE_SOON = "Sắp đến hạn"
MET = "Đúng hạn"
SUSPENDED = "Tạm đình chỉ"
CLOSED = "Không còn áp dụng"


@dataclass
class Expected:
    """What the three surfaces show, on the day `seen` (the pages' "today")."""

    seen: dt.datetime
    # (step, due dd/mm/yyyy or "—", status label), in the table's order: each body in turn,
    # then by due date.
    rows: list[tuple[str, str, str]]
    status: str = "open"
    expected: dt.date | None = None
    pause: str | None = None  # a part of the pause note
    withdrawn: str | None = None  # a part of the withdrawn list
    earlier: int = 0  # rows of the bodies that held the matter before (shown as such)


@dataclass
class Situation:
    case: Case
    secret: str
    expect: Expected
    extra: dict = field(default_factory=dict)


# --- parsing the deadlines table -----------------------------------------------------------

_TABLE = re.compile(r'<table[^>]*data-testid="deadlines".*?</table>', re.S)
_ROW = re.compile(r'<tr[^>]*data-step="(?P<step>[^"]+)"[^>]*>(?P<body>.*?)</tr>', re.S)
# The due date is the row's only date in bold; a suspended step shows none, only its note.
_DUE = re.compile(r"<strong>(?P<date>\d\d/\d\d/\d{4})</strong>")
_STATUS = re.compile(r'<span class="tag due-[a-z_]+">(?P<label>[^<]+)</span>')
_PAUSE = re.compile(r'data-testid="pause">(?P<note>[^<]+)<')
_WITHDRAWN = re.compile(r'<ul data-testid="withdrawn">(?P<items>.*?)</ul>', re.S)


def table_rows(html: str) -> list[tuple[str, str, str]]:
    table = _TABLE.search(html)
    assert table is not None, "no deadlines table on the page"
    rows = []
    for match in _ROW.finditer(table.group(0)):
        body = match.group("body")
        due = _DUE.search(body)
        status = _STATUS.search(body)
        assert status is not None, body
        assert due is not None or 'data-testid="pause"' in body, body
        rows.append((match.group("step"), due["date"] if due else "—", status["label"].strip()))
    return rows


def check_page(html: str, expect: Expected) -> None:
    assert table_rows(html) == expect.rows
    assert len(re.findall(r'<tr[^>]*class="earlier-body"[^>]*data-step=', html)) == expect.earlier
    pauses = [m.group("note").strip() for m in _PAUSE.finditer(html)]
    if expect.pause is None:
        assert pauses == []
    else:
        assert len(pauses) == 1 and expect.pause in pauses[0], pauses
    withdrawn = _WITHDRAWN.search(html)
    if expect.withdrawn is None:
        assert withdrawn is None
    else:
        assert withdrawn is not None and expect.withdrawn in withdrawn.group("items")


def officer_page(client, network, case: Case) -> str:  # type: ignore[no-untyped-def]
    sign_in_with_totp(client, leader_of(network))  # the province's leader sees every body's
    response = client.get(reverse("cases:detail", args=[case.tracking_code]))
    assert response.status_code == 200
    return response.content.decode()


def citizen_page(client, case: Case, secret: str) -> str:  # type: ignore[no-untyped-def]
    client.logout()
    tracked = client.post(
        reverse("cases:track"), {"tracking_code": case.tracking_code, "secret": secret}
    )
    assert tracked.status_code == 302, tracked.content.decode()[:500]
    response = client.get(reverse("cases:public_case", args=[case.tracking_code]))
    assert response.status_code == 200
    return response.content.decode()


# --- the situations ------------------------------------------------------------------------


def feedback_received(network) -> Situation:  # type: ignore[no-untyped-def]
    case, secret = receive(network, RECEIVED, "s-feedback")
    with frozen(at(2026, 10, 5, 10)):
        workflow.classify(actor=officer_of(network), case=case, kind="feedback", field=None)
    # Handling: 10wd from Mon 05/10 -> Mon 19/10; seen 05/10 (14 days ahead: running).
    return Situation(
        case,
        secret,
        Expected(
            seen=at(2026, 10, 5, 11),
            rows=[("handling", "19/10/2026", RUNNING)],
            expected=dt.date(2026, 10, 19),
        ),
    )


def forwarded(network) -> Situation:  # type: ignore[no-untyped-def]
    case, secret = receive(network, RECEIVED, "s-forwarded")
    officer = officer_of(network)
    with frozen(at(2026, 10, 5, 10)):
        workflow.classify(actor=officer, case=case, kind="feedback", field=None)
    with frozen(at(2026, 10, 7, 14)):
        transfers.forward(actor=officer, case=case, to=network.commune_a1)
    # Sender: forwarding 5wd from 05/10 -> Mon 12/10 (met 07/10); handling 19/10 (met).
    # Receiver: handling 10wd from Wed 07/10 -> Wed 21/10.
    return Situation(
        case,
        secret,
        Expected(
            seen=at(2026, 10, 7, 15),
            rows=[
                ("forwarding", "12/10/2026", MET),
                ("handling", "19/10/2026", MET),
                ("handling", "21/10/2026", RUNNING),
            ],
            expected=dt.date(2026, 10, 21),
            earlier=2,
        ),
        {"agency": network.commune_a1.name},
    )


def sent_down(network) -> Situation:  # type: ignore[no-untyped-def]
    case, secret = receive(network, RECEIVED, "s-down", unit=network.province_a.unit)
    with frozen(at(2026, 10, 7, 14)):
        transfers.return_down(actor=leader_of(network), case=case, to=network.commune_a1_committee)
    # The province's handling 19/10 (met 07/10); the commune's 10wd from 07/10 -> 21/10.
    return Situation(
        case,
        secret,
        Expected(
            seen=at(2026, 10, 7, 15),
            rows=[("handling", "19/10/2026", MET), ("handling", "21/10/2026", RUNNING)],
            expected=dt.date(2026, 10, 21),
            earlier=1,
        ),
        {"agency": network.commune_a1_committee.name},
    )


def second_complaint_accepted(network) -> Situation:  # type: ignore[no-untyped-def]
    case, secret = receive(network, RECEIVED, "s-second")
    officer = officer_of(network)
    with frozen(at(2026, 10, 5, 10)):
        workflow.classify(
            actor=officer,
            case=case,
            kind="complaint",
            field=None,
            complaint_round="second",
            remote_area=False,
        )
    with frozen(at(2026, 10, 7, 10)):
        workflow.accept(actor=officer, case=case)
    # Acceptance 7wd from 05/10 -> Wed 14/10 (met 07/10); handling 19/10 (met);
    # resolution 45 days from Wed 07/10: 31/10 is +24 -> Sat 21/11 -> Mon 23/11/2026.
    return Situation(
        case,
        secret,
        Expected(
            seen=at(2026, 10, 7, 11),
            rows=[
                ("acceptance", "14/10/2026", MET),
                ("handling", "19/10/2026", MET),
                ("resolution", "23/11/2026", RUNNING),
            ],
            expected=dt.date(2026, 11, 23),
        ),
    )


def denunciation_several_places(network) -> Situation:  # type: ignore[no-untyped-def]
    case, secret = receive(network, RECEIVED, "s-several")
    with frozen(at(2026, 10, 5, 10)):
        workflow.classify(
            actor=officer_of(network),
            case=case,
            kind="denunciation",
            field=None,
            several_places=True,
        )
    # Handling and initial processing (several places): both 10wd from 05/10 -> 19/10.
    return Situation(
        case,
        secret,
        Expected(
            seen=at(2026, 10, 5, 11),
            rows=[
                ("handling", "19/10/2026", RUNNING),
                ("initial_processing", "19/10/2026", RUNNING),
            ],
            expected=dt.date(2026, 10, 19),
        ),
    )


def denunciation_extended_twice(network) -> Situation:  # type: ignore[no-untyped-def]
    case, secret = receive(network, RECEIVED, "s-extended")
    officer = officer_of(network)
    with frozen(at(2026, 10, 5, 10)):
        workflow.classify(actor=officer, case=case, kind="denunciation", field=None)
        workflow.accept(actor=officer, case=case)
    with frozen(at(2026, 10, 12)):
        workflow.extend(actor=officer, case=case, reason=REASON, **decision(dt.date(2026, 10, 12)))
    with frozen(at(2026, 10, 19)):
        workflow.extend(
            actor=officer, case=case, reason=REASON, **decision(dt.date(2026, 10, 19), "20/QĐ")
        )
    # Initial processing 7wd -> 14/10 and handling 19/10, both met on 05/10; resolution 90
    # days from 05/10 -> Sun 03/01/2027 -> Mon 04/01/2027.
    return Situation(
        case,
        secret,
        Expected(
            seen=at(2026, 10, 19, 10),
            rows=[
                ("initial_processing", "14/10/2026", MET),
                ("handling", "19/10/2026", MET),
                ("resolution", "04/01/2027", RUNNING),
            ],
            expected=dt.date(2027, 1, 4),
        ),
    )


def _accepted_complaint(network, key: str) -> tuple[Case, str]:  # type: ignore[no-untyped-def]
    case, secret = receive(network, RECEIVED, key)
    officer = officer_of(network)
    with frozen(at(2026, 10, 5, 10)):
        workflow.classify(actor=officer, case=case, kind="complaint", field=None, remote_area=False)
        workflow.accept(actor=officer, case=case)
    return case, secret


# A first complaint accepted Mon 05/10: acceptance 7wd -> 14/10 and handling 19/10, met on
# 05/10; resolution 30 days from 05/10 -> Wed 04/11/2026.
MET_AT_ACCEPTANCE = [("acceptance", "14/10/2026", MET), ("handling", "19/10/2026", MET)]


def complaint_suspended(network) -> Situation:  # type: ignore[no-untyped-def]
    case, secret = _accepted_complaint(network, "s-suspended")
    with frozen(at(2026, 10, 12)):
        workflow.suspend(
            actor=officer_of(network),
            case=case,
            reason=REASON,
            **decision(dt.date(2026, 10, 12)),
        )
    return Situation(
        case,
        secret,
        Expected(
            seen=at(2026, 10, 13),
            rows=[*MET_AT_ACCEPTANCE, ("resolution", "—", SUSPENDED)],
            expected=None,
            pause="Tạm đình chỉ từ 12/10/2026",
        ),
    )


def complaint_suspended_and_resumed(network) -> Situation:  # type: ignore[no-untyped-def]
    suspended = complaint_suspended(network)
    case = suspended.case
    with frozen(at(2026, 10, 19)):
        workflow.resume(
            actor=officer_of(network),
            case=case,
            reason="",
            **decision(dt.date(2026, 10, 19), "16/QĐ-UBND"),
        )
    # Suspended from Mon 12/10 to the resumption on Mon 19/10: 12..18/10 = 7 days do not
    # count; resolution 30 + 7 = 37 days from 05/10: 31/10 is +26 -> Wed 11/11/2026.
    return Situation(
        case,
        suspended.secret,
        Expected(
            seen=at(2026, 10, 19, 10),
            rows=[*MET_AT_ACCEPTANCE, ("resolution", "11/11/2026", RUNNING)],
            expected=dt.date(2026, 11, 11),
            pause="Đã cộng 7 ngày tạm đình chỉ",
        ),
    )


def complaint_withdrawn_in_part(network) -> Situation:  # type: ignore[no-untyped-def]
    case, secret = _accepted_complaint(network, "s-part")
    with frozen(at(2026, 10, 12)):
        workflow.withdraw(actor=officer_of(network), case=case, whole=False, withdrawn_part=PART)
    return Situation(
        case,
        secret,
        Expected(
            seen=at(2026, 10, 12, 10),
            rows=[*MET_AT_ACCEPTANCE, ("resolution", "04/11/2026", RUNNING)],
            expected=dt.date(2026, 11, 4),
            withdrawn=f"12/10/2026: {PART}",
        ),
    )


def complaint_withdrawn_in_whole(network) -> Situation:  # type: ignore[no-untyped-def]
    case, secret = _accepted_complaint(network, "s-whole")
    with frozen(at(2026, 10, 12)):
        workflow.withdraw(actor=officer_of(network), case=case, whole=True)
    return Situation(
        case,
        secret,
        Expected(
            seen=at(2026, 10, 12, 10),
            rows=[*MET_AT_ACCEPTANCE, ("resolution", "04/11/2026", CLOSED)],
            status="closed",
            expected=None,
        ),
    )


def not_processable(network) -> Situation:  # type: ignore[no-untyped-def]
    case, secret = receive(network, RECEIVED, "s-not-processable")
    with frozen(at(2026, 10, 7, 15)):
        workflow.mark_not_processable(
            actor=officer_of(network), case=case, reason="duplicate", answer=ANSWER
        )
    # Handling 19/10, met on 07/10 by the decision not to process it.
    return Situation(
        case,
        secret,
        Expected(
            seen=at(2026, 10, 7, 16),
            rows=[("handling", "19/10/2026", MET)],
            status="closed",
            expected=None,
        ),
    )


SITUATIONS: dict[str, Callable[..., Situation]] = {
    "feedback received": feedback_received,
    "forwarded": forwarded,
    "sent down": sent_down,
    "second complaint accepted": second_complaint_accepted,
    "denunciation with several places": denunciation_several_places,
    "denunciation extended twice": denunciation_extended_twice,
    "complaint suspended": complaint_suspended,
    "complaint suspended and resumed": complaint_suspended_and_resumed,
    "complaint withdrawn in part": complaint_withdrawn_in_part,
    "complaint withdrawn in whole": complaint_withdrawn_in_whole,
    "not processable": not_processable,
}


@pytest.mark.parametrize("name", list(SITUATIONS))
def test_the_three_surfaces_agree(network, client, name):
    situation = SITUATIONS[name](network)
    case, expect = situation.case, situation.expect
    with frozen(expect.seen):
        check_page(officer_page(client, network, case), expect)
        check_page(citizen_page(client, case, situation.secret), expect)
        item = open311_item(client, case)
    assert item["status"] == expect.status
    case.refresh_from_db()
    assert case.next_due_date == expect.expected
    assert item["expected_datetime"] == (end_of(expect.expected) if expect.expected else None)
    if "agency" in situation.extra:
        assert item["agency_responsible"] == situation.extra["agency"]


# --- no query per deadline -----------------------------------------------------------------


def _page_queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    client.get(url)  # warm up (session, caches)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_pages_do_not_query_per_deadline(network, client, django_assert_max_num_queries):
    """The officer's and the citizen's pages read a matter's deadlines (every body's) in a
    bounded number of queries: forwarding the matter twice (three legs, five deadline rows
    instead of one) adds none."""
    leader = leader_of(network)
    one, one_secret = receive(network, RECEIVED, "q-one")
    three, three_secret = receive(network, RECEIVED, "q-three")
    with frozen(at(2026, 10, 5, 10)):
        for case in (one, three):
            workflow.classify(actor=leader, case=case, kind="feedback", field=None)
    with frozen(at(2026, 10, 6, 10)):
        transfers.forward(actor=leader, case=three, to=network.commune_a1)
    with frozen(at(2026, 10, 7, 10)):
        transfers.forward(actor=leader, case=three, to=network.commune_a2)
    assert one.deadlines.count() == 1
    assert three.deadlines.count() == 5  # (forwarding, handling) x 2 earlier bodies + handling

    with frozen(at(2026, 10, 7, 11)):
        sign_in_with_totp(client, leader)
        officer_one = _page_queries(client, reverse("cases:detail", args=[one.tracking_code]))
        url = reverse("cases:detail", args=[three.tracking_code])
        client.get(url)
        with django_assert_max_num_queries(officer_one):
            page = client.get(url)
        assert len(table_rows(page.content.decode())) == 5

        citizen_page(client, one, one_secret)
        citizen_one = _page_queries(client, reverse("cases:public_case", args=[one.tracking_code]))
        citizen_page(client, three, three_secret)
        url = reverse("cases:public_case", args=[three.tracking_code])
        client.get(url)
        with django_assert_max_num_queries(citizen_one):
            page = client.get(url)
        assert len(table_rows(page.content.decode())) == 5
