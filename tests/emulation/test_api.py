"""The emulation API: scoped lists, creating and submitting, decisions and their .docx, the
public honor roll without unconsented names, figures; query counts on the lists."""

import io

import pytest
from docx import Document

from danvan.accounts.services import issue_api_token
from danvan.emulation import services
from tests.emulation.conftest import YEAR, draft, issued, submitted, with_documents
from tests.factories import Role, Scope, UserFactory, user_with

pytestmark = pytest.mark.django_db

BASE = "/api/v1/emulation"


def _auth(user):
    _token, raw = issue_api_token(user=user, name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_award_kinds_are_public_reference_data(client, db):
    body = client.get(f"{BASE}/award-kinds").json()
    assert {"code": "giay-khen"}.items() <= body[0].items()


def test_a_commune_officer_lists_the_provinces_launched_movement(client, network, movement):
    auth = _auth(user_with(network.commune_a1, Role.OFFICER))
    body = client.get(f"{BASE}/movements", **auth).json()
    assert [m["id"] for m in body["items"]] == [movement.pk]
    detail = client.get(f"{BASE}/movements/{movement.pk}", **auth).json()
    assert detail["criteria"][0]["name"] == "Thực hiện nhiệm vụ chính trị"
    other = _auth(user_with(network.commune_b1, Role.OFFICER))
    assert client.get(f"{BASE}/movements", **other).json()["count"] == 0
    assert client.get(f"{BASE}/movements/{movement.pk}", **other).status_code == 403


def test_registering_through_the_api_once(client, network, movement, commune_officer):
    auth = _auth(commune_officer)
    payload = {
        "movement_id": movement.pk,
        "organization_id": network.commune_a1.pk,
        "year": YEAR,
        "commitments": "Hoàn thành xuất sắc các chỉ tiêu được giao.",
        "target_title": "tap-the-lao-dong-xuat-sac",
    }
    created = client.post(f"{BASE}/registrations", payload, content_type="application/json", **auth)
    assert created.status_code == 201 and created.json()["target_title"] == payload["target_title"]
    again = client.post(f"{BASE}/registrations", payload, content_type="application/json", **auth)
    assert again.status_code == 422 and again.json()["errors"][0]["field"] == "year"
    listed = client.get(f"{BASE}/registrations", {"movement": movement.pk}, **auth).json()
    assert listed["count"] == 1


def _proposal_payload(network):
    return {
        "proposer_id": network.commune_a1.pk,
        "award_kind": "bang-khen-chu-tich-ubnd-tinh",
        "authority_id": network.province_a_committee.pk,
        "year": YEAR,
        "summary": "Thành tích xuất sắc trong phong trào Dân vận khéo năm 2026.",
        "recipients": [
            {"kind": "collective", "organization_id": network.commune_a1.pk},
            {"kind": "individual", "name": "Trần Thị Kín", "unit_name": "Thôn Bắc"},
        ],
    }


def test_creating_a_proposal_and_submitting_it(client, network, commune_officer):
    auth = _auth(commune_officer)
    created = client.post(
        f"{BASE}/proposals", _proposal_payload(network), content_type="application/json", **auth
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["state"] == "draft" and body["recipients"] == 2
    url = f"{BASE}/proposals/{body['id']}/submit"
    refused = client.post(url, {}, content_type="application/json", **auth)
    assert refused.status_code == 422  # documents missing
    from danvan.emulation.models import Proposal

    with_documents(Proposal.objects.get(pk=body["id"]), commune_officer)
    done = client.post(url, {"note": "Kính trình"}, content_type="application/json", **auth)
    assert done.status_code == 200 and done.json()["state"] == "submitted"


def test_a_body_that_is_not_competent_is_refused(client, network, commune_officer):
    payload = {**_proposal_payload(network), "authority_id": network.province_a.pk}
    response = client.post(
        f"{BASE}/proposals", payload, content_type="application/json", **_auth(commune_officer)
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "authority"


def test_proposals_are_listed_in_scope_in_a_fixed_number_of_queries(
    client, network, commune_officer, django_assert_max_num_queries
):
    for _ in range(4):
        submitted(network, commune_officer)
    draft(network, commune_officer)
    leader = user_with(network.province_a_committee, Role.LEADER)
    auth = _auth(leader)
    client.get(f"{BASE}/proposals", **auth)
    # token, grants, count, page
    with django_assert_max_num_queries(6):
        body = client.get(f"{BASE}/proposals", **auth).json()
    assert body["count"] == 4  # not the draft
    assert {p["recipients"] for p in body["items"]} == {3}
    stranger = _auth(user_with(network.commune_b1, Role.OFFICER))
    assert client.get(f"{BASE}/proposals", **stranger).json()["count"] == 0


def test_decisions_detail_and_docx(
    client, network, commune_officer, committee_leader, django_assert_max_num_queries
):
    decision = issued(network, commune_officer, committee_leader)
    for n in range(3):
        issued(network, commune_officer, committee_leader, number=f"{n + 1}/QĐ-UBND")
    auth = _auth(commune_officer)
    client.get(f"{BASE}/decisions", **auth)
    with django_assert_max_num_queries(6):
        listed = client.get(f"{BASE}/decisions", {"year": 2026}, **auth).json()
    assert listed["count"] == 4 and {d["recipients"] for d in listed["items"]} == {3}
    detail = client.get(f"{BASE}/decisions/{decision.pk}", **auth).json()
    assert detail["number"] == "123/QĐ-UBND"
    assert [r["name"] for r in detail["recipient_list"]][1] == "Trần Thị Bí Mật"  # staff
    docx = client.get(f"{BASE}/decisions/{decision.pk}/docx", **auth)
    assert docx.status_code == 200 and docx["Content-Type"].endswith("document")
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "QUYẾT ĐỊNH" in text
    stranger = _auth(user_with(network.province_b, Role.LEADER, Scope.SUBTREE))
    assert client.get(f"{BASE}/decisions/{decision.pk}/docx", **stranger).status_code == 403


def test_the_public_honor_roll_never_names_an_unconsenting_person(
    client, network, commune_officer, committee_leader
):
    issued(network, commune_officer, committee_leader)
    raw = client.get(f"{BASE}/honor-roll").content.decode()
    assert "Bí Mật" not in raw and "1.250" not in raw
    body = client.get(f"{BASE}/honor-roll", {"kind": "individual"}).json()
    names = sorted(item["name"] for item in body["items"])
    assert len(names) == 2 and "Lê Văn Công Khai" in names
    hidden = next(i for i in body["items"] if i["name"] != "Lê Văn Công Khai")
    assert hidden["achievements"] is None and hidden["unit_name"] == "Thôn Đông, xã A1"
    assert client.get(f"{BASE}/honor-roll", {"q": "bi mat"}).json()["count"] == 0


def test_the_honor_roll_reads_a_fixed_number_of_queries(
    client, network, commune_officer, committee_leader, django_assert_max_num_queries
):
    for n in range(4):
        issued(network, commune_officer, committee_leader, number=f"{n + 1}/QĐ-UBND")
    with django_assert_max_num_queries(2):
        body = client.get(f"{BASE}/honor-roll").json()
    assert body["count"] == 12


def test_figures_need_an_account_of_staff(client, network, commune_officer, committee_leader):
    issued(network, commune_officer, committee_leader)
    assert client.get(f"{BASE}/figures").status_code == 401
    assert client.get(f"{BASE}/figures", **_auth(UserFactory())).status_code == 403
    body = client.get(f"{BASE}/figures", {"by": "kind"}, **_auth(commune_officer)).json()
    assert (body["total"], body["collective"], body["individual"]) == (3, 1, 2)
    assert (
        client.get(f"{BASE}/figures", {"by": "colour"}, **_auth(commune_officer)).status_code == 422
    )


def test_a_clusters_result_table(client, network, movement, cluster, province_officer):
    scoring = services.open_scoring(actor=province_officer, movement=movement, cluster=cluster)
    ids = [c.pk for c in movement.criteria.all()]
    services.enter_assessed_scores(
        actor=province_officer,
        scoring=scoring,
        member=network.commune_a2,
        scores=dict(zip(ids, ["10", "10", "10,5"], strict=True)),
    )
    body = client.get(f"{BASE}/scorings/{scoring.pk}", **_auth(province_officer)).json()
    assert body["results"][0]["member_id"] == network.commune_a2.pk
    assert body["results"][0]["rank"] == 1 and body["results"][0]["assessed_total"] == "30.50"
    assert body["results"][1]["rank"] is None
