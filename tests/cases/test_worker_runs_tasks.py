"""The real task worker picks up a queued escalation once its time has come.

Transactional: the worker closes database connections between tasks, which a test wrapped
in a transaction would not survive (on PostgreSQL). Such tests run last (see conftest).
"""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command

from danvan.cases.models import Notification
from danvan.cases.services import workflow
from danvan.cases.services.intake import submit
from tests.cases.conftest import submission
from tests.factories import Role, Scope, build_network, user_with

pytestmark = [pytest.mark.flushes_db, pytest.mark.django_db(transaction=True)]

HANOI = dt.timezone(dt.timedelta(hours=7))


def test_the_worker_runs_the_escalation_after_the_due_date(reference_data):
    network = build_network()
    officer = user_with(network.commune_a1_committee, Role.OFFICER)
    leader = user_with(network.province_a, Role.LEADER, Scope.SUBTREE)
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=HANOI), tick=False):
        case = submit(submission=submission(network), client="test", idempotency_key="w1").case
        workflow.classify(actor=officer, case=case, kind="complaint", field=None)
    due = case.deadlines.get(step="acceptance").due_date
    after = dt.datetime.combine(due + dt.timedelta(days=2), dt.time(9), tzinfo=HANOI)
    with time_machine.travel(after, tick=False):
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert Notification.objects.filter(user=leader, kind="escalation", case=case).exists()


def test_the_worker_registers_a_matter_submitted_by_the_api(reference_data, client, monkeypatch):
    from danvan.cases.models import Case

    network = build_network()
    body = {
        "title": "Cống thoát nước bị tắc",
        "content": "Cống thoát nước đầu thôn bị tắc, nước thải tràn ra đường.",
        "unit_id": network.commune_a1.unit_id,
        "person": {"anonymous": True},
        "consent": True,
    }
    moment = dt.datetime(2026, 3, 2, 9, 0, tzinfo=HANOI)
    with time_machine.travel(moment, tick=False):
        response = client.post("/api/v1/cases", body, content_type="application/json")
    assert response.status_code == 201 and not Case.objects.exists()
    with time_machine.travel(moment + dt.timedelta(seconds=2), tick=False):
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    case = Case.objects.get()
    assert case.tracking_code == response.json()["tracking_code"]
    assert case.organization == network.commune_a1_committee
