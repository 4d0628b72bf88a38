"""Exports with the senders' details: opt-in, only in the rows the user may see, each reveal
logged (one PersonalDataView per matter), still streamed and without a query per row."""

import io

import pytest
from django.urls import reverse

from danvan.cases.exports import PERSONAL_COLUMNS
from danvan.cases.models import PersonalDataView
from danvan.cases.services import workflow
from danvan.cases.services.intake import PersonData, submit
from tests.cases.conftest import submission
from tests.factories import Role, Scope, UserFactory, sign_in, user_with

pytestmark = pytest.mark.django_db

NAME, PHONE = "Nguyễn Văn Dân", "0912 345 678"


def _cases(network, n, **kw):
    return [
        submit(submission=submission(network, **kw), client="test", idempotency_key=None).case
        for _ in range(n)
    ]


def _csv(client, **params):
    import csv

    response = client.get(reverse("cases:export", args=["csv"]), params)
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def _by_code(rows):
    header, *body = rows
    return header, {row[0]: dict(zip(header, row, strict=True)) for row in body}


NAME_COL, PHONE_COL = PERSONAL_COLUMNS[0][1], PERSONAL_COLUMNS[1][1]


def test_a_leader_over_the_body_gets_the_senders_and_each_reveal_is_logged(network, client):
    cases = _cases(network, 3)
    leader = user_with(network.province_a, Role.LEADER, Scope.SUBTREE)
    sign_in(client, leader)
    header, rows = _by_code(_csv(client, with_personal="1"))
    assert NAME_COL in header and PHONE_COL in header
    assert all(rows[c.tracking_code][NAME_COL] == NAME for c in cases)
    assert all(rows[c.tracking_code][PHONE_COL] == PHONE for c in cases)
    views = PersonalDataView.objects.filter(viewer=leader)
    assert sorted(v.petitioner.case_id for v in views) == sorted(c.pk for c in cases)
    assert all(v.purpose for v in views)


def test_without_the_opt_in_there_is_no_personal_data_and_nothing_is_logged(network, client):
    _cases(network, 2)
    sign_in(client, user_with(network.province_a, Role.LEADER, Scope.SUBTREE))
    rows = _csv(client)
    assert NAME_COL not in rows[0]
    assert NAME not in str(rows) and PHONE not in str(rows)
    assert not PersonalDataView.objects.exists()


def test_rows_the_user_may_not_see_get_empty_columns_and_no_log(network, client):
    assigned, other = _cases(network, 2)
    officer = user_with(network.commune_a1_committee, Role.OFFICER)
    workflow.assign(actor=officer, case=assigned, officer=officer)
    sign_in(client, officer)
    _header, rows = _by_code(_csv(client, with_personal="1"))
    assert rows[assigned.tracking_code][NAME_COL] == NAME
    assert rows[other.tracking_code][NAME_COL] == ""
    assert rows[other.tracking_code][PHONE_COL] == ""
    assert list(PersonalDataView.objects.values_list("petitioner__case", flat=True)) == [
        assigned.pk
    ]


@pytest.mark.parametrize(
    ("holder", "role", "scope", "sees"),
    [
        ("province_a", Role.LEADER, Scope.SUBTREE, True),
        ("commune_a1_committee", Role.LEADER, Scope.UNIT, True),
        ("commune_a1_committee", Role.OFFICER, Scope.UNIT, False),  # not assigned
        ("province_a", Role.OFFICER, Scope.SUBTREE, False),
        ("province_a", Role.UNIT_ADMIN, Scope.SUBTREE, False),
    ],
)
def test_who_gets_the_senders_in_an_export(network, client, holder, role, scope, sees):
    from allauth.mfa.models import Authenticator

    (case,) = _cases(network, 1)
    user = user_with(getattr(network, holder), role, scope)
    if role == Role.UNIT_ADMIN:
        Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    sign_in(client, user)
    _header, rows = _by_code(_csv(client, with_personal="1"))
    assert (rows[case.tracking_code][NAME_COL] == NAME) is sees
    assert PersonalDataView.objects.filter(viewer=user).count() == (1 if sees else 0)


def test_a_superuser_gets_no_senders_for_being_superuser(network, client):
    from allauth.mfa.models import Authenticator

    (case,) = _cases(network, 1)
    root = UserFactory(is_superuser=True, is_staff=True)
    Authenticator.objects.create(user=root, type=Authenticator.Type.TOTP, data={})
    sign_in(client, root)
    _header, rows = _by_code(_csv(client, with_personal="1"))
    assert rows[case.tracking_code][NAME_COL] == ""
    assert not PersonalDataView.objects.exists()


def test_an_anonymous_sender_reveals_nothing(network, client):
    (case,) = _cases(network, 1, person=PersonData(anonymous=True, consent=True))
    sign_in(client, user_with(network.province_a, Role.LEADER, Scope.SUBTREE))
    _header, rows = _by_code(_csv(client, with_personal="1"))
    assert rows[case.tracking_code][PHONE_COL] == ""


def test_the_personal_export_costs_the_same_queries_for_more_rows(
    network, client, django_assert_max_num_queries
):
    sign_in(client, user_with(network.province_a, Role.LEADER, Scope.SUBTREE))
    _cases(network, 2)
    url = reverse("cases:export", args=["csv"])
    with django_assert_max_num_queries(12) as few:
        b"".join(client.get(url, {"with_personal": "1"}).streaming_content)
    _cases(network, 15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        b"".join(client.get(url, {"with_personal": "1"}).streaming_content)
    assert PersonalDataView.objects.count() == 2 + 17


def test_xlsx_with_senders(network, client):
    from openpyxl import load_workbook

    (case,) = _cases(network, 1)
    sign_in(client, user_with(network.province_a, Role.LEADER, Scope.SUBTREE))
    response = client.get(reverse("cases:export", args=["xlsx"]), {"with_personal": "1"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header, row = (list(r) for r in sheet.iter_rows(values_only=True))
    assert dict(zip(header, row, strict=True))[NAME_COL] == NAME
    assert PersonalDataView.objects.get().petitioner.case == case


def test_the_inbox_offers_the_personal_export_to_handlers(network, client):
    sign_in(client, user_with(network.province_a, Role.LEADER, Scope.SUBTREE))
    page = client.get(reverse("cases:inbox"))
    assert page.context["can_export_personal"]
    assert "with_personal=1" in page.content.decode()
