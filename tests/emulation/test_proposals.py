"""Award proposals: each transition, its refusals, and the audit of every step."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from danvan.emulation import services
from danvan.emulation.models import ProposalAction, ProposalState
from danvan.emulation.services import RecipientInput
from tests.emulation.conftest import (
    PERSON,
    draft,
    kind,
    pdf,
    submitted,
    with_documents,
)
from tests.factories import Role, Scope, user_with

pytestmark = pytest.mark.django_db


def test_a_draft_keeps_its_recipients_in_order_and_logs_its_creation(network, commune_officer):
    proposal = draft(network, commune_officer)
    assert proposal.state == ProposalState.DRAFT
    assert [r.name for r in proposal.recipients.all()] == [
        "Thôn Đông",
        "Trần Thị Bí Mật",
        "Lê Văn Công Khai",
    ]
    assert [e.action for e in proposal.events.all()] == [ProposalAction.CREATED]
    assert proposal.province_id == network.commune_a1.province_id


def test_the_proposer_cannot_pick_a_body_that_is_not_competent(network, commune_officer):
    with pytest.raises(ValidationError) as error:
        draft(network, commune_officer, authority=network.province_a)
    assert "authority" in error.value.message_dict
    with pytest.raises(ValidationError):
        draft(network, commune_officer, award="giay-khen", authority=network.commune_a2)


def test_an_award_for_collectives_refuses_individuals(network, commune_officer):
    with pytest.raises(ValidationError) as error:
        draft(network, commune_officer, award="co-thi-dua-ubnd-tinh", recipients=[PERSON])
    assert "recipients" in error.value.message_dict


def test_a_person_needs_a_unit_and_someone_must_be_proposed(network, commune_officer):
    nameless = RecipientInput(kind="individual", name="Nguyễn A")
    with pytest.raises(ValidationError) as error:
        draft(network, commune_officer, recipients=[nameless])
    assert "unit" in " ".join(error.value.message_dict["recipients"])
    with pytest.raises(ValidationError):
        draft(network, commune_officer, recipients=[])


def test_a_collective_may_be_a_body_of_the_platform(network, commune_officer):
    proposal = draft(
        network,
        commune_officer,
        recipients=[RecipientInput(kind="collective", organization=network.commune_a1)],
    )
    recipient = proposal.recipients.get()
    assert recipient.organization == network.commune_a1
    assert recipient.name == network.commune_a1.name


def test_an_officer_of_another_body_cannot_propose_for_it(network):
    with pytest.raises(PermissionDenied):
        draft(network, user_with(network.commune_a2, Role.OFFICER))


def test_submitting_needs_the_submission_and_the_report(network, commune_officer):
    proposal = draft(network, commune_officer)
    with pytest.raises(ValidationError, match="documents"):
        services.submit(actor=commune_officer, proposal=proposal)
    with_documents(proposal, commune_officer)
    services.submit(actor=commune_officer, proposal=proposal, note="Kính trình")
    assert proposal.state == ProposalState.SUBMITTED and proposal.submitted_at
    event = proposal.events.last()
    assert (event.action, event.from_state, event.to_state, event.actor, event.note) == (
        ProposalAction.SUBMITTED,
        ProposalState.DRAFT,
        ProposalState.SUBMITTED,
        commune_officer,
        "Kính trình",
    )


def test_a_file_that_is_not_what_it_claims_is_refused(network, commune_officer):
    proposal = draft(network, commune_officer)
    fake = SimpleUploadedFile("to-trinh.pdf", b"MZ\x90\x00 program", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        services.attach_documents(
            actor=commune_officer, proposal=proposal, doc_type="submission", files=[fake]
        )
    assert "files" in error.value.message_dict
    assert not proposal.documents.exists()


def test_the_granting_body_returns_it_and_the_proposer_resubmits(
    network, commune_officer, committee_leader
):
    proposal = submitted(network, commune_officer)
    clerk = user_with(network.province_a_committee, Role.OFFICER)
    with pytest.raises(ValidationError) as error:
        services.return_proposal(actor=clerk, proposal=proposal, note="")
    assert "note" in error.value.message_dict
    services.return_proposal(actor=clerk, proposal=proposal, note="Bổ sung biên bản họp Hội đồng")
    assert proposal.state == ProposalState.RETURNED
    services.attach_documents(
        actor=commune_officer, proposal=proposal, doc_type="minutes", files=[pdf("bien-ban.pdf")]
    )
    services.submit(actor=commune_officer, proposal=proposal)
    assert [e.action for e in proposal.events.all()] == [
        ProposalAction.CREATED,
        ProposalAction.SUBMITTED,
        ProposalAction.RETURNED,
        ProposalAction.RESUBMITTED,
    ]


def test_a_submitted_proposal_cannot_be_edited_by_the_proposer(network, commune_officer):
    proposal = submitted(network, commune_officer)
    with pytest.raises(ValidationError):
        services.attach_documents(
            actor=commune_officer, proposal=proposal, doc_type="other", files=[pdf()]
        )
    with pytest.raises(ValidationError):
        services.update_proposal(
            actor=commune_officer,
            proposal=proposal,
            award_kind=proposal.award_kind,
            authority=proposal.authority,
            year=proposal.year,
            summary=proposal.summary,
            recipients=[PERSON],
        )


def test_the_proposer_cannot_return_or_reject_its_own_proposal(network, commune_officer):
    proposal = submitted(network, commune_officer)
    with pytest.raises(PermissionDenied):
        services.return_proposal(actor=commune_officer, proposal=proposal, note="Tự trả lại")
    with pytest.raises(PermissionDenied):
        services.reject(actor=commune_officer, proposal=proposal, note="Tự từ chối")


def test_only_the_granting_bodys_leader_rejects_with_a_reason(
    network, commune_officer, committee_leader
):
    proposal = submitted(network, commune_officer)
    clerk = user_with(network.province_a_committee, Role.OFFICER)
    with pytest.raises(PermissionDenied):
        services.reject(actor=clerk, proposal=proposal, note="Không đủ tiêu chuẩn")
    services.reject(actor=committee_leader, proposal=proposal, note="Chưa đủ tiêu chuẩn")
    assert proposal.state == ProposalState.REJECTED and proposal.decided_at
    with pytest.raises(ValidationError):
        services.return_proposal(actor=committee_leader, proposal=proposal, note="Trả lại")


def test_a_draft_cannot_be_returned(network, commune_officer, committee_leader):
    proposal = draft(network, commune_officer)
    with pytest.raises(ValidationError):
        services.return_proposal(actor=committee_leader, proposal=proposal, note="Trả lại")


def test_the_proposer_edits_a_draft_and_the_history_keeps_both_versions(network, commune_officer):
    proposal = draft(network, commune_officer)
    services.update_proposal(
        actor=commune_officer,
        proposal=proposal,
        award_kind=kind("giay-khen"),
        authority=network.commune_a1_committee,
        year=2026,
        summary="Tóm tắt thành tích đã sửa, đầy đủ hơn trước.",
        recipients=[PERSON],
    )
    proposal.refresh_from_db()
    assert proposal.award_kind.code == "giay-khen" and proposal.recipients.count() == 1
    assert proposal.history.count() >= 2


def test_a_provincial_leader_above_may_draft_for_a_commune_body(network, province_leader):
    proposal = draft(network, province_leader)
    assert proposal.created_by == province_leader


def test_a_movement_of_another_province_cannot_be_linked(network, commune_officer):
    from tests.emulation.conftest import make_movement

    other = make_movement(
        network,
        user_with(network.province_b, Role.OFFICER, Scope.SUBTREE),
        organization=network.province_b,
    )
    with pytest.raises(ValidationError) as error:
        draft(network, commune_officer, movement=other)
    assert "movement" in error.value.message_dict
