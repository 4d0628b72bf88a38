"""The directives pages: each opens for those who may and refuses the others, a form with
bad input comes back with status 400 and changes nothing, a repeated submission does no
harm, and the lists cost a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils.translation import gettext

from danvan.directives.models import CascadeRule, Document, Duty, StudySession
from danvan.directives.services import cascade as services
from danvan.org.models import OrganizationKind
from danvan.org.models.organizations import OrganizationLevel
from tests.factories import UserFactory, sign_in

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 4, 10, 3, tzinfo=dt.UTC)


@pytest.fixture
def cascaded(directing):  # type: ignore[no-untyped-def]
    d = directing
    services.cascade(
        document=d.directive,
        issuer=d.central,
        rule=CascadeRule.BELOW,
        kinds=[OrganizationKind.PARTY_COMMITTEE],
        level=OrganizationLevel.PROVINCE,
        study_due=dt.date(2026, 3, 15),
        plan_due=dt.date(2026, 4, 30),
        on=dt.date(2026, 1, 26),
    )
    return Duty.objects.get(document=d.directive, body=d.hanoi_committee)


def test_the_registry_lists_and_finds_without_diacritics(client, directing) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, directing.a1_officer)
    page = client.get(reverse("directives:registry"), {"q": "chi thi 49"})
    assert page.status_code == 200
    assert "236-KL/TW" in page.content.decode()
    page = client.get(reverse("directives:registry"), {"q": "khong ton tai"})
    assert "236-KL/TW" not in page.content.decode()


def test_a_citizen_is_refused_the_staff_pages(client, directing) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, UserFactory())
    assert client.get(reverse("directives:registry")).status_code == 403
    assert (
        client.get(reverse("directives:document", args=[directing.directive.pk])).status_code == 403
    )


def test_registering_with_a_bad_symbol_answers_400_and_saves_nothing(client, directing) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, directing.central_officer)
    before = Document.objects.count()
    page = client.post(
        reverse("directives:document_new"),
        {
            "registrar": directing.central.pk,
            "symbol": "12/12",
            "signed_on": "05/03/2020",
            "summary": "Về công tác văn thư",
            "issuer_name": "Chính phủ",
        },
    )
    assert page.status_code == 400
    assert Document.objects.count() == before


def test_registering_a_document_with_pasted_text(client, directing) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, directing.central_officer)
    page = client.post(
        reverse("directives:document_new"),
        {
            "registrar": directing.central.pk,
            "symbol": "30/2020/NĐ-CP",
            "signed_on": "05/03/2020",
            "summary": "Về công tác văn thư",
            "issuer_name": "Chính phủ",
            "text": "Văn bản hành chính được trình bày trên khổ giấy A4.",
        },
    )
    assert page.status_code == 302
    document = Document.objects.get(symbol="30/2020/NĐ-CP")
    assert document.kind == "decree" and "kho giay a4" in document.text_folded


def test_the_cascade_form_names_the_bodies_and_opens_the_matrix(client, directing) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, directing.central_officer)
    with time_machine.travel(dt.datetime(2026, 1, 26, 3, tzinfo=dt.UTC)):
        page = client.post(
            reverse("directives:cascade", args=[directing.directive.pk]),
            {
                "issuer": directing.central.pk,
                "rule": CascadeRule.BELOW,
                "organization_kinds": [OrganizationKind.PARTY_COMMITTEE],
                "level": OrganizationLevel.PROVINCE,
                "requires_study": "on",
                "study_due": "15/03/2026",
                "requires_plan": "on",
                "plan_due": "31/03/2026",
            },
        )
        assert page.status_code == 302
        matrix = client.get(page["Location"])
    assert Duty.objects.filter(document=directing.directive).count() == 2
    assert matrix.status_code == 200
    assert directing.hanoi.name in matrix.content.decode()


def test_the_cascade_form_without_due_dates_answers_400(client, directing) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, directing.central_officer)
    page = client.post(
        reverse("directives:cascade", args=[directing.directive.pk]),
        {"issuer": directing.central.pk, "rule": CascadeRule.CHILDREN, "requires_study": "on"},
    )
    assert page.status_code == 400
    assert not Duty.objects.exists()


def test_a_province_leader_cannot_cascade_from_the_centre(client, directing) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, directing.hanoi_leader)
    page = client.post(
        reverse("directives:cascade", args=[directing.directive.pk]),
        {
            "issuer": directing.central.pk,
            "rule": CascadeRule.CHILDREN,
            "requires_study": "on",
            "study_due": "15/12/2026",
        },
    )
    assert page.status_code == 400  # the centre is not among the bodies offered
    assert not Duty.objects.exists()


def test_recording_a_study_session_on_the_duty_page(client, directing, cascaded) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, directing.hanoi_officer)
    url = reverse("directives:study", args=[cascaded.pk])
    with time_machine.travel(NOW):
        bad = client.post(url, {"held_on": "10/03/2026", "form": "in_person", "attendees": "0"})
        assert bad.status_code == 400
        data = {
            "held_on": "10/03/2026",
            "form": "in_person",
            "attendees": "120",
            "place": "Hội trường",
        }
        assert client.post(url, data).status_code == 302
        assert client.post(url, data).status_code == 302  # the same request again
    assert StudySession.objects.count() == 1
    cascaded.refresh_from_db()
    assert cascaded.studied_on == dt.date(2026, 3, 10)
    with time_machine.travel(NOW):
        page = client.get(reverse("directives:duty", args=[cascaded.pk]))
    assert gettext("Done on time") in page.content.decode()


def test_another_bodys_officer_cannot_open_the_study_form(client, directing, cascaded) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, directing.tq_officer)
    assert client.get(reverse("directives:study", args=[cascaded.pk])).status_code == 403
    sign_in(client, directing.a1_officer)
    assert client.get(reverse("directives:duty", args=[cascaded.pk])).status_code == 403


def test_registering_the_plan_fills_the_duty(client, directing, cascaded) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, directing.hanoi_officer)
    page = client.post(
        reverse("directives:plan", args=[cascaded.pk]),
        {
            "symbol": "135-KH/TU",
            "kind": "plan",
            "signed_on": "01/04/2026",
            "summary": "Kế hoạch thực hiện Kết luận 236-KL/TW",
        },
    )
    assert page.status_code == 302, page.content.decode()[:2000]
    cascaded.refresh_from_db()
    assert cascaded.plan is not None and cascaded.plan.symbol == "135-KH/TU"


def test_my_duties_lists_the_bodys_duties(client, directing, cascaded) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, directing.hanoi_officer)
    with time_machine.travel(NOW):
        page = client.get(reverse("directives:duties"))
    body = page.content.decode()
    assert page.status_code == 200
    assert "236-KL/TW" in body and gettext("Not yet, past due") in body


def test_the_matrix_page_drills_down_and_costs_a_fixed_number_of_queries(  # type: ignore[no-untyped-def]
    client, directing, cascaded, django_assert_max_num_queries
) -> None:
    sign_in(client, directing.central_officer)
    url = reverse("directives:compliance", args=[directing.directive.pk])
    client.get(url)
    with django_assert_max_num_queries(14):
        page = client.get(url, {"on": "01/04/2026"})
    assert page.status_code == 200
    drill = client.get(url, {"province": directing.hanoi.pk, "on": "01/04/2026"})
    assert drill.status_code == 200 and directing.hanoi_committee.name in drill.content.decode()
    assert client.get(url, {"province": "999999"}).status_code == 404


def test_finding_documents_in_a_pasted_text(client, directing) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, directing.a1_officer)
    text = (
        "Thực hiện Kết luận số 236-KL/TW ngày 15/01/2026 của Ban Bí thư và Chỉ thị số 35-CT/TW "
        "ngày 26/5/2014 của Bộ Chính trị, 12/12 xã, phường đã tổ chức quán triệt."
    )
    page = client.post(reverse("directives:find"), {"text": text})
    body = page.content.decode()
    assert page.status_code == 200
    assert reverse("directives:document", args=[directing.directive.pk]) in body
    assert "35-CT/TW" in body and "symbol=35-CT/TW" in body.replace("%2D", "-").replace("%2F", "/")
    assert "12/12" in body
    assert client.post(reverse("directives:find"), {"text": " "}).status_code == 400
