"""One test per defect of the deadline audit: the behaviour the law asks for, with due dates
computed by hand from the seeded rules and the 2026 working calendar.

Calendar reminders (Asia/Ho_Chi_Minh): weekends off; 2026 days off 01/01, 02/01 (swap, Sat
10/01 worked), Tết 14/02–22/02, 26–27/04, 30/04, 01/05, 31/08 (swap, Sat 22/08 worked),
01–02/09; 24/11 is a working day. October and November 2026 have no day off but weekends.
"Nwd from D" is the N-th working day after D (D itself not counted); "N days from D" is
D + N calendar days, moved to the next working day when it falls on a day off.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from danvan.cases.models import Case, CaseState, EventKind
from danvan.cases.services import transfers, workflow
from danvan.cases.services.intake import submit
from danvan.deadlines.models import DeadlineRule
from tests.cases.conftest import submission
from tests.factories import Role, Scope, user_with

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
REASON = "Phải xác minh tại nhiều nơi, cần thêm thời gian."
PART = "Yêu cầu bồi thường tiền thuê nhà trong thời gian bị thu hồi đất"
ANSWER = "Đơn trùng với đơn đã được giải quyết, xin thông báo để ông/bà biết."


# --- helpers (imported by test_deadline_situations) -----------------------------------------


def at(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=VN)


def frozen(moment: dt.datetime) -> time_machine.travel:
    return time_machine.travel(moment, tick=False)


def officer_of(network):  # type: ignore[no-untyped-def]
    return user_with(network.commune_a1_committee, Role.OFFICER)


def leader_of(network):  # type: ignore[no-untyped-def]
    """Sees and moves every matter of province A's subtree (commune bodies included)."""
    return user_with(network.province_a, Role.LEADER, Scope.SUBTREE)


def receive(network, when: dt.datetime, key: str, **overrides) -> tuple[Case, str]:  # type: ignore[no-untyped-def]
    """A matter received through the web at `when` (commune A1: its People's Committee)."""
    with frozen(when):
        result = submit(
            submission=submission(network, **overrides), client="test", idempotency_key=key
        )
    return result.case, result.secret


def decision(day: dt.date, number: str = "15/QĐ-UBND") -> dict:
    return {"document_number": number, "document_date": day}


def open311_item(client, case: Case) -> dict:  # type: ignore[no-untyped-def]
    response = client.get(f"/open311/v2/requests/{case.tracking_code}.json")
    assert response.status_code == 200
    [item] = response.json()
    return item


def end_of(day: dt.date) -> str:
    return f"{day.isoformat()}T23:59:59+07:00"


def row(case: Case, step: str, leg: int | None = None):  # type: ignore[no-untyped-def]
    return case.deadlines.get(step=step, leg=case.leg if leg is None else leg)


def open_rows(case: Case):  # type: ignore[no-untyped-def]
    return case.deadlines.filter(met_at__isnull=True, closed_at__isnull=True)


# --- Defect 1 ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["feedback", "proposal", "mixed", "unclassified"])
def test_every_kind_of_matter_gets_the_letter_handling_due_date_and_an_expected_datetime(
    network, client, kind
):
    """Defect 1: feedback, proposals, mixed and unclassified matters had no due date at all;
    every letter has the letter-handling limit, 10 working days from receipt, and Open311
    gives it as expected_datetime."""
    case, _ = receive(network, at(2026, 10, 5), f"d1-{kind}")
    if kind != "unclassified":
        with frozen(at(2026, 10, 5, 10)):
            workflow.classify(actor=officer_of(network), case=case, kind=kind, field=None)
    case.refresh_from_db()
    # Mon 05/10: 6,7,8,9 (4), 12..16 (9), Mon 19/10 (10).
    handling = row(case, "handling")
    assert (handling.start_date, handling.days, handling.day_type) == (
        dt.date(2026, 10, 5),
        10,
        "working",
    )
    assert handling.due_date == dt.date(2026, 10, 19)
    assert case.next_due_date == dt.date(2026, 10, 19)
    with frozen(at(2026, 10, 5, 11)):
        item = open311_item(client, case)
    assert item["status"] == "open"
    assert item["expected_datetime"] == "2026-10-19T23:59:59+07:00"


# --- Defect 2 ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "outside"),
    [("denunciation", True), ("denunciation", False), ("feedback", True), ("feedback", False)],
)
def test_forwarding_restarts_the_receivers_clock_and_meets_the_senders_forwarding_step(
    network, kind, outside
):
    """Defect 2: a forwarded matter kept the sender's receipt day; the receiving body's
    handling counts from the day it receives it (a new leg, its organization), and the
    sender's forwarding is its own deadline (5 working days from its receipt), met at the
    forwarding."""
    case, _ = receive(network, at(2026, 10, 5), f"d2-{kind}-{outside}")
    officer = officer_of(network)
    with frozen(at(2026, 10, 5, 10)):
        workflow.classify(
            actor=officer, case=case, kind=kind, field=None, outside_competence=outside
        )
    with frozen(at(2026, 10, 7, 14)):
        transfers.forward(actor=officer, case=case, to=network.commune_a1)
    case.refresh_from_db()
    assert case.leg == 1 and case.organization == network.commune_a1

    # The sender (leg 0): forwarding 5wd from Mon 05/10 = 6,7,8,9,12 -> Mon 12/10, met 07/10.
    forwarding = row(case, "forwarding", leg=0)
    assert forwarding.organization_id == network.commune_a1_committee.pk
    assert (forwarding.start_date, forwarding.days) == (dt.date(2026, 10, 5), 5)
    assert forwarding.due_date == dt.date(2026, 10, 12)
    assert forwarding.met_at is not None
    assert forwarding.met_at.astimezone(VN).date() == dt.date(2026, 10, 7)
    sender_handling = row(case, "handling", leg=0)
    assert sender_handling.met_at is not None and sender_handling.due_date == dt.date(2026, 10, 19)
    assert not open_rows(case).filter(leg=0).exists()
    if kind == "denunciation" and not outside:
        # Its initial processing (7wd -> Wed 14/10) no longer applies to the sender: closed.
        initial = row(case, "initial_processing", leg=0)
        assert initial.due_date == dt.date(2026, 10, 14)
        assert initial.met_at is None and initial.closed_at is not None

    # The receiver (leg 1): handling 10wd from Wed 07/10 = 8,9,12..16,19,20,21 -> Wed 21/10.
    handling = row(case, "handling", leg=1)
    assert handling.organization_id == network.commune_a1.pk
    assert handling.start_date == dt.date(2026, 10, 7)
    assert handling.due_date == dt.date(2026, 10, 21)
    assert handling.met_at is None and handling.closed_at is None
    if kind == "denunciation":
        # Initial processing 7wd from 07/10 = 8,9,12,13,14,15,16 -> Fri 16/10.
        assert row(case, "initial_processing", leg=1).due_date == dt.date(2026, 10, 16)
        assert case.next_due_date == dt.date(2026, 10, 16)
    else:
        assert case.next_due_date == dt.date(2026, 10, 21)


@pytest.mark.parametrize("kind", ["unclassified", "feedback"])
def test_sending_down_restarts_the_lower_bodys_clock(network, kind):
    """Defect 2: sending down restarts the clock too: the lower body's handling counts from
    the day it receives the matter, under a new leg; the higher body's handling is met by
    sending it down, and so is its forwarding step where the law sets one (feedback: 5
    working days)."""
    case, _ = receive(network, at(2026, 10, 5), f"d2-down-{kind}", unit=network.province_a.unit)
    assert case.organization == network.province_a_committee
    leader = leader_of(network)
    if kind != "unclassified":
        with frozen(at(2026, 10, 5, 10)):
            workflow.classify(actor=leader, case=case, kind=kind, field=None)
    with frozen(at(2026, 10, 7, 14)):
        transfers.return_down(actor=leader, case=case, to=network.commune_a1_committee)
    case.refresh_from_db()
    assert case.leg == 1 and case.organization == network.commune_a1_committee
    upper = row(case, "handling", leg=0)
    assert upper.organization_id == network.province_a_committee.pk
    assert upper.due_date == dt.date(2026, 10, 19) and upper.met_at is not None
    forwarding = case.deadlines.filter(leg=0, step="forwarding").first()
    if kind == "unclassified":
        assert forwarding is None  # no rule sets a forwarding limit for an unclassified letter
    else:
        # 5wd from Mon 05/10 -> Mon 12/10, met on 07/10.
        assert forwarding is not None and forwarding.due_date == dt.date(2026, 10, 12)
        assert forwarding.organization_id == network.province_a_committee.pk
        assert forwarding.met_at is not None
    assert not open_rows(case).filter(leg=0).exists()
    lower = row(case, "handling", leg=1)
    assert lower.organization_id == network.commune_a1_committee.pk
    # 10wd from Wed 07/10 -> Wed 21/10.
    assert (lower.start_date, lower.due_date) == (dt.date(2026, 10, 7), dt.date(2026, 10, 21))
    assert case.next_due_date == dt.date(2026, 10, 21)


# --- Defect 3 ----------------------------------------------------------------------------


def test_a_denunciation_is_extended_twice_to_60_then_90_days_and_not_a_third_time(network):
    """Defect 3: a denunciation could be extended once only; Luật Tố cáo 2018 Art. 30 allows
    two extensions (60, then 90 days from acceptance), never a third, each by a decision
    with its number and date."""
    case, _ = receive(network, at(2026, 10, 5), "d3")
    officer = officer_of(network)
    with frozen(at(2026, 10, 5, 10)):
        workflow.classify(actor=officer, case=case, kind="denunciation", field=None)
        workflow.accept(actor=officer, case=case)
    # 30 days from Mon 05/10 -> Wed 04/11/2026.
    assert row(case, "resolution").due_date == dt.date(2026, 11, 4)

    with frozen(at(2026, 10, 12)):
        with pytest.raises(ValidationError) as no_number:
            workflow.extend(
                actor=officer, case=case, reason=REASON, document_number=" ", document_date=None
            )
        assert set(no_number.value.message_dict) == {"document_number", "document_date"}
        with pytest.raises(ValidationError) as no_date:
            workflow.extend(
                actor=officer, case=case, reason=REASON, document_number="15/QĐ", document_date=None
            )
        assert set(no_date.value.message_dict) == {"document_date"}
        with pytest.raises(ValidationError) as future:
            workflow.extend(
                actor=officer, case=case, reason=REASON, **decision(dt.date(2026, 10, 13))
            )
        assert set(future.value.message_dict) == {"document_date"}
        assert not case.decisions.exists()
        workflow.extend(actor=officer, case=case, reason=REASON, **decision(dt.date(2026, 10, 12)))
    first = row(case, "resolution")
    # 60 days from 05/10: 31/10 is +26, 30/11 is +56 -> Fri 04/12/2026.
    assert (first.days, first.due_date) == (60, dt.date(2026, 12, 4))

    with frozen(at(2026, 10, 19)):
        workflow.extend(
            actor=officer, case=case, reason=REASON, **decision(dt.date(2026, 10, 19), "20/QĐ")
        )
    second = row(case, "resolution")
    # 90 days from 05/10: 31/12 is +87 -> Sun 03/01/2027, next working day Mon 04/01/2027.
    assert (second.days, second.due_date) == (90, dt.date(2027, 1, 4))
    assert second.start_date == dt.date(2026, 10, 5)
    case.refresh_from_db()
    assert case.next_due_date == dt.date(2027, 1, 4)
    assert not workflow.may_extend(case)

    with frozen(at(2026, 10, 26)), pytest.raises(ValidationError):
        workflow.extend(
            actor=officer, case=case, reason=REASON, **decision(dt.date(2026, 10, 26), "3")
        )
    assert case.decisions.filter(kind="extension").count() == 2
    assert row(case, "resolution").days == 90


# --- Defect 4 ----------------------------------------------------------------------------


def test_a_second_complaint_gets_the_second_complaint_limits(network):
    """Defect 4: a second complaint got the first complaint's 30/45 days; Luật Khiếu nại 2011
    Art. 37 gives 45 days (60 when complex) from acceptance."""
    case, _ = receive(network, at(2026, 10, 5), "d4")
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
    # Acceptance of a second complaint: 7wd from Mon 05/10 (rule of 01/07/2026) -> Wed 14/10.
    assert row(case, "acceptance").due_date == dt.date(2026, 10, 14)
    with frozen(at(2026, 10, 5, 11)):
        workflow.accept(actor=officer, case=case)
    resolution = row(case, "resolution")
    # 45 days from Mon 05/10: 31/10 is +26 -> Thu 19/11/2026.
    assert (resolution.days, resolution.due_date) == (45, dt.date(2026, 11, 19))
    assert "Điều 37" in resolution.legal_basis
    with frozen(at(2026, 10, 12)):
        workflow.extend(actor=officer, case=case, reason=REASON, **decision(dt.date(2026, 10, 12)))
    complex_ = row(case, "resolution")
    # 60 days from 05/10 -> Fri 04/12/2026.
    assert (complex_.days, complex_.due_date) == (60, dt.date(2026, 12, 4))


# --- Defect 5 ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("several_places", "days", "due"),
    [
        (False, 7, dt.date(2026, 10, 14)),  # 6,7,8,9,12,13,14
        (True, 10, dt.date(2026, 10, 19)),  # 6,7,8,9,12..16,19
    ],
)
def test_a_denunciation_checked_in_several_places_gets_ten_working_days(
    network, several_places, days, due
):
    """Defect 5: the several-places flag was ignored; Luật Tố cáo 2018 Art. 24.1 gives 10
    working days of initial processing (not 7) when checks are needed in several places."""
    case, _ = receive(network, at(2026, 10, 5), f"d5-{several_places}")
    with frozen(at(2026, 10, 5, 10)):
        workflow.classify(
            actor=officer_of(network),
            case=case,
            kind="denunciation",
            field=None,
            several_places=several_places,
        )
    initial = row(case, "initial_processing")
    assert (initial.start_date, initial.days, initial.due_date) == (dt.date(2026, 10, 5), days, due)


# --- Defect 6 ----------------------------------------------------------------------------


def test_the_new_year_holiday_and_its_swap_day_are_counted_right(network):
    """Defect 6: the calendar ignored the announced swap: a matter received Wed 31/12/2025
    skips Thu 01/01 and Fri 02/01/2026 (days off) and counts Sat 10/01/2026 (worked)."""
    case, _ = receive(network, at(2025, 12, 31), "d6")
    # Thu 01/01 off, Fri 02/01 off (swap), Sat 03/01, Sun 04/01 off; Mon 05..Fri 09/01 = 5,
    # Sat 10/01 worked = 6, Sun 11/01 off, Mon 12/01 = 7, 13 = 8, 14 = 9, Thu 15/01 = 10.
    handling = row(case, "handling")
    assert handling.start_date == dt.date(2025, 12, 31)
    assert handling.due_date == dt.date(2026, 1, 15)
    case.refresh_from_db()
    assert case.next_due_date == dt.date(2026, 1, 15)


# --- Defect 7 ----------------------------------------------------------------------------


def test_a_matter_not_processable_has_no_open_deadline_and_no_expected_datetime(network, client):
    """Defect 7: a matter marked not processable kept a running due date (and an Open311
    expected_datetime); deciding not to process it meets its handling, nothing stays open."""
    case, _ = receive(network, at(2026, 10, 5), "d7")
    with frozen(at(2026, 10, 7, 15)):
        workflow.mark_not_processable(
            actor=officer_of(network), case=case, reason="duplicate", answer=ANSWER
        )
    case.refresh_from_db()
    assert case.state == CaseState.NOT_PROCESSABLE
    assert not open_rows(case).exists()
    assert case.next_due_date is None
    handling = row(case, "handling")
    assert handling.met_at is not None and handling.closed_at is None
    assert handling.met_at.astimezone(VN).date() == dt.date(2026, 10, 7)
    with frozen(at(2026, 10, 7, 16)):
        item = open311_item(client, case)
    assert item["status"] == "closed"
    assert item["expected_datetime"] is None


# --- Defect 8 ----------------------------------------------------------------------------


def test_a_complex_denunciation_gets_a_longer_limit_only_by_an_extension_decision(network):
    """Defect 8: classifying a denunciation as complex gave it 60 days at once; Art. 30 gives
    the longer limit only by an extension decision (and the citizen sees it)."""
    case, _ = receive(network, at(2026, 10, 5), "d8")
    officer = officer_of(network)
    with frozen(at(2026, 10, 5, 10)):
        workflow.classify(
            actor=officer, case=case, kind="denunciation", field=None, complexity="complex"
        )
        workflow.accept(actor=officer, case=case)
    resolution = row(case, "resolution")
    # Still 30 days from Mon 05/10 -> Wed 04/11/2026.
    assert (resolution.days, resolution.due_date) == (30, dt.date(2026, 11, 4))
    assert not case.events.filter(kind=EventKind.EXTENDED).exists()
    with frozen(at(2026, 10, 12)):
        workflow.extend(actor=officer, case=case, reason=REASON, **decision(dt.date(2026, 10, 12)))
    resolution = row(case, "resolution")
    assert (resolution.days, resolution.due_date) == (60, dt.date(2026, 12, 4))
    assert case.events.filter(kind=EventKind.EXTENDED, visibility="public").exists()


# --- Defect 9 ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "days", "due"),
    [
        # Mon 29/06, 10wd: 30/06, 1,2,3/07, 6..10/07, Mon 13/07.
        (at(2026, 6, 29), 10, dt.date(2026, 7, 13)),
        # Tue 30/06 at 23:30 local (16:30 UTC): still the old rule, 10wd -> Tue 14/07.
        (at(2026, 6, 30, 23, 30), 10, dt.date(2026, 7, 14)),
        # Wed 01/07 at 00:10 local (30/06 17:10 UTC): the new rule, 7wd: 2,3,6..10 -> Fri 10/07.
        (at(2026, 7, 1, 0, 10), 7, dt.date(2026, 7, 10)),
        (at(2026, 7, 1), 7, dt.date(2026, 7, 10)),
    ],
    ids=["mon-29-06", "30-06-23h30", "01-07-00h10", "wed-01-07"],
)
def test_acceptance_uses_the_rule_in_force_on_the_local_day_of_receipt(
    network, received, days, due
):
    """Defect 9: acceptance uses the rule in force on the day of receipt, that day taken in
    Vietnam's time (10 working days until 30/06/2026, 7 from 01/07/2026)."""
    case, _ = receive(network, received, f"d9-{received.isoformat()}")
    with frozen(received + dt.timedelta(minutes=5)):
        workflow.classify(
            actor=officer_of(network), case=case, kind="complaint", field=None, remote_area=False
        )
    acceptance = row(case, "acceptance")
    assert (acceptance.start_date, acceptance.days, acceptance.due_date) == (
        received.date(),
        days,
        due,
    )


@pytest.mark.parametrize(
    ("accepted", "days", "due"),
    [
        # Accepted Tue 30/06 at 23:30 local: the 30-day rule; 30/06 + 30 = Thu 30/07.
        (at(2026, 6, 30, 23, 30), 30, dt.date(2026, 7, 30)),
        # Accepted Wed 01/07 at 00:10 local: the (test) 20-day rule from 01/07; 01/07 + 20 =
        # Tue 21/07.
        (at(2026, 7, 1, 0, 10), 20, dt.date(2026, 7, 21)),
    ],
    ids=["accepted-30-06", "accepted-01-07"],
)
def test_resolution_uses_the_rule_in_force_on_the_day_of_acceptance(network, accepted, days, due):
    """Defect 9: resolution uses the rule of the acceptance day: a complaint received under
    one version of the rule and accepted under the next gets the resolution limit in force
    on the acceptance day (a test row stands for the next version)."""
    DeadlineRule.objects.create(
        matter="complaint_first",
        step="resolution",
        days=20,
        day_type="calendar",
        complexity="normal",
        remote_area=False,
        several_places=False,
        effective_from=dt.date(2026, 7, 1),
        legal_basis="Thử nghiệm: thời hạn mới từ 01/07/2026",
        note="Hàng của bài kiểm thử.",
    )
    case, _ = receive(network, at(2026, 6, 29), f"d9r-{accepted.isoformat()}")
    officer = officer_of(network)
    with frozen(at(2026, 6, 29, 10)):
        workflow.classify(actor=officer, case=case, kind="complaint", field=None, remote_area=False)
    with frozen(accepted):
        workflow.accept(actor=officer, case=case)
    resolution = row(case, "resolution")
    assert (resolution.start_date, resolution.days, resolution.due_date) == (
        accepted.date(),
        days,
        due,
    )
    # Acceptance stays on the rule of the receipt day (Mon 29/06: 10wd -> Mon 13/07).
    assert row(case, "acceptance").due_date == dt.date(2026, 7, 13)
