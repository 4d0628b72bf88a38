import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.cases.models import CaseState
from danvan.cases.services import workflow
from danvan.cases.services.intake import submit
from tests.cases.conftest import submission
from tests.factories import Role, user_with

pytestmark = pytest.mark.django_db

HANOI = dt.timezone(dt.timedelta(hours=7))


def _officer(network):
    return user_with(network.commune_a1_committee, Role.OFFICER)


@time_machine.travel(dt.datetime(2025, 1, 20, 9, 0, tzinfo=HANOI), tick=False)
def test_complaint_received_before_tet_gets_acceptance_due_after_the_holiday(network):
    case = submit(submission=submission(network), client="test", idempotency_key="tet").case
    officer = _officer(network)
    workflow.classify(actor=officer, case=case, kind="complaint", field=None)
    due = case.deadlines.get(step="acceptance")
    # 10 working days after Mon 20/01/2025: 21–24/01 (4), Tết off 25/01–02/02,
    # 03–07/02 (5), Mon 10/02 (the 10th).
    assert due.due_date == dt.date(2025, 2, 10)
    assert "Khiếu nại" in due.legal_basis
    assert case.next_due_date == due.due_date


def test_the_whole_path_from_classification_to_rating(network):
    case = submit(submission=submission(network), client="test", idempotency_key="path").case
    officer = _officer(network)
    workflow.classify(actor=officer, case=case, kind="denunciation", field=None)
    assert case.state == CaseState.CLASSIFIED
    workflow.accept(actor=officer, case=case)
    assert {d.step for d in case.deadlines.all()} == {
        "handling",
        "initial_processing",
        "resolution",
    }
    workflow.assign(actor=officer, case=case, officer=officer)
    assert case.state == CaseState.IN_PROGRESS
    workflow.add_note(actor=officer, case=case, text="Đã xác minh tại hiện trường.")
    workflow.answer(actor=officer, case=case, text="Đã khơi thông cống, tình trạng ngập đã hết.")
    assert case.state == CaseState.RESOLVED and case.next_due_date is None
    workflow.rate(case=case, rating=5, comment="Cảm ơn")
    assert case.rating == 5
    with pytest.raises(ValidationError):
        workflow.rate(case=case, rating=4)


def test_internal_notes_never_reach_the_public_timeline(network):
    from danvan.cases import selectors

    case = submit(submission=submission(network), client="test", idempotency_key="note").case
    workflow.add_note(actor=_officer(network), case=case, text="Người này gửi nhiều lần.")
    assert not selectors.public_events(case).filter(kind="note").exists()


def test_a_step_from_the_wrong_state_is_refused_and_changes_nothing(network):
    case = submit(submission=submission(network), client="test", idempotency_key="state").case
    with pytest.raises(ValidationError):
        workflow.answer(actor=_officer(network), case=case, text="Trả lời quá sớm ở đây.")
    case.refresh_from_db()
    assert case.state == CaseState.RECEIVED and not case.public_answer


def test_officer_of_another_commune_cannot_act(network):
    case = submit(submission=submission(network), client="test", idempotency_key="other").case
    stranger = user_with(network.commune_b1, Role.OFFICER)
    with pytest.raises(PermissionDenied):
        workflow.classify(actor=stranger, case=case, kind="feedback", field=None)


def test_classification_changes_are_audited(network):
    case = submit(submission=submission(network), client="test", idempotency_key="audit").case
    officer = _officer(network)
    workflow.classify(actor=officer, case=case, kind="feedback", field=None)
    workflow.classify(actor=officer, case=case, kind="complaint", field=None)
    newest, previous = case.history.order_by("-history_date", "-history_id")[:2]
    delta = newest.diff_against(previous)
    assert newest.history_user == officer
    assert [(c.field, c.old, c.new) for c in delta.changes if c.field == "kind"] == [
        ("kind", "feedback", "complaint")
    ]
