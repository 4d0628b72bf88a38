"""A province's targets for answering feedback (never a legal limit), the list of remote
communes, reminders that land on working days, and the first deadline of matters registered
in bulk."""

import datetime as dt

import pytest
import time_machine
from django_tasks_db.models import DBTaskResult

from danvan.cases import target_access
from danvan.cases.deadline_selectors import deadline_rows
from danvan.cases.models import CaseField, ServiceTarget
from danvan.cases.services import transfers, workflow
from danvan.cases.services.intake import register_pending, submit
from danvan.cases.services.reminders import escalation_day, reminder_day
from danvan.deadlines.calendar import work_calendar
from danvan.deadlines.models import RemoteCommune
from tests.cases.conftest import submission
from tests.cases.test_receipts import _api
from tests.factories import Role, Scope, UserFactory, user_with

pytestmark = pytest.mark.django_db

HANOI = dt.timezone(dt.timedelta(hours=7))
MONDAY_5_OCT = dt.datetime(2026, 10, 5, 9, 0, tzinfo=HANOI)


def _target(network, days, field=None, **extra):
    return ServiceTarget.objects.create(
        province=network.province_a.unit,
        field=field,
        days=days,
        day_type="working",
        effective_from=dt.date(2026, 1, 1),
        source="Kế hoạch 12/KH-UBND",
        **extra,
    )


def _accepted(network, kind, key, field=None):
    officer = user_with(network.commune_a1_committee, Role.OFFICER)
    case = submit(submission=submission(network), client="test", idempotency_key=key).case
    workflow.classify(actor=officer, case=case, kind=kind, field=field)
    workflow.accept(actor=officer, case=case)
    return case


@time_machine.travel(MONDAY_5_OCT, tick=False)
def test_accepted_feedback_gets_the_provinces_target_labelled_as_a_target(network):
    _target(network, 15)
    case = _accepted(network, "feedback", "t1")
    target = case.deadlines.get(step="target")
    # 15 working days from Mon 05/10/2026: 06–09 (4), 12–16 (9), 19–23 (14), Mon 26/10 (15).
    assert (target.basis, target.due_date) == ("target", dt.date(2026, 10, 26))
    assert target.legal_basis == "Kế hoạch 12/KH-UBND"
    row = next(r for r in deadline_rows(case) if r.step == "target")
    assert row.is_target and "không phải thời hạn luật định" in row.label


@time_machine.travel(MONDAY_5_OCT, tick=False)
def test_a_fields_own_target_wins_over_the_provinces_general_one(network):
    field = CaseField.objects.order_by("pk").first()
    _target(network, 15)
    _target(network, 5, field=field)
    case = _accepted(network, "proposal", "t2", field=field)
    assert case.deadlines.get(step="target").days == 5


@time_machine.travel(MONDAY_5_OCT, tick=False)
def test_complaints_and_other_provinces_get_no_target(network):
    ServiceTarget.objects.create(
        province=network.province_b.unit,
        days=3,
        effective_from=dt.date(2026, 1, 1),
        source="Kế hoạch khác",
    )
    assert not _accepted(network, "feedback", "t3").deadlines.filter(step="target").exists()
    _target(network, 15)
    assert not _accepted(network, "complaint", "t4").deadlines.filter(step="target").exists()


@pytest.mark.parametrize(
    ("role", "scope", "holder", "own_province", "other_province", "sees"),
    [
        (Role.SYSTEM_ADMIN, Scope.SUBTREE, "central", True, True, True),
        (Role.UNIT_ADMIN, Scope.SUBTREE, "province_a", True, False, True),
        (Role.UNIT_ADMIN, Scope.UNIT, "commune_a1", False, False, True),
        (Role.LEADER, Scope.SUBTREE, "province_a", False, False, True),
        (Role.OFFICER, Scope.UNIT, "commune_a1_committee", False, False, True),
        (None, None, None, False, False, False),
    ],
)
def test_who_sets_and_sees_a_provinces_targets(
    network, role, scope, holder, own_province, other_province, sees
):
    user = user_with(getattr(network, holder), role, scope) if role else UserFactory()
    mine = ServiceTarget(province=network.province_a.unit, days=5, effective_from=dt.date.today())
    theirs = ServiceTarget(province=network.province_b.unit, days=5, effective_from=dt.date.today())
    for action in ("add", "change", "delete"):
        assert user.has_perm(f"cases.{action}_servicetarget", mine) is own_province
        assert user.has_perm(f"cases.{action}_servicetarget", theirs) is other_province
    assert user.has_perm("cases.view_servicetarget") is sees
    assert target_access.targets_for(user).exists() is False  # none saved: no error either


@time_machine.travel(MONDAY_5_OCT, tick=False)
def test_a_listed_commune_makes_a_complaint_remote_by_default(network):
    RemoteCommune.objects.create(
        unit=network.commune_a1.unit,
        source="Quyết định 861/QĐ-TTg",
        effective_from=dt.date(2021, 6, 4),
    )
    case = _accepted(network, "complaint", "r1")
    assert case.remote_area
    assert case.deadlines.get(step="resolution").days == 45  # Luật Khiếu nại 2011 Art. 28


@time_machine.travel(MONDAY_5_OCT, tick=False)
def test_a_commune_off_the_list_by_then_is_not_remote(network):
    RemoteCommune.objects.create(
        unit=network.commune_a1.unit,
        source="Quyết định 861/QĐ-TTg",
        effective_from=dt.date(2021, 6, 4),
        effective_to=dt.date(2025, 12, 31),
    )
    case = _accepted(network, "complaint", "r2")
    assert not case.remote_area
    assert case.deadlines.get(step="resolution").days == 30


def test_reminders_and_escalations_land_on_working_days(db):
    calendar = work_calendar()
    # Due Monday 12/10/2026: two working days before are Friday 09/10 and Thursday 08/10.
    assert reminder_day(calendar, dt.date(2026, 10, 12)) == dt.date(2026, 10, 8)
    # Due Friday 28/08/2026: Sat, Sun, Mon 31/08 (swap), 01–02/09 (Quốc khánh) are off.
    assert escalation_day(calendar, dt.date(2026, 8, 28)) == dt.date(2026, 9, 3)
    # Due Monday 23/02/2026, after Tết (14–22/02): reminded on Thursday 12/02, before it.
    assert reminder_day(calendar, dt.date(2026, 2, 23)) == dt.date(2026, 2, 12)


@time_machine.travel(MONDAY_5_OCT, tick=False)
def test_matters_registered_in_bulk_get_their_handling_deadline_and_reminders(
    network, client, django_capture_on_commit_callbacks
):
    for n in range(3):
        _api(client, network, key=f"bulk-{n}")
    DBTaskResult.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        assert register_pending() == 3
    # One reminder and one escalation for the whole batch (same step, same due date), not two
    # task rows per matter.
    queued = sorted(r.task_path.rsplit(".", 1)[-1] for r in DBTaskResult.objects.all())
    assert queued == ["escalate_overdue", "remind_before_due"]
    ids = sorted(network.commune_a1_committee.cases.values_list("pk", flat=True))
    for case in network.commune_a1_committee.cases.all():
        handling = case.deadlines.get()
        # 10 working days from Mon 05/10/2026: Mon 19/10/2026.
        assert (handling.step, handling.due_date) == ("handling", dt.date(2026, 10, 19))
        assert case.next_due_date == dt.date(2026, 10, 19)
    reminder = DBTaskResult.objects.get(task_path__endswith="remind_before_due")
    assert sorted(reminder.args_kwargs["args"][0]) == ids
    # Two working days before Mon 19/10: Thu 15/10, at 08:00.
    assert reminder.run_after.astimezone(HANOI) == dt.datetime(2026, 10, 15, 8, 0, tzinfo=HANOI)


@time_machine.travel(MONDAY_5_OCT, tick=False)
def test_the_reply_after_a_visit_is_owed_by_the_body_visited_and_met_by_forwarding(network):
    officer = user_with(network.commune_a1_committee, Role.OFFICER)
    visit = submission(network, channel="in_person")
    case = submit(submission=visit, client="test", idempotency_key="v1").case
    reply = case.deadlines.get(step="reply")
    # 10 working days from Mon 05/10/2026 (Luật Tiếp công dân 2013 Art. 28): Mon 19/10.
    assert (reply.leg, reply.due_date) == (0, dt.date(2026, 10, 19))
    transfers.forward(actor=officer, case=case, to=network.province_a_committee)
    reply.refresh_from_db()
    assert reply.met_at is not None and reply.closed_at is None
    assert set(case.deadlines.filter(leg=1).values_list("step", flat=True)) == {"handling"}
