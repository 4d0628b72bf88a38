"""Who may suspend, resume and record the withdrawal of a complaint (role × scope × action),
and what a refused or bad request leaves behind: nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from danvan.cases.models import CaseDecision, CaseState
from danvan.cases.services import workflow
from danvan.cases.services.intake import submit
from tests.cases.conftest import submission
from tests.factories import Role, Scope, UserFactory, sign_in, user_with

pytestmark = pytest.mark.django_db


def doc() -> dict:
    # Issued the day it is recorded: a suspension takes effect on its decision's date, which
    # cannot come before the acceptance (today, in these tests).
    return {"document_number": "8/QĐ-UBND", "document_date": timezone.localdate()}


def _complaint(network, officer, key):
    case = submit(submission=submission(network), client="test", idempotency_key=key).case
    workflow.classify(actor=officer, case=case, kind="complaint", field=None)
    workflow.accept(actor=officer, case=case)
    return case


ACTIONS = {
    "suspend": lambda user, case: workflow.suspend(
        actor=user, case=case, reason="Chờ kết quả giám định.", **doc()
    ),
    "resume": lambda user, case: workflow.resume(actor=user, case=case, reason="", **doc()),
    "withdraw": lambda user, case: workflow.withdraw(
        actor=user, case=case, whole=False, withdrawn_part="Yêu cầu bồi thường chi phí."
    ),
}


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize(
    ("role", "scope", "holder", "allowed"),
    [
        (Role.OFFICER, Scope.UNIT, "commune_a1_committee", True),
        (Role.LEADER, Scope.SUBTREE, "province_a", True),
        (Role.OFFICER, Scope.UNIT, "commune_a2", False),
        (Role.OFFICER, Scope.SUBTREE, "commune_b1", False),
        (Role.LEADER, Scope.SUBTREE, "province_b", False),
        (Role.SYSTEM_ADMIN, Scope.SUBTREE, "central", False),  # sees, does not act
        (None, None, None, False),
    ],
)
def test_who_may_decide_on_a_complaints_period(network, action, role, scope, holder, allowed):
    officer = user_with(network.commune_a1_committee, Role.OFFICER)
    case = _complaint(network, officer, f"{action}-{holder}-{role}")
    if action == "resume":
        ACTIONS["suspend"](officer, case)
    before = case.decisions.count()
    user = user_with(getattr(network, holder), role, scope) if role else UserFactory()
    if allowed:
        ACTIONS[action](user, case)
        assert case.decisions.count() == before + 1
    else:
        with pytest.raises(PermissionDenied):
            ACTIONS[action](user, case)
        assert case.decisions.count() == before


@pytest.mark.parametrize(
    ("post", "field"),
    [
        ({"reason": "Chờ giám định.", "document_number": "", "document_date": "01/12/2026"}, None),
        ({"reason": "Chờ giám định.", "document_number": "8", "document_date": "31/02/2026"}, None),
        (
            {
                "reason": "Chờ giám định.",
                "document_number": "8",
                "document_date": "01/12/2026",
                "effective_on": "01/01/2099",
            },
            None,
        ),
    ],
    ids=["no-number", "no-such-date", "future-day"],
)
def test_a_bad_suspension_is_a_vietnamese_error_and_changes_nothing(network, client, post, field):
    officer = user_with(network.commune_a1_committee, Role.OFFICER)
    case = _complaint(network, officer, "bad-suspend")
    sign_in(client, officer)
    response = client.post(
        reverse("cases:detail", args=[case.tracking_code]), {"action": "suspend", **post}
    )
    assert response.status_code == 200
    assert response.context["forms"]["suspend"].errors
    case.refresh_from_db()
    assert case.state == CaseState.ACCEPTED and not CaseDecision.objects.exists()


def test_resuming_a_matter_that_is_not_suspended_is_refused(network):
    officer = user_with(network.commune_a1_committee, Role.OFFICER)
    case = _complaint(network, officer, "not-suspended")
    with pytest.raises(ValidationError):
        ACTIONS["resume"](officer, case)
    assert not case.decisions.exists()


def test_a_denunciation_cannot_be_withdrawn_or_suspended_here(network):
    officer = user_with(network.commune_a1_committee, Role.OFFICER)
    case = submit(submission=submission(network), client="test", idempotency_key="tc").case
    workflow.classify(actor=officer, case=case, kind="denunciation", field=None)
    workflow.accept(actor=officer, case=case)
    for action in ("suspend", "withdraw"):
        with pytest.raises(ValidationError):
            ACTIONS[action](officer, case)
    assert not case.decisions.exists()
