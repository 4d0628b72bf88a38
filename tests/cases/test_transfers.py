import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.cases.models import CaseState, CaseTransfer
from danvan.cases.services import transfers, workflow
from danvan.cases.services.intake import submit
from danvan.org.models import OrganizationKind
from tests.cases.conftest import submission
from tests.factories import Role, Scope, make_org, user_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(network):
    return submit(submission=submission(network), client="test", idempotency_key="t1").case


def test_forwarding_moves_the_matter_to_the_competent_body_with_its_document(network, case):
    officer = user_with(network.commune_a1_committee, Role.OFFICER)
    police = make_org(
        unit=network.commune_a1.unit, kind=OrganizationKind.STATE_AGENCY, name="Công an phường"
    )
    transfers.forward(actor=officer, case=case, to=police, document_number="12/PC-UBND")
    case.refresh_from_db()
    assert case.organization == police and case.state == CaseState.RECEIVED
    assert CaseTransfer.objects.get().document_number == "12/PC-UBND"
    assert case.events.filter(kind="routed", visibility="public").exists()
    # The original body's officer no longer handles it.
    assert not officer.has_perm("cases.change_case", case)


def test_a_denunciation_is_forwarded_only_once(network, case):
    leader = user_with(network.province_a, Role.LEADER, Scope.SUBTREE)
    workflow.classify(actor=leader, case=case, kind="denunciation", field=None)
    other = make_org(unit=network.commune_a1.unit, kind=OrganizationKind.STATE_AGENCY)
    transfers.forward(actor=leader, case=case, to=other)
    with pytest.raises(ValidationError):
        transfers.forward(actor=leader, case=case, to=network.commune_a1_committee)
    assert CaseTransfer.objects.count() == 1


def test_a_matter_of_a_lower_level_goes_back_down(network):
    province_committee = network.province_a_committee
    case = submit(
        submission=submission(network, unit=network.province_a.unit),
        client="test",
        idempotency_key="down",
    ).case
    assert case.organization == province_committee
    leader = user_with(network.province_a, Role.LEADER, Scope.SUBTREE)
    with pytest.raises(ValidationError):
        transfers.return_down(actor=leader, case=case, to=network.province_a)  # not lower
    transfers.return_down(actor=leader, case=case, to=network.commune_a1_committee)
    assert case.organization == network.commune_a1_committee


def test_guiding_answers_the_citizen_and_ends_the_matter_here(network, case):
    officer = user_with(network.commune_a1_committee, Role.OFFICER)
    transfers.guide(
        actor=officer,
        case=case,
        to_name="Tòa án nhân dân khu vực 1",
        answer="Tranh chấp dân sự này thuộc thẩm quyền của Tòa án; mời ông/bà nộp đơn tại đó.",
    )
    assert case.state == CaseState.GUIDED and "Tòa án" in case.public_answer


def test_an_officer_of_another_commune_cannot_forward(network, case):
    stranger = user_with(network.commune_b1, Role.OFFICER, Scope.SUBTREE)
    with pytest.raises(PermissionDenied):
        transfers.forward(actor=stranger, case=case, to=network.commune_b1)


def test_officer_forwards_from_the_page_and_lands_on_the_inbox(network, case, client):
    officer = user_with(network.commune_a1_committee, Role.OFFICER)
    client.force_login(officer)
    response = client.post(
        f"/cases/{case.tracking_code}/",
        {"action": "forward", "to": network.commune_a1.pk, "document_number": "5/PC"},
    )
    assert response.status_code == 302 and response["Location"] == "/cases/"
    case.refresh_from_db()
    assert case.organization == network.commune_a1
