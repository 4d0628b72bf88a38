"""Exports: a cluster's results, decisions with recipients (XLSX and CSV), proposals."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from danvan.emulation import services
from tests.emulation.conftest import issued, submitted
from tests.factories import Role, Scope, user_with

pytestmark = pytest.mark.django_db


def _sheet(response):
    content = b"".join(response.streaming_content)
    return [
        list(row) for row in load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)
    ]


def results_xlsx(client, network, movement, cluster, officer):  # type: ignore[no-untyped-def]
    """The cluster's results as XLSX, after commune A1's scores are entered (35,5 + 20 + 20)."""
    scoring = services.open_scoring(actor=officer, movement=movement, cluster=cluster)
    ids = [c.pk for c in movement.criteria.all()]
    services.enter_assessed_scores(
        actor=officer,
        scoring=scoring,
        member=network.commune_a1,
        scores=dict(zip(ids, ["35,5", "20", "20"], strict=True)),
    )
    client.force_login(officer)
    return client.get(reverse("emulation:scoring_xlsx", args=[scoring.pk]))


def test_the_clusters_results_as_xlsx(client, network, movement, cluster, province_officer):
    rows = _sheet(results_xlsx(client, network, movement, cluster, province_officer))
    header = rows[3]
    assert header[:2] == ["Rank", "Member body"] or header[0]  # translated in Vietnamese
    first = rows[4]
    assert first[0] == 1 and first[1] == network.commune_a1.name
    assert first[-1] == 75.5 and first[3] == 35.5
    assert rows[5][0] is None  # commune A2: no assessed score, no rank


def test_a_stranger_cannot_download_the_results(
    client, network, movement, cluster, province_officer
):
    scoring = services.open_scoring(actor=province_officer, movement=movement, cluster=cluster)
    client.force_login(user_with(network.province_b, Role.LEADER, Scope.SUBTREE))
    assert client.get(reverse("emulation:scoring_xlsx", args=[scoring.pk])).status_code == 403


def test_decisions_with_their_recipients_as_xlsx_and_csv(
    client, network, commune_officer, committee_leader, django_assert_max_num_queries
):
    issued(network, commune_officer, committee_leader, number="1/QĐ-UBND")
    issued(network, commune_officer, committee_leader, number="2/QĐ-UBND")
    client.force_login(committee_leader)
    client.get(reverse("emulation:decisions"))
    with django_assert_max_num_queries(8):
        rows = _sheet(client.get(reverse("emulation:decisions_export", args=["xlsx"])))
    assert len(rows) == 1 + 6
    assert {r[0] for r in rows[1:]} == {"1/QĐ-UBND", "2/QĐ-UBND"}
    assert rows[1][1] == dt.datetime(2026, 11, 5)  # a real date (shown dd/mm/yyyy)
    csv = b"".join(
        client.get(reverse("emulation:decisions_export", args=["csv"])).streaming_content
    )
    text = csv.decode("utf-8-sig")
    assert text.count("\n") == 7 and "Trần Thị Bí Mật" in text  # staff see every name
    assert ",05/11/2026," in text  # the same date as text in the CSV
    filtered = _sheet(
        client.get(reverse("emulation:decisions_export", args=["xlsx"]), {"q": "cong khai"})
    )
    assert len(filtered) == 1 + 6  # the whole decision holding the match


def test_proposals_as_xlsx_in_scope(client, network, commune_officer):
    submitted(network, commune_officer)
    submitted(network, commune_officer, award="giay-khen", authority=network.commune_a1_committee)
    client.force_login(commune_officer)
    rows = _sheet(client.get(reverse("emulation:proposals_xlsx")))
    assert len(rows) == 3
    assert {r[-2:] == [1, 2] for r in rows[1:]} == {True}
    client.force_login(user_with(network.commune_b1, Role.OFFICER))
    assert len(_sheet(client.get(reverse("emulation:proposals_xlsx")))) == 1


def test_decisions_export_escapes_formulas_and_keeps_amounts_as_numbers(
    client, network, commune_officer, committee_leader
):
    from danvan.emulation.services import RecipientInput

    name = '=HYPERLINK("http://x","Thôn Đông")'
    issued(
        network,
        commune_officer,
        committee_leader,
        recipients=[
            RecipientInput(
                kind="individual",
                name=name,
                position="@Trưởng thôn",
                unit_name="Thôn Đông",
                achievements="-5 hộ nghèo",
            )
        ],
    )
    client.force_login(committee_leader)
    url = reverse("emulation:decisions_export", args=["xlsx"])
    content = b"".join(client.get(url).streaming_content)
    _header, row = load_workbook(io.BytesIO(content)).active.iter_rows()
    assert all(c.data_type != "f" for c in row)
    values = [c.value for c in row]
    assert values[5:9] == ["'" + name, "'@Trưởng thôn", "Thôn Đông", "'-5 hộ nghèo"]
    assert values[9] is None or isinstance(values[9], int)  # the reward: a number or empty
    text = b"".join(
        client.get(reverse("emulation:decisions_export", args=["csv"])).streaming_content
    ).decode("utf-8-sig")
    _header, line = csv.reader(io.StringIO(text))
    assert line[5:9] == ["'" + name, "'@Trưởng thôn", "Thôn Đông", "'-5 hộ nghèo"]
