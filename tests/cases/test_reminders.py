import datetime as dt

import pytest
import time_machine
from django.core import mail

from danvan.cases.models import Notification
from danvan.cases.services import workflow
from danvan.cases.services.intake import submit
from danvan.cases.services.reminders import escalate, send_reminder
from tests.cases.conftest import submission
from tests.factories import Role, Scope, user_with

pytestmark = pytest.mark.django_db

HANOI = dt.timezone(dt.timedelta(hours=7))


@pytest.fixture
def complaint(network, django_capture_on_commit_callbacks):
    officer = user_with(network.commune_a1_committee, Role.OFFICER, email="canbo@xa.gov.vn")
    leader = user_with(network.province_a, Role.LEADER, Scope.SUBTREE, email="ld@tinh.gov.vn")
    with (
        time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=HANOI), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        case = submit(submission=submission(network), client="test", idempotency_key="r1").case
        workflow.classify(actor=officer, case=case, kind="complaint", field=None)
        workflow.assign(actor=officer, case=case, officer=officer)
    return case, officer, leader


def test_classifying_queues_a_reminder_and_an_escalation_per_deadline(complaint):
    from django_tasks_db.models import DBTaskResult

    case, *_ = complaint
    names = sorted(r.task_path.rsplit(".", 1)[-1] for r in DBTaskResult.objects.all())
    assert names.count("remind_before_due") >= 1 and names.count("escalate_overdue") >= 1
    due = case.deadlines.get(step="acceptance").due_date
    escalation = next(
        r for r in DBTaskResult.objects.all() if r.task_path.endswith("escalate_overdue")
    )
    assert escalation.run_after.astimezone(HANOI).date() == due + dt.timedelta(days=1)


def test_reminder_goes_to_the_assigned_officer_once(complaint):
    case, officer, _leader = complaint
    due = case.deadlines.get(step="acceptance").due_date
    assert send_reminder(case_id=case.pk, step="acceptance", due=due) == 1
    assert send_reminder(case_id=case.pk, step="acceptance", due=due) == 0  # a retried task
    assert Notification.objects.get().user == officer
    assert mail.outbox[0].to == ["canbo@xa.gov.vn"]


def test_escalation_goes_to_the_leaders_over_the_body(complaint):
    case, _officer, leader = complaint
    due = case.deadlines.get(step="acceptance").due_date
    assert escalate(case_id=case.pk, step="acceptance", due=due) == 1
    assert Notification.objects.get(kind="escalation").user == leader


def test_a_met_deadline_neither_reminds_nor_escalates(complaint):
    case, officer, _leader = complaint
    due = case.deadlines.get(step="acceptance").due_date
    workflow.accept(actor=officer, case=case)
    assert escalate(case_id=case.pk, step="acceptance", due=due) == 0
