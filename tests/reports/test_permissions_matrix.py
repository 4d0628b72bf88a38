"""Who may do what with a report, by role and scope: the object rule (`access.may`) and the
list filter (`access.reports_for`) agree; a commune's draft is its own; the receiver sees a
report once sent and reviews it; nobody changes a sent report; citizens see nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from danvan.reports import access
from danvan.reports.models import Report, ReportState
from danvan.reports.services import filling, workflow
from tests.factories import Role, Scope, UserFactory, sign_in, user_with

pytestmark = pytest.mark.django_db

A = access.Action
USERS = {
    # name: (body, role, scope)
    "commune_a1_officer": ("commune_a1", Role.OFFICER, Scope.UNIT),
    "commune_a1_leader": ("commune_a1", Role.LEADER, Scope.UNIT),
    "commune_a2_officer": ("commune_a2", Role.OFFICER, Scope.UNIT),
    "commune_a2_leader_subtree": ("commune_a2", Role.LEADER, Scope.SUBTREE),
    "province_a_officer": ("province_a", Role.OFFICER, Scope.UNIT),
    "province_a_leader_subtree": ("province_a", Role.LEADER, Scope.SUBTREE),
    "province_b_officer": ("province_b", Role.OFFICER, Scope.UNIT),
    "central_officer_subtree": ("central", Role.OFFICER, Scope.SUBTREE),
    "citizen": None,
}
# The actions each user may take on commune A1's report and on province A's, as a draft and
# once sent: V view, E edit, A approve, S submit, R review (return or accept).
EXPECTED = {
    #                              a1 draft, a1 sent, pa draft, pa sent
    "commune_a1_officer": ("VES", "VES", "", ""),
    "commune_a1_leader": ("VEAS", "VEAS", "", ""),
    "commune_a2_officer": ("", "", "", ""),
    "commune_a2_leader_subtree": ("", "", "", ""),
    "province_a_officer": ("", "VR", "VES", "VES"),
    "province_a_leader_subtree": ("", "VR", "VEAS", "VEAS"),
    "province_b_officer": ("", "", "", ""),
    "central_officer_subtree": ("", "V", "", "VR"),
    "citizen": ("", "", "", ""),
}
LETTERS = {A.VIEW: "V", A.EDIT: "E", A.APPROVE: "A", A.SUBMIT: "S", A.REVIEW: "R"}
CASES = ("a1_draft", "a1_sent", "pa_draft", "pa_sent")


def _user(network, name):
    spec = USERS[name]
    if spec is None:
        return UserFactory()
    body, role, scope = spec
    return user_with(getattr(network, body), role, scope)


def _sent(report):
    Report.objects.filter(pk=report.pk).update(
        state=ReportState.SUBMITTED, first_submitted_at=timezone.now()
    )
    report.refresh_from_db()
    return report


@pytest.fixture
def reports(reporting):
    net = reporting.network
    a1 = Report.objects.get(reporter=net.commune_a1, period=reporting.period)
    pa = Report.objects.get(reporter=net.province_a, period=reporting.period)
    return a1, pa


@pytest.mark.parametrize("action", list(A))
@pytest.mark.parametrize("name", list(USERS))
def test_may_and_reports_for_agree_with_the_matrix(reporting, reports, name, action):
    user = _user(reporting.network, name)
    a1, pa = reports
    found = {}
    for case in CASES:
        if case == "a1_sent":
            _sent(a1)
        if case == "pa_sent":
            _sent(pa)
        report = a1 if case.startswith("a1") else pa
        allowed = access.may(user, report, action)
        listed = access.reports_for(user, action).filter(pk=report.pk).exists()
        assert allowed == listed, (case, allowed, listed)
        found[case] = allowed
    expected = {case: LETTERS[action] in EXPECTED[name][i] for i, case in enumerate(CASES)}
    assert found == expected


@pytest.mark.parametrize("name", list(USERS))
def test_no_one_sees_more_than_the_matrix_in_the_list(reporting, reports, name):
    """The list filter over every report of the period: exactly the reports the matrix
    allows, plus a body's own drafts (commune A2's draft is its own only, not yet the
    province's)."""
    user = _user(reporting.network, name)
    a1, pa = (_sent(r) for r in reports)
    shown = set(access.reports_for(user, A.VIEW).values_list("pk", flat=True))
    wanted = {
        r.pk for r, letters in ((a1, EXPECTED[name][1]), (pa, EXPECTED[name][3])) if "V" in letters
    }
    net = reporting.network
    if name.startswith("commune_a2"):
        wanted.add(Report.objects.get(reporter=net.commune_a2, period=reporting.period).pk)
    if name == "province_b_officer":
        wanted.add(Report.objects.get(reporter=net.province_b, period=reporting.period).pk)
    assert shown == wanted


def test_a_commune_never_sees_another_communes_report_in_any_state(reporting, reports):
    a1, _pa = reports
    others = [
        reporting.other_commune_officer,
        user_with(reporting.network.commune_a2, Role.LEADER, Scope.SUBTREE),
        user_with(reporting.network.commune_b1, Role.OFFICER, Scope.SUBTREE),
    ]
    for state in ReportState.values:
        Report.objects.filter(pk=a1.pk).update(
            state=state, first_submitted_at=None if state == "draft" else timezone.now()
        )
        a1.refresh_from_db()
        for user in others:
            for action in A:
                assert not access.may(user, a1, action), (state, action)
                assert not access.reports_for(user, action).filter(pk=a1.pk).exists()


def test_the_province_sees_a_report_once_sent_reviews_it_and_cannot_edit_it(reporting, reports):
    a1, _pa = reports
    province = reporting.province_officer
    assert not access.may(province, a1)
    filling.fill_platform_figures(report=a1, actor=reporting.commune_officer)
    filling.save_report(
        report=a1,
        actor=reporting.commune_officer,
        figures_typed={"doi_thoai": "2", "co_doi_thoai": "1", "cq_tong": "5", "cq_phan_cong": "5"},
    )
    workflow.approve(report=a1, actor=reporting.commune_leader)
    assert not access.may(province, a1)  # approved, not yet sent
    workflow.submit(report=a1, actor=reporting.commune_officer)
    a1.refresh_from_db()
    assert access.may(province, a1) and access.may(province, a1, A.REVIEW)
    assert not access.may(province, a1, A.EDIT)
    with pytest.raises(PermissionDenied):
        filling.save_report(report=a1, actor=province, figures_typed={"doi_thoai": "9"})
    with pytest.raises(PermissionDenied):
        workflow.approve(report=a1, actor=reporting.province_leader)
    # The province leader of the whole province reviews too; the commune does not.
    assert access.may(reporting.province_leader, a1, A.REVIEW)
    with pytest.raises(PermissionDenied):
        workflow.accept(report=a1, actor=reporting.commune_leader)
    workflow.return_report(
        report=a1, actor=province, comments=[workflow.Comment("Bổ sung số liệu")]
    )
    a1.refresh_from_db()
    # Returned: still visible to the province (it was sent once), editable by the commune.
    assert access.may(province, a1) and a1.state == ReportState.RETURNED
    filling.save_report(
        report=a1, actor=reporting.commune_officer, figures_typed={"doi_thoai": "3"}
    )


@pytest.mark.parametrize("state", [ReportState.SUBMITTED, ReportState.ACCEPTED])
def test_nobody_edits_a_sent_report(reporting, reports, state):
    a1, _pa = reports
    filling.fill_platform_figures(report=a1, actor=reporting.commune_officer)
    filling.save_report(
        report=a1,
        actor=reporting.commune_officer,
        figures_typed={"doi_thoai": "2", "co_doi_thoai": "1", "cq_tong": "5", "cq_phan_cong": "5"},
    )
    workflow.approve(report=a1, actor=reporting.commune_leader)
    workflow.submit(report=a1, actor=reporting.commune_officer)
    if state == ReportState.ACCEPTED:
        workflow.accept(report=a1, actor=reporting.province_officer)
    a1.refresh_from_db()
    before = {v.indicator_id: v.value for v in a1.values.all()}
    for writer in (reporting.commune_officer, reporting.commune_leader):
        with pytest.raises(ValidationError):
            filling.save_report(report=a1, actor=writer, figures_typed={"doi_thoai": "9"})
        with pytest.raises(ValidationError):
            filling.fill_platform_figures(report=a1, actor=writer)
        with pytest.raises(ValidationError):
            filling.fill_from_children(report=a1, actor=writer)
        with pytest.raises(ValidationError):
            filling.attach(
                report=a1,
                actor=writer,
                files=[SimpleUploadedFile("a.pdf", b"%PDF-1.4 x", "application/pdf")],
            )
    with pytest.raises(ValidationError):
        workflow.approve(report=a1, actor=reporting.commune_leader)
    with pytest.raises(ValidationError):
        workflow.submit(report=a1, actor=reporting.commune_officer)
    for outsider in (reporting.province_officer, reporting.other_commune_officer):
        with pytest.raises(PermissionDenied):
            filling.save_report(report=a1, actor=outsider, figures_typed={"doi_thoai": "9"})
    a1.refresh_from_db()
    assert a1.state == state
    assert {v.indicator_id: v.value for v in a1.values.all()} == before
    assert a1.attachments.count() == 0


def test_a_citizen_sees_no_report(reporting, reports):
    citizen = UserFactory()
    for report in reports:
        _sent(report)
    for action in A:
        assert not access.reports_for(citizen, action).exists()
        assert not any(access.may(citizen, r, action) for r in Report.objects.all())
    assert not access.bodies_for(citizen).exists()


# --- Over HTTP -------------------------------------------------------------------------------


def _page(client, user, report_pk):
    client.logout()
    if user is not None:
        sign_in(client, user)
    return client.get(reverse("reports:detail", args=[report_pk]))


def test_the_report_page_refuses_outsiders(reporting, reports, client):
    a1, _pa = reports
    province = reporting.province_officer
    assert _page(client, reporting.commune_officer, a1.pk).status_code == 200
    assert _page(client, reporting.commune_leader, a1.pk).status_code == 200
    assert _page(client, reporting.other_commune_officer, a1.pk).status_code == 403
    assert _page(client, province, a1.pk).status_code == 403  # a draft
    assert _page(client, UserFactory(), a1.pk).status_code == 403  # a citizen
    missing = Report.objects.order_by("-pk").first().pk + 1000
    assert _page(client, reporting.commune_officer, missing).status_code == 404
    anonymous = _page(client, None, a1.pk)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    _sent(a1)
    assert _page(client, province, a1.pk).status_code == 200
    assert _page(client, reporting.province_leader, a1.pk).status_code == 200
    assert _page(client, reporting.other_commune_officer, a1.pk).status_code == 403


def test_a_post_on_a_sent_report_changes_nothing(reporting, reports, client):
    a1, _pa = reports
    _sent(a1)
    url = reverse("reports:detail", args=[a1.pk])
    sign_in(client, reporting.province_officer)
    assert client.post(url, {"action": "save", "fig-doi_thoai": "9"}).status_code == 403
    client.logout()
    sign_in(client, reporting.commune_officer)
    page = client.post(url, {"action": "save", "fig-doi_thoai": "9"})
    assert page.status_code == 200  # the page again, with the refusal as a message
    assert not page.context["editable"]
    assert not a1.values.filter(indicator__code="doi_thoai", value=9).exists()
    a1.refresh_from_db()
    assert a1.state == ReportState.SUBMITTED
