"""The community teams' exports: the list (filtered as on the page) and a team's activity log
with its members, as .xlsx with typed cells — and text that a spreadsheet would run as a
formula (a member named "=HYPERLINK(…)") written as text, never as a formula."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from danvan.campaigns.models import MemberRole
from danvan.campaigns.services import teams as services
from tests.factories import sign_in_with_totp

from .test_team_fixtures import *  # noqa: F403 - the fixtures
from .test_team_fixtures import TODAY, activity, member_spec

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://example.com/x","Bấm vào đây")'


def _book(response):  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "attachment" in response["Content-Disposition"]
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def _cells(sheet) -> list[object]:  # type: ignore[no-untyped-def]
    return [c for row in sheet.iter_rows(values_only=True) for c in row]


def _no_formula(sheet) -> None:  # type: ignore[no-untyped-def]
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.coordinate


def test_a_teams_export_escapes_a_member_named_like_a_formula(client, teamed, welfare) -> None:  # type: ignore[no-untyped-def]
    services.member_leaves(actor=None, member=teamed.leader, left_on=TODAY)
    services.add_member(actor=None, team=teamed.covid, spec=member_spec(EVIL, MemberRole.LEADER))
    activity(teamed.covid, TODAY, title="+84 gọi ngay", people=7)
    sign_in_with_totp(client, welfare.c1_officer)
    book = _book(client.get(reverse("campaigns:team_xlsx", args=[teamed.covid.pk])))
    log, members = book.worksheets
    _no_formula(log)
    _no_formula(members)
    names = _cells(members)
    assert "'" + EVIL in names and EVIL not in names
    assert "'+84 gọi ngay" in _cells(log)
    # Typed cells: the day is a date, the counts are numbers; newest first.
    rows = [r for r in log.iter_rows(values_only=True) if isinstance(r[0], int)]
    assert rows[0][1].date() == TODAY and rows[0][6] == 7
    assert [r[1] for r in rows] == sorted((r[1] for r in rows), reverse=True)
    assert len(rows) == 4
    # Never the phones.
    assert not any("0912" in str(c) for c in _cells(members))


def test_the_list_export_follows_the_filters_and_escapes_the_leader(
    client, teamed, welfare
) -> None:  # type: ignore[no-untyped-def]
    services.member_leaves(actor=None, member=teamed.leader, left_on=TODAY)
    services.add_member(actor=None, team=teamed.covid, spec=member_spec(EVIL, MemberRole.LEADER))
    sign_in_with_totp(client, welfare.city_leader)
    book = _book(client.get(reverse("campaigns:teams_xlsx")))
    sheet = book.active
    _no_formula(sheet)
    cells = _cells(sheet)
    assert "'" + EVIL in cells
    names = {r[1] for r in sheet.iter_rows(values_only=True) if isinstance(r[0], int)}
    assert names == {teamed.covid.name, teamed.mediation.name, teamed.dissolved.name}
    only = _book(client.get(reverse("campaigns:teams_xlsx"), {"kind": "mediation"})).active
    assert {r[1] for r in only.iter_rows(values_only=True) if isinstance(r[0], int)} == {
        teamed.mediation.name
    }


def test_the_exports_are_refused_outside_the_scope(client, teamed, welfare) -> None:  # type: ignore[no-untyped-def]
    sign_in_with_totp(client, welfare.other_officer)
    assert client.get(reverse("campaigns:team_xlsx", args=[teamed.covid.pk])).status_code == 403
    book = _book(client.get(reverse("campaigns:teams_xlsx")))
    names = {r[1] for r in book.active.iter_rows(values_only=True) if isinstance(r[0], int)}
    assert names == {teamed.security.name}
