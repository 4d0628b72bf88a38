"""Officer pages end to end through the forms: a movement is created and launched, a commune
registers, the cluster is scored and closed, a proposal is drafted with its documents,
returned, resubmitted and approved by recording the decision, whose .docx is downloaded."""

import io
import re

import pytest
from django.urls import reverse
from docx import Document

from danvan.emulation.models import (
    AwardDecision,
    AwardKind,
    ClusterScoring,
    Movement,
    Proposal,
    Registration,
    ScoringStatus,
)
from tests.emulation.conftest import pdf
from tests.factories import Role, UserFactory, user_with

pytestmark = pytest.mark.django_db


def _unlabelled(html):
    """Ids of inputs, selects and textareas without a <label for=…> (hidden inputs aside)."""
    ids = re.findall(
        r'<(?:input|select|textarea)(?![^>]*type="(?:hidden|submit)")[^>]*\bid="([^"]+)"', html
    )
    labelled = set(re.findall(r'<label[^>]*\bfor="([^"]+)"', html))
    return [i for i in ids if i not in labelled]


def _ok(response):
    assert response.status_code in (200, 302), response.content.decode()[:2000]
    return response


def test_the_lists_need_staff(client, network):
    assert client.get(reverse("emulation:movements")).status_code == 302  # to sign in
    client.force_login(UserFactory())
    for name in ("movements", "proposals", "decisions", "registrations"):
        assert client.get(reverse(f"emulation:{name}")).status_code == 403


def test_a_movement_from_creation_to_scoring(
    client, network, province_officer, province_leader, cluster
):
    client.force_login(province_officer)
    new = client.get(reverse("emulation:movement_new"))
    assert _unlabelled(new.content.decode()) == []
    _ok(
        client.post(
            reverse("emulation:movement_new"),
            {
                "organization": network.province_a.pk,
                "name": "Thi đua Dân vận khéo 2026",
                "start_date": "01/01/2026",
                "end_date": "31/12/2026",
                "description": "Thi đua thực hiện tốt công tác dân vận năm 2026.",
                "criteria": "Công tác dân vận | 60\nXây dựng tổ chức | 40",
            },
        )
    )
    movement = Movement.objects.get()
    assert [c.max_score for c in movement.criteria.all()] == [60, 40]
    url = reverse("emulation:movement", args=[movement.pk])
    edit = client.get(reverse("emulation:movement_edit", args=[movement.pk])).content.decode()
    assert "Công tác dân vận | 60\nXây dựng tổ chức | 40" in edit
    _ok(client.post(url, {"action": "launch"}))
    movement.refresh_from_db()
    assert movement.status == "launched"

    # The commune registers from the movement's page.
    commune = user_with(network.commune_a1, Role.OFFICER)
    client.force_login(commune)
    page = client.get(url).content.decode()
    assert "Thi đua Dân vận khéo 2026" in page and _unlabelled(page) == []
    _ok(
        client.post(
            url,
            {
                "action": "register",
                "organization": network.commune_a1.pk,
                "year": "2026",
                "commitments": "Hoàn thành xuất sắc nhiệm vụ năm 2026.",
                "target_title": "",
            },
        )
    )
    assert Registration.objects.filter(organization=network.commune_a1).exists()

    # The province opens the cluster's sheet and scores both members.
    client.force_login(province_officer)
    _ok(client.post(url, {"action": "open_scoring", "cluster": cluster.pk}))
    scoring = ClusterScoring.objects.get()
    sheet = reverse("emulation:scoring", args=[scoring.pk])
    ids = [c.pk for c in movement.criteria.all()]
    for member, values in (
        (network.commune_a1, ("50", "30,5")),
        (network.commune_a2, ("60", "40")),
    ):
        page = client.get(sheet, {"member": member.pk}).content.decode()
        assert _unlabelled(page) == []
        _ok(
            client.post(
                sheet,
                {
                    "member": member.pk,
                    "column": "assessed",
                    f"c{ids[0]}": values[0],
                    f"c{ids[1]}": values[1],
                },
            )
        )
    over = client.post(
        sheet, {"member": network.commune_a1.pk, "column": "assessed", f"c{ids[0]}": "61"}
    )
    assert over.status_code == 200  # the form again, with the error; nothing stored
    assert scoring.scores.get(member=network.commune_a1, criterion_id=ids[0]).assessed_score == 50
    results = client.get(sheet).content.decode()
    # Commune A1's total as people write it: no trailing zeros, no exponent.
    assert ("80,5" in results or "80.5" in results) and "80,50" not in results
    assert results.index(network.commune_a2.name) < results.index(network.commune_a1.name)
    client.force_login(province_leader)
    _ok(client.post(reverse("emulation:scoring_close", args=[scoring.pk])))
    scoring.refresh_from_db()
    assert scoring.status == ScoringStatus.CLOSED


def test_a_proposal_from_draft_to_decision(client, network, commune_officer, committee_leader):
    client.force_login(commune_officer)
    start = client.get(reverse("emulation:proposal_new"))
    assert start.status_code == 200 and _unlabelled(start.content.decode()) == []
    award = AwardKind.objects.get(code="bang-khen-chu-tich-ubnd-tinh")
    query = f"?proposer={network.commune_a1.pk}&award_kind={award.pk}"
    url = reverse("emulation:proposal_new") + query
    form = client.get(url).content.decode()
    assert network.province_a_committee.name in form and _unlabelled(form) == []
    assert f'value="{network.province_a.pk}"' not in form  # not competent: not offered
    data = {
        "authority": network.province_a_committee.pk,
        "year": "2026",
        "reference": "45/TTr-BDV",
        "summary": "Thành tích xuất sắc trong phong trào Dân vận khéo năm 2026.",
        "r-TOTAL_FORMS": "3",
        "r-INITIAL_FORMS": "0",
        "r-0-kind": "collective",
        "r-0-name": "Thôn Đông",
        "r-1-kind": "individual",
        "r-1-name": "Trần Thị Kín",
        "r-1-unit_name": "Thôn Đông",
        "r-2-kind": "collective",
        "r-2-organization": network.commune_a1.pk,
    }
    _ok(client.post(url, data))
    proposal = Proposal.objects.get()
    assert proposal.recipients.count() == 3
    detail = reverse("emulation:proposal", args=[proposal.pk])
    for doc_type, name in (("submission", "to-trinh.pdf"), ("report", "bao-cao.pdf")):
        _ok(client.post(detail, {"action": "attach", "doc_type": doc_type, "upload": pdf(name)}))
    assert proposal.documents.count() == 2
    document = proposal.documents.first()
    download = client.get(reverse("emulation:proposal_document", args=[proposal.pk, document.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    _ok(client.post(detail, {"action": "submit", "note": ""}))
    proposal.refresh_from_db()
    assert proposal.state == "submitted"

    clerk = user_with(network.province_a_committee, Role.OFFICER)
    client.force_login(clerk)
    refused = client.post(detail, {"action": "return", "note": ""})
    assert refused.status_code == 200  # the note is needed
    _ok(client.post(detail, {"action": "return", "note": "Bổ sung biên bản họp"}))
    client.force_login(commune_officer)
    _ok(client.post(detail, {"action": "submit", "note": "Đã bổ sung"}))

    client.force_login(committee_leader)
    page = client.get(detail).content.decode()
    assert "Approve" in page or "?proposal=" in page
    new = reverse("emulation:decision_new") + f"?proposal={proposal.pk}"
    form = client.get(new).content.decode()
    assert "Thôn Đông" in form and _unlabelled(form) == []
    _ok(
        client.post(
            new,
            {
                "number": "123/QĐ-UBND",
                "signed_on": "05/11/2026",
                "signer_title": "Phó Chủ tịch",
                "signer_name": "Nguyễn Văn Ký",
                "signing_capacity": "KT. CHỦ TỊCH",
                "r-TOTAL_FORMS": "3",
                "r-INITIAL_FORMS": "3",
                "r-0-kind": "collective",
                "r-0-name": "Thôn Đông",
                "r-0-reward_amount": "4.680.000",
                "r-1-kind": "individual",
                "r-1-name": "Trần Thị Kín",
                "r-1-unit_name": "Thôn Đông",
                "r-1-reward_amount": "2.340.000",
                "r-2-kind": "collective",
                "r-2-organization": network.commune_a1.pk,
                "r-2-name": network.commune_a1.name,
            },
        )
    )
    decision = AwardDecision.objects.get()
    proposal.refresh_from_db()
    assert proposal.state == "approved" and decision.proposal == proposal
    linked = decision.recipients.get(order=3)
    assert linked.organization == network.commune_a1  # the body stays linked
    shown = client.get(reverse("emulation:decision", args=[decision.pk])).content.decode()
    assert "123/QĐ-UBND" in shown
    docx = client.get(reverse("emulation:decision_docx", args=[decision.pk]))
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "7.020.000 đồng" in text
    assert client.get(reverse("emulation:decisions")).status_code == 200
    assert client.get(reverse("emulation:proposals")).status_code == 200


def test_the_honor_roll_is_public(client, db):
    page = client.get(reverse("emulation:honor_roll"))
    assert page.status_code == 200 and _unlabelled(page.content.decode()) == []


def test_the_officer_lists_read_a_fixed_number_of_queries(
    client, network, commune_officer, committee_leader, movement, django_assert_max_num_queries
):
    from tests.emulation.conftest import issued, submitted

    for n in range(3):
        submitted(network, commune_officer)
        issued(network, commune_officer, committee_leader, number=f"{n + 1}/QĐ-UBND")
    client.force_login(committee_leader)
    for name in ("proposals", "decisions", "movements"):
        client.get(reverse(f"emulation:{name}"))  # the session and the site's context warm up
        # session, user, grants, count, page (+ the award list on the decisions page)
        with django_assert_max_num_queries(7):
            page = client.get(reverse(f"emulation:{name}"))
        assert page.status_code == 200
