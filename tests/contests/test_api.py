"""The contests API: published contests and results; a judge's sheet (read, score, submit);
team registration by a body's staff; the XLSX summary."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from danvan.accounts.services import issue_api_token
from danvan.contests.models import ContestStatus, Score, Team
from tests.contests.conftest import MEMBERS, drafted, preliminary, published
from tests.factories import Role, UserFactory, user_with

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_today")]


def _auth(user):
    _token, raw = issue_api_token(user=user, name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_published_contests_with_their_results(client, network, django_assert_max_num_queries):
    w = published(network)
    listing = client.get("/api/v1/contests").json()
    assert listing["count"] == 1 and listing["items"][0]["status"] == ContestStatus.PUBLISHED
    client.get("/hoi-thi/")  # warms the site's cached context
    with django_assert_max_num_queries(7):
        body = client.get(f"/api/v1/contests/{w.contest.pk}").json()
    final = body["rounds"][-1]
    assert final["kind"] == "final" and final["results"][0]["prize"] == "first"
    assert final["results"][0]["team"] == w.teams["a1"].name
    assert final["results"][0]["members"][0] == {
        "full_name": "Nguyễn Thị Lan",
        "position": "Phó Chủ tịch UBND xã",
        "role": "captain",
    }
    assert [c["name"] for c in body["criteria"]] == ["Nội dung", "Hình thức", "Hiệu quả"]


def test_the_organizer_reads_an_unpublished_contest_others_get_404(client, network):
    w = preliminary(network)
    url = f"/api/v1/contests/{w.contest.pk}"
    assert client.get(url, **_auth(w.organizer)).status_code == 200
    assert client.get(url, **_auth(w.staff["a1"])).status_code == 404
    assert client.get(url).status_code == 404


def test_a_judge_reads_scores_and_submits_their_sheet(client, network):
    w = preliminary(network)
    auth = _auth(w.judge("r1c"))
    base = f"/api/v1/contests/rounds/{w.round1.pk}/sheet"
    sheet = client.get(base, **auth).json()
    assert [t["conflicted"] for t in sheet["teams"]] == [True, False]  # a1 is their body's
    criteria = [c["id"] for c in sheet["criteria"]]
    team = w.teams["a1c"].pk
    bad = client.put(
        f"{base}/teams/{team}",
        data={"scores": {str(criteria[0]): "45"}},
        content_type="application/json",
        **auth,
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "scores"
    put = client.put(
        f"{base}/teams/{team}",
        data={"scores": {str(c): "20,5" for c in criteria}},
        content_type="application/json",
        **auth,
    )
    assert put.status_code == 200
    assert put.json()["teams"][1]["total"] == "61.50"
    conflict = client.put(
        f"{base}/teams/{w.teams['a1'].pk}",
        data={"scores": {str(criteria[0]): "20"}},
        content_type="application/json",
        **auth,
    )
    assert conflict.status_code == 403
    submitted = client.post(f"{base}/submit", **auth)
    assert submitted.status_code == 200 and submitted.json()["submitted"] is True
    assert Score.objects.count() == 3


def test_only_the_rounds_judges_get_its_sheet(client, network):
    w = preliminary(network)
    base = f"/api/v1/contests/rounds/{w.round1.pk}/sheet"
    assert client.get(base).status_code == 401
    assert client.get(base, **_auth(w.judge("r2a"))).status_code == 403
    assert client.get(base, **_auth(w.organizer)).status_code == 403
    assert client.get(base, **_auth(UserFactory())).status_code == 403


def test_a_body_registers_its_team(client, network):
    w = drafted(network)
    from danvan.contests import services

    services.open_registration(actor=w.organizer, contest=w.contest)
    staff = user_with(network.commune_a2, Role.OFFICER)
    payload = {
        "organization_id": network.commune_a2.pk,
        "name": "Đội Ngọc Hà",
        "performance_title": "Tiểu phẩm “Lòng dân”",
        "members": [
            {"full_name": m.full_name, "position": m.position, "role": m.role} for m in MEMBERS
        ],
    }
    url = f"/api/v1/contests/{w.contest.pk}/teams"
    response = client.post(url, data=payload, content_type="application/json", **_auth(staff))
    assert response.status_code == 201
    assert response.json()["round"] == "Cụm 2"
    again = client.post(url, data=payload, content_type="application/json", **_auth(staff))
    assert again.status_code == 422
    other = client.post(
        url,
        data={**payload, "organization_id": network.commune_a1.pk},
        content_type="application/json",
        **_auth(staff),
    )
    assert other.status_code == 403
    assert Team.objects.count() == 1


def test_the_summary_xlsx_for_the_organizer_only(client, network):
    w = published(network)
    url = f"/api/v1/contests/rounds/{w.round1.pk}/summary.xlsx"
    response = client.get(url, **_auth(w.organizer))
    assert response.status_code == 200
    rows = list(load_workbook(BytesIO(b"".join(response.streaming_content))).active.values)
    assert rows[0][0] == w.contest.name
    assert client.get(url, **_auth(w.staff["a1"])).status_code == 403
