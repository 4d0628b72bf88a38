"""Extending the resolution period (gia hạn) recomputes the due dates from the legal rules;
reopening is offered only when the matter can be reopened."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from danvan.cases.models import CaseState, EventKind
from danvan.cases.models.cases import Complexity
from danvan.cases.services import workflow
from danvan.cases.services.intake import submit
from tests.cases.conftest import submission
from tests.factories import Role, Scope, UserFactory, sign_in, user_with

pytestmark = pytest.mark.django_db

REASON = "Phải xác minh tại nhiều hộ dân, cần thêm thời gian."
DECISION = {"document_number": "15/QĐ-UBND", "document_date": dt.date(2026, 12, 1)}


def _officer(network):
    return user_with(network.commune_a1_committee, Role.OFFICER)


def _accepted(network, kind="complaint", key="ext"):
    case = submit(submission=submission(network), client="test", idempotency_key=key).case
    officer = _officer(network)
    workflow.classify(actor=officer, case=case, kind=kind, field=None)
    workflow.accept(actor=officer, case=case)
    return case, officer


@pytest.mark.parametrize(
    ("kind", "normal_days", "extended_days"),
    [("complaint", 30, 45), ("denunciation", 30, 60)],
)
def test_extending_makes_the_matter_complex_and_recomputes_the_resolution_due_date(
    network, kind, normal_days, extended_days
):
    case, officer = _accepted(network, kind)
    before = case.deadlines.get(step="resolution")
    assert before.days == normal_days
    workflow.extend(actor=officer, case=case, reason=REASON, **DECISION)
    case.refresh_from_db()
    after = case.deadlines.get(step="resolution")
    assert case.state == CaseState.EXTENDED and case.complexity == Complexity.COMPLEX
    assert after.days == extended_days and after.due_date > before.due_date
    assert after.start_date == before.start_date  # still counted from acceptance
    assert case.next_due_date == after.due_date
    event = case.events.get(kind=EventKind.EXTENDED)
    assert (event.visibility, event.actor) == ("public", officer)
    assert event.text == f"{REASON} (quyết định 15/QĐ-UBND ngày 01/12/2026)"
    decision = case.decisions.get()
    assert (decision.kind, decision.document_number) == ("extension", "15/QĐ-UBND")
    assert case.history.first().history_user == officer


def test_an_especially_complex_matter_stays_especially_complex(network):
    case, officer = _accepted(network, "denunciation")
    workflow.classify(
        actor=officer,
        case=case,
        kind="denunciation",
        field=None,
        complexity=Complexity.ESPECIALLY_COMPLEX,
    )
    workflow.extend(actor=officer, case=case, reason=REASON, **DECISION)
    assert case.complexity == Complexity.ESPECIALLY_COMPLEX


def test_an_extended_matter_can_still_be_answered(network):
    case, officer = _accepted(network)
    workflow.extend(actor=officer, case=case, reason=REASON, **DECISION)
    workflow.answer(actor=officer, case=case, text="Đã giải quyết xong khiếu nại của ông/bà.")
    assert case.state == CaseState.RESOLVED


def test_extending_needs_a_reason_and_changes_nothing_without_one(network):
    case, officer = _accepted(network)
    with pytest.raises(ValidationError):
        workflow.extend(actor=officer, case=case, reason="   ", **DECISION)
    case.refresh_from_db()
    assert case.state == CaseState.ACCEPTED and case.complexity == Complexity.NORMAL
    assert not case.events.filter(kind=EventKind.EXTENDED).exists()


def test_only_complaints_and_denunciations_are_extended(network):
    case, officer = _accepted(network, "feedback")
    with pytest.raises(ValidationError):
        workflow.extend(actor=officer, case=case, reason=REASON, **DECISION)
    assert not workflow.may_extend(case)


@pytest.mark.parametrize(
    ("state", "allowed"),
    [
        (CaseState.RECEIVED, False),
        (CaseState.CLASSIFIED, False),
        (CaseState.ACCEPTED, True),
        (CaseState.IN_PROGRESS, True),
        (CaseState.REOPENED, False),  # its resolution was met: no period left to extend
        (CaseState.EXTENDED, True),  # the count of extension decisions decides, not the state
        (CaseState.RESOLVED, False),
        (CaseState.CLOSED, False),
    ],
)
def test_from_which_states_a_matter_is_extended(network, state, allowed):
    case, officer = _accepted(network)
    case.state = state
    case.save()
    assert workflow.may_extend(case) is allowed
    if allowed:
        workflow.extend(actor=officer, case=case, reason=REASON, **DECISION)
        assert case.state == CaseState.EXTENDED
    else:
        with pytest.raises(ValidationError):
            workflow.extend(actor=officer, case=case, reason=REASON, **DECISION)


@pytest.mark.parametrize(
    ("role", "scope", "holder", "allowed"),
    [
        (Role.OFFICER, Scope.UNIT, "commune_a1_committee", True),
        (Role.LEADER, Scope.SUBTREE, "province_a", True),
        (Role.OFFICER, Scope.SUBTREE, "commune_b1", False),
        (Role.LEADER, Scope.SUBTREE, "province_b", False),
        (None, None, None, False),
    ],
)
def test_who_may_extend(network, role, scope, holder, allowed):
    case, _ = _accepted(network)
    user = user_with(getattr(network, holder), role, scope) if role else UserFactory()
    if allowed:
        workflow.extend(actor=user, case=case, reason=REASON, **DECISION)
        assert case.state == CaseState.EXTENDED
    else:
        with pytest.raises(PermissionDenied):
            workflow.extend(actor=user, case=case, reason=REASON, **DECISION)


def test_officer_extends_from_the_page(network, client):
    case, officer = _accepted(network)
    sign_in(client, officer)
    url = reverse("cases:detail", args=[case.tracking_code])
    page = client.get(url)
    assert "extend" in page.context["actions"] and 'value="extend"' in page.content.decode()
    form = {"action": "extend", "reason": REASON, "document_number": "15/QĐ-UBND"}
    assert client.post(url, {**form, "document_date": "01/12/2026"}).status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.EXTENDED
    page = client.get(url)
    assert "extend" not in page.context["actions"] and 'value="extend"' not in page.content.decode()


def test_an_empty_reason_on_the_page_is_an_error_on_the_form(network, client):
    case, officer = _accepted(network)
    sign_in(client, officer)
    response = client.post(
        reverse("cases:detail", args=[case.tracking_code]), {"action": "extend", "reason": ""}
    )
    assert response.status_code == 200 and response.context["forms"]["extend"].errors
    case.refresh_from_db()
    assert case.state == CaseState.ACCEPTED


def test_reopen_is_offered_only_once_the_matter_is_answered(network, client):
    case, officer = _accepted(network)
    sign_in(client, officer)
    url = reverse("cases:detail", args=[case.tracking_code])
    page = client.get(url)
    assert "reopen" not in page.context["actions"] and 'value="reopen"' not in page.content.decode()
    workflow.answer(actor=officer, case=case, text="Đã giải quyết xong khiếu nại của ông/bà.")
    page = client.get(url)
    assert "reopen" in page.context["actions"] and 'value="reopen"' in page.content.decode()
    response = client.post(url, {"action": "reopen", "reason": "Công dân cung cấp tài liệu mới."})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.REOPENED
    assert case.events.filter(kind=EventKind.REOPENED, visibility="public").exists()


def test_the_buttons_are_not_shown_to_who_may_only_look(network, client):
    from allauth.mfa.models import Authenticator

    case, officer = _accepted(network)
    workflow.answer(actor=officer, case=case, text="Đã giải quyết xong khiếu nại của ông/bà.")
    admin = user_with(network.central, Role.SYSTEM_ADMIN, Scope.SUBTREE)  # sees, cannot act
    Authenticator.objects.create(user=admin, type=Authenticator.Type.TOTP, data={})
    sign_in(client, admin)
    page = client.get(reverse("cases:detail", args=[case.tracking_code]))
    assert page.status_code == 200
    assert 'value="reopen"' not in page.content.decode()
    assert (
        client.post(
            reverse("cases:detail", args=[case.tracking_code]), {"action": "reopen", "reason": "x"}
        ).status_code
        == 403
    )
    case.refresh_from_db()
    assert case.state == CaseState.RESOLVED
