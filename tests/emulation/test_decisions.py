"""Award decisions: from a proposal (which is approved) or directly; numbering; recipients."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.emulation import services
from danvan.emulation.models import DecisionRecipient, ProposalAction, ProposalState
from danvan.emulation.services import DecisionRecipientInput
from tests.emulation.conftest import COLLECTIVE, PERSON, issued, kind, submitted
from tests.factories import Role, user_with

pytestmark = pytest.mark.django_db


def _direct(actor, authority, **kw):
    values = {
        "actor": actor,
        "authority": authority,
        "award_kind": kind("bang-khen-chu-tich-ubnd-tinh"),
        "number": "200/QĐ-UBND",
        "signed_on": dt.date(2026, 10, 1),
        "signer_name": "Nguyễn Văn Ký",
        "signer_title": "Chủ tịch",
        "recipients": [DecisionRecipientInput(kind="collective", name="Hội Nông dân xã")],
    }
    values.update(kw)
    return services.issue_decision(**values)


def test_issuing_from_a_proposal_copies_recipients_and_approves_it(
    network, commune_officer, committee_leader
):
    decision = issued(network, commune_officer, committee_leader)
    proposal = decision.proposal
    assert proposal.state == ProposalState.APPROVED
    assert proposal.events.last().action == ProposalAction.APPROVED
    assert "123/QĐ-UBND" in proposal.events.last().note
    rows = list(decision.recipients.all())
    assert [r.name for r in rows] == ["Thôn Đông", "Trần Thị Bí Mật", "Lê Văn Công Khai"]
    assert {r.award_kind_id for r in rows} == {decision.award_kind_id}
    assert {r.year for r in rows} == {2026}
    assert {r.province_id for r in rows} == {network.commune_a1.province_id}
    assert decision.decider_title == "CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI"
    assert decision.place_name == "Hà Nội"
    assert "45/TTr-BDV" in decision.grounds


def test_the_public_search_text_never_holds_an_unconsented_name(
    network, commune_officer, committee_leader
):
    decision = issued(network, commune_officer, committee_leader)
    texts = {r.name: r.search_text for r in decision.recipients.all()}
    assert "bi mat" not in texts["Trần Thị Bí Mật"]
    assert "thon dong" in texts["Trần Thị Bí Mật"]
    assert "cong khai" in texts["Lê Văn Công Khai"]


def test_a_number_is_unique_per_body_and_year(network, committee_leader):
    _direct(committee_leader, network.province_a_committee)
    with pytest.raises(ValidationError) as error:
        _direct(committee_leader, network.province_a_committee)
    assert "number" in error.value.message_dict
    # The same number next year is another document.
    _direct(committee_leader, network.province_a_committee, signed_on=dt.date(2025, 3, 1))


def test_a_badly_written_number_or_a_future_date_is_refused(network, committee_leader):
    with pytest.raises(ValidationError) as error:
        _direct(
            committee_leader,
            network.province_a_committee,
            number="QĐ khen thưởng",
            signed_on=dt.date(2027, 1, 1),
        )
    assert {"number", "signed_on"} <= set(error.value.message_dict)


def test_only_a_leader_of_the_granting_body_issues(network, commune_officer):
    proposal = submitted(network, commune_officer)
    for actor in (
        user_with(network.province_a_committee, Role.OFFICER),
        user_with(network.province_b, Role.LEADER),
        commune_officer,
    ):
        with pytest.raises(PermissionDenied):
            services.issue_decision(
                actor=actor,
                proposal=proposal,
                number="1/QĐ-UBND",
                signed_on=dt.date(2026, 11, 1),
                signer_name="A",
                signer_title="B",
            )


def test_a_proposal_that_is_not_submitted_cannot_be_approved(
    network, commune_officer, committee_leader
):
    from tests.emulation.conftest import draft

    proposal = draft(network, commune_officer)
    with pytest.raises(ValidationError):
        services.issue_decision(
            actor=committee_leader,
            proposal=proposal,
            number="1/QĐ-UBND",
            signed_on=dt.date(2026, 11, 1),
            signer_name="A",
            signer_title="B",
        )


def test_a_body_that_does_not_grant_the_award_cannot_issue_it_directly(network):
    leader = user_with(network.commune_a1, Role.LEADER)
    with pytest.raises(ValidationError) as error:
        _direct(leader, network.commune_a1)
    assert "authority" in error.value.message_dict
    decision = _direct(leader, network.commune_a1, award_kind=kind("giay-khen"), number="5/QĐ-BDV")
    assert decision.recipients.count() == 1


def test_reward_amounts_are_read_as_vietnamese_numbers(network, committee_leader):
    decision = _direct(
        committee_leader,
        network.province_a_committee,
        recipients=[
            DecisionRecipientInput(**{**COLLECTIVE.__dict__, "reward_amount": "4.680.000"}),
            DecisionRecipientInput(**{**PERSON.__dict__, "reward_amount": ""}),
        ],
    )
    amounts = list(decision.recipients.values_list("reward_amount", flat=True))
    assert amounts == [Decimal("4680000"), None]
    with pytest.raises(ValidationError):
        _direct(
            committee_leader,
            network.province_a_committee,
            number="201/QĐ-UBND",
            recipients=[DecisionRecipientInput(kind="collective", name="X", reward_amount="-5")],
        )
    assert DecisionRecipient.objects.count() == 2
