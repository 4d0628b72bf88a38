import pytest
from django.urls import reverse

from danvan.cases.models import Case
from danvan.cases.services.intake import submit
from tests.cases.conftest import submission
from tests.factories import Role, Scope, user_with

pytestmark = pytest.mark.django_db


def _cases(network, n):
    return [
        submit(submission=submission(network), client="test", idempotency_key=None).case
        for _ in range(n)
    ]


def test_csv_export_streams_the_filtered_inbox_without_personal_data(network, client):
    cases = _cases(network, 3)
    client.force_login(user_with(network.province_a, Role.LEADER, Scope.SUBTREE))
    response = client.get(reverse("cases:export", args=["csv"]), {"state": "received"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert response.status_code == 200
    assert all(c.tracking_code in body for c in cases)
    assert "0912 345 678" not in body and "Nguyễn Văn Dân" not in body
    assert body.splitlines()[0].startswith("Mã tra cứu")


def test_xlsx_export_opens_in_openpyxl(network, client):
    import io

    from openpyxl import load_workbook

    _cases(network, 2)
    client.force_login(user_with(network.province_a, Role.LEADER, Scope.SUBTREE))
    response = client.get(reverse("cases:export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.max_row == 3


def test_export_costs_the_same_queries_for_more_rows(
    network, client, django_assert_max_num_queries
):
    client.force_login(user_with(network.province_a, Role.LEADER, Scope.SUBTREE))
    _cases(network, 2)
    with django_assert_max_num_queries(10) as few:
        b"".join(client.get(reverse("cases:export", args=["csv"])).streaming_content)
    _cases(network, 15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        b"".join(client.get(reverse("cases:export", args=["csv"])).streaming_content)


def test_leader_assigns_several_matters_at_once(network, client):
    cases = _cases(network, 3)
    officer = user_with(network.commune_a1_committee, Role.OFFICER)
    client.force_login(user_with(network.province_a, Role.LEADER, Scope.SUBTREE))
    inbox = client.get(reverse("cases:inbox"))
    assert officer in inbox.context["officers"]
    client.post(
        reverse("cases:bulk"), {"codes": [c.tracking_code for c in cases], "officer": officer.pk}
    )
    assert Case.objects.filter(assigned_to=officer).count() == 3


def test_an_officer_cannot_bulk_assign_to_someone_else(network, client):
    cases = _cases(network, 2)
    other = user_with(network.commune_a1_committee, Role.OFFICER)
    client.force_login(user_with(network.commune_a1_committee, Role.OFFICER))
    client.post(
        reverse("cases:bulk"), {"codes": [c.tracking_code for c in cases], "officer": other.pk}
    )
    assert not Case.objects.filter(assigned_to=other).exists()
