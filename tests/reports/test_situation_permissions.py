"""Who may see and change the table of issues: the reporting body's officer, another
commune's officer, the receiving body's officer, a citizen and an anonymous visitor, on a
draft and on a sent report — viewing (the page, the .xlsx) and changing rows (add, correct,
remove, merge). Decided by reports.access, as for the rest of the report."""

from __future__ import annotations

import pytest
from django.urls import reverse

from danvan.reports.models import SituationIssue
from tests.factories import sign_in
from tests.reports.situation_support import add, send

pytestmark = pytest.mark.django_db

WHO = ["reporter", "other_commune", "receiver", "citizen", "anonymous"]

# (who, sent) → (view status, may change rows)
EXPECTED = {
    ("reporter", False): (200, True),
    ("other_commune", False): (403, False),
    ("receiver", False): (403, False),  # a draft is the commune's own work
    ("citizen", False): (403, False),
    ("anonymous", False): (302, False),
    ("reporter", True): (200, False),  # sent: nobody changes it
    ("other_commune", True): (403, False),
    ("receiver", True): (200, False),
    ("citizen", True): (403, False),
    ("anonymous", True): (302, False),
}


def _user(sit, who):
    return {
        "reporter": sit.commune_officer,
        "other_commune": sit.other_commune_officer,
        "receiver": sit.province_officer,
        "citizen": sit.citizen,
        "anonymous": None,
    }[who]


def _state(report):
    rows = SituationIssue.objects.filter(report=report).order_by("pk")
    return list(rows.values_list("pk", "topic", "people_affected", "merged_into_id"))


@pytest.mark.parametrize("sent", [False, True], ids=["draft", "sent"])
@pytest.mark.parametrize("who", WHO)
def test_the_issue_table_follows_the_reports_access_matrix(sit, client, who, sent):
    report = sit.report(sit.network.commune_a1)
    first = add(report, sit.commune_officer, "Giá điện", people_affected=10)
    second = add(report, sit.commune_officer, "Giá nước", people_affected=20)
    if sent:
        send(report, sit.commune_officer, sit.commune_leader)
    user = _user(sit, who)
    if user is not None:
        sign_in(client, user)
    view_status, may_change = EXPECTED[(who, sent)]

    page = client.get(reverse("reports:detail", args=[report.pk]))
    xlsx = client.get(reverse("reports:issues_xlsx", args=[report.pk]))
    assert page.status_code == view_status
    assert xlsx.status_code == view_status
    if view_status == 302:
        assert "login" in page["Location"] and "login" in xlsx["Location"]
    if view_status == 200:
        assert page.context["editable"] is may_change
        add_link = reverse("reports:issue_add", args=[report.pk]).encode()
        assert (add_link in page.content) is may_change

    before = _state(report)
    edit = reverse("reports:issue_edit", args=[report.pk, first.pk])
    writes = [
        client.get(reverse("reports:issue_add", args=[report.pk])),
        client.post(
            reverse("reports:issue_add", args=[report.pk]),
            {"topic": "Mới", "severity": "low", "trend": "new"},
        ),
        client.post(edit, {"topic": "Sửa", "severity": "high", "trend": "rising"}),
        client.post(
            reverse("reports:issue_merge", args=[report.pk]),
            {"issues": [str(first.pk), str(second.pk)]},
        ),
    ]
    if may_change:
        assert [w.status_code for w in writes] == [200, 302, 302, 302]
        after = _state(report)
        assert after != before
        assert len(after) == 3 and after[0][1] == "Sửa" and after[1][3] == first.pk
        assert client.post(edit, {"action": "remove"}).status_code == 302
        assert list(
            SituationIssue.objects.filter(report=report).values_list("topic", flat=True)
        ) == ["Mới"]
        return
    expected = {
        "reporter": 302,  # back to the page with why nothing changed
        "other_commune": 403,
        "receiver": 403,
        "citizen": 403,
        "anonymous": 302,
    }[who]
    assert {w.status_code for w in writes} == {expected}
    if expected == 302:
        assert all(("login" in w["Location"]) is (who == "anonymous") for w in writes)
    assert client.post(edit, {"action": "remove"}).status_code == expected
    assert _state(report) == before
