"""GET /api/v1/exemplars/{id}: one model in the caller's scope with its results, decisions,
replications and evidence files; nothing for others."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from danvan.accounts.services import issue_api_token
from danvan.exemplars import services
from tests.exemplars.conftest import recognized
from tests.factories import Role, user_with

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_today")]


def _auth(user):
    _token, raw = issue_api_token(user=user, name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def model(network, province_officer, province_leader, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    exemplar = recognized(network, province_officer, province_leader)
    upload = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.7\n" + b"x" * 20 + b"\n%%EOF\n")
    services.add_evidence(
        actor=exemplar.registered_by,
        exemplar=exemplar,
        kind="document",
        files=services.check_evidence("document", [upload]),
    )
    return exemplar


def test_staff_in_scope_read_the_whole_model(client, network, model, province_officer):
    response = client.get(f"/api/v1/exemplars/{model.pk}", **_auth(province_officer))
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Tổ tự quản đường hoa"
    assert {r["metric"]: float(r["value"]) for r in body["results"]} == {
        "land_donated": 1250.0,
        "road_built": 2.0,
    }
    assert [r["level"] for r in body["recognitions"]] == ["province"]
    (doc,) = body["evidence"]
    assert doc["original_name"] == "bao-cao.pdf" and doc["public"] is False
    assert client.get(doc["url"], **_auth(province_officer)).status_code in (200, 302)


def test_a_model_out_of_scope_is_a_404(client, network, model):
    other = user_with(network.commune_b1, Role.OFFICER)
    assert client.get(f"/api/v1/exemplars/{model.pk}", **_auth(other)).status_code == 404


def test_the_detail_reads_a_fixed_number_of_queries(
    client, network, model, province_officer, django_assert_max_num_queries
):
    headers = _auth(province_officer)
    with django_assert_max_num_queries(14):
        client.get(f"/api/v1/exemplars/{model.pk}", **headers)
