"""The supervision pages: each opens for those who may and refuses the others; bad input
comes back with status 400 beside the field and changes nothing; a bad upload is refused
on its field; the lists cost a bounded number of queries; the exports open."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from danvan.participation.models import (
    BoardReport,
    Consultation,
    ConsultationState,
    Critique,
    CritiqueState,
    InspectionBoard,
    Recommendation,
    RecommendationState,
    SupervisionProgramme,
)
from danvan.participation.services import consultations as consultation_services
from danvan.participation.services import supervision as services
from tests.factories import sign_in
from tests.upload_samples import pdf_bytes

from .test_supervision_fixtures import *  # noqa: F403 - the fixtures
from .test_supervision_fixtures import TODAY, make_supervised

pytestmark = pytest.mark.django_db

U = "participation:"


def test_the_list_shows_the_programmes_one_covers(client, participating, supervised) -> None:  # type: ignore[no-untyped-def]
    p = participating
    sign_in(client, p.city_leader)
    page = client.get(reverse(U + "supervision_programmes"))
    assert page.status_code == 200 and supervised.programme.title in page.content.decode()
    sign_in(client, p.other_officer)
    page = client.get(reverse(U + "supervision_programmes"))
    assert page.status_code == 200 and supervised.programme.title not in page.content.decode()
    sign_in(client, p.citizen)
    assert client.get(reverse(U + "supervision_programmes")).status_code == 403


def test_the_list_filters_by_year_form_and_words(client, participating, supervised) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, participating.city_front_officer)
    url = reverse(U + "supervision_programmes")
    title = supervised.programme.title
    assert title in client.get(url, {"q": "giai quyet don"}).content.decode()  # no diacritics
    assert title not in client.get(url, {"q": "ngân sách"}).content.decode()
    assert title not in client.get(url, {"form": "documents"}).content.decode()
    assert client.get(url, {"year": "abc"}).status_code == 400


def test_creating_a_programme_and_its_chain_through_the_pages(
    client, participating, frozen
) -> None:  # type: ignore[no-untyped-def]
    p = participating
    sign_in(client, p.city_front_officer)
    new = reverse(U + "supervision_programme_new")
    assert client.get(new).status_code == 200
    bad = client.post(
        new,
        {
            "organizer": p.city_front.pk,
            "year": "2026",
            "title": "",
            "form": "x",
            "response_days": "30",
        },
    )
    assert bad.status_code == 400 and not SupervisionProgramme.objects.exists()
    assert 'aria-invalid="true"' in bad.content.decode()
    done = client.post(
        new,
        {
            "organizer": p.city_front.pk,
            "year": "2026",
            "title": "Giám sát",
            "form": "delegation",
            "plan_date": "01/03/2026",
            "response_days": "30",
        },
    )
    programme = SupervisionProgramme.objects.get()
    assert done.status_code == 302 and programme.plan_date == dt.date(2026, 3, 1)
    url = reverse(U + "supervision_delegation_new", args=[programme.pk])
    bad = client.post(
        url,
        {
            "name": "Đoàn 1",
            "head_name": "A",
            "bodies": [p.c1.pk],
            "starts_on": "10/11/2026",
            "ends_on": "01/11/2026",
        },
    )
    assert bad.status_code == 400 and "ends_on" in bad.context["form"].errors
    assert (
        client.post(
            url,
            {
                "name": "Đoàn 1",
                "head_name": "A",
                "bodies": [p.c1.pk],
                "starts_on": "01/11/2026",
                "ends_on": "10/11/2026",
            },
        ).status_code
        == 302
    )
    url = reverse(U + "supervision_finding_new", args=[programme.pk])
    bad = client.post(url, {"body": p.c1.pk, "text": "x", "found_on": "32/13/2026"})
    assert bad.status_code == 400
    assert (
        client.post(url, {"body": p.c1.pk, "text": "Chậm", "found_on": "05/11/2026"}).status_code
        == 302
    )
    url = reverse(U + "supervision_recommendation_new", args=[programme.pk])
    bad = client.post(
        url, {"addressed_to": p.c1.pk, "text": "K", "sent_on": "05/12/2026", "due_on": "01/12/2026"}
    )
    assert bad.status_code == 400 and "due_on" in bad.context["form"].errors
    assert (
        client.post(
            url, {"addressed_to": p.c1.pk, "text": "K", "sent_on": "05/12/2026"}
        ).status_code
        == 302
    )
    assert Recommendation.objects.get().due_on == dt.date(2027, 1, 4)
    page = client.get(reverse(U + "supervision_programme", args=[programme.pk]))
    assert page.status_code == 200 and "Chậm" in page.content.decode()


def test_others_cannot_add_to_a_programme(client, participating, supervised) -> None:  # type: ignore[no-untyped-def]
    p, pk = participating, supervised.programme.pk
    sign_in(client, p.city_leader)  # reads it, manages nothing
    assert client.get(reverse(U + "supervision_programme", args=[pk])).status_code == 200
    assert client.get(reverse(U + "supervision_delegation_new", args=[pk])).status_code == 403
    sign_in(client, p.other_officer)
    assert client.get(reverse(U + "supervision_programme", args=[pk])).status_code == 403
    assert client.get(reverse(U + "supervision_programme", args=[99999])).status_code == 404


def test_the_addressed_body_responds_on_the_page(client, participating, supervised, media) -> None:  # type: ignore[no-untyped-def]
    p, rec = participating, supervised.rec
    url = reverse(U + "supervision_recommendation", args=[rec.pk])
    sign_in(client, p.c2_officer)
    assert client.get(url).status_code == 403
    sign_in(client, p.c1_officer)
    page = client.get(url)
    assert page.status_code == 200 and "r-text" in page.content.decode()
    assert supervised.programme.title in page.content.decode()
    bad = client.post(url, {"action": "respond", "r-text": "", "r-responded_on": "05/12/2026"})
    assert bad.status_code == 400 and bad.context["response_form"].errors["text"]
    fake = SimpleUploadedFile("tra-loi.pdf", b"MZ not a pdf at all", content_type="application/pdf")
    bad = client.post(
        url,
        {"action": "respond", "r-text": "Đã xử lý", "r-responded_on": "05/12/2026", "r-file": fake},
    )
    assert bad.status_code == 400 and bad.context["response_form"].errors["file"]
    rec.refresh_from_db()
    assert rec.state == RecommendationState.SENT and not rec.responses.exists()
    letter = SimpleUploadedFile("tra-loi.pdf", pdf_bytes(), content_type="application/pdf")
    done = client.post(
        url,
        {
            "action": "respond",
            "r-text": "Đã xử lý",
            "r-responded_on": "05/12/2026",
            "r-file": letter,
        },
    )
    assert done.status_code == 302
    rec.refresh_from_db()
    assert rec.state == RecommendationState.ANSWERED
    response = rec.responses.get()
    got = client.get(reverse(U + "supervision_file", args=["response", response.pk]))
    assert got.status_code == 200 and b"".join(got.streaming_content).startswith(b"%PDF")
    assert client.post(url, {"action": "close", "c-outcome": "done"}).status_code == 403
    sign_in(client, p.other_officer)
    assert (
        client.get(reverse(U + "supervision_file", args=["response", response.pk])).status_code
        == 403
    )
    sign_in(client, p.city_front_officer)
    assert client.post(url, {"action": "close", "c-outcome": "maybe"}).status_code == 400
    assert client.post(url, {"action": "close", "c-outcome": "done"}).status_code == 302
    rec.refresh_from_db()
    assert rec.state == RecommendationState.DONE
    assert client.post(url, {"action": "nonsense"}).status_code == 400


def test_awaiting_and_overdue_lists(
    client, participating, frozen, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    p = participating
    s = make_supervised(p)
    for i in range(6):
        services.add_recommendation(
            programme=s.programme,
            addressed_to=p.c2 if i % 2 else p.c1,
            text=f"Quá hạn {i}",
            sent_on=dt.date(2026, 10, 1),
            actor=p.city_front_officer,
        )
    sign_in(client, p.city_front_officer)
    with django_assert_max_num_queries(20):
        page = client.get(reverse(U + "supervision_overdue"))
    text = page.content.decode()
    assert page.status_code == 200 and "Quá hạn 5" in text and s.rec.text not in text
    assert page.context["by_body"][0].count == 3
    with django_assert_max_num_queries(20):
        page = client.get(reverse(U + "supervision_awaiting"))
    assert s.rec.text in page.content.decode()
    with django_assert_max_num_queries(20):
        assert client.get(reverse(U + "supervision_programmes")).status_code == 200
    with django_assert_max_num_queries(24):
        assert (
            client.get(reverse(U + "supervision_programme", args=[s.programme.pk])).status_code
            == 200
        )


def test_the_exports(client, participating, supervised) -> None:  # type: ignore[no-untyped-def]
    p = participating
    services.record_response(
        recommendation=supervised.rec,
        text='=HYPERLINK("x")',
        responded_on=TODAY,
        actor=p.c1_officer,
    )
    sign_in(client, p.city_front_officer)
    got = client.get(reverse(U + "supervision_programme_xlsx", args=[supervised.programme.pk]))
    assert got.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(got.streaming_content))).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert supervised.rec.text in values
    assert not any(isinstance(v, str) and v.startswith("=") for v in values)  # escaped
    got = client.get(reverse(U + "supervision_programme_docx", args=[supervised.programme.pk]))
    assert got.status_code == 200
    document = Document(io.BytesIO(got.content))
    text = "\n".join(par.text for par in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert supervised.finding.text in text and supervised.rec.text in cells
    assert zipfile.is_zipfile(io.BytesIO(got.content))
    got = client.get(reverse(U + "supervision_recommendations_xlsx"), {"overdue": "1"})
    assert got.status_code == 200
    sign_in(client, p.other_officer)
    assert (
        client.get(
            reverse(U + "supervision_programme_docx", args=[supervised.programme.pk])
        ).status_code
        == 403
    )


def test_critique_pages(client, participating, frozen, media) -> None:  # type: ignore[no-untyped-def]
    p = participating
    sign_in(client, p.city_front_officer)
    new = reverse(U + "supervision_critique_new")
    bad = client.post(
        new,
        {
            "organizer": p.city_front.pk,
            "draft_title": "",
            "drafting_body": p.city.pk,
            "form": "written",
            "received_on": "01/11/2026",
            "reply_days": "30",
        },
    )
    assert bad.status_code == 400 and not Critique.objects.exists()
    assert (
        client.post(
            new,
            {
                "organizer": p.city_front.pk,
                "draft_title": "Dự thảo NQ",
                "drafting_body": p.city.pk,
                "form": "written",
                "received_on": "01/11/2026",
                "reply_days": "30",
            },
        ).status_code
        == 302
    )
    c = Critique.objects.get()
    url = reverse(U + "supervision_critique", args=[c.pk])
    bad = client.post(url, {"action": "send", "s-number": "5/BC", "s-sent_on": "02/11/2026"})
    assert bad.status_code == 400 and bad.context["send_form"].errors["file"]
    doc = SimpleUploadedFile("pb.pdf", pdf_bytes(), content_type="application/pdf")
    assert (
        client.post(
            url, {"action": "send", "s-number": "5/BC", "s-sent_on": "02/11/2026", "s-file": doc}
        ).status_code
        == 302
    )
    sign_in(client, p.city_officer)  # the drafting body replies
    assert client.get(reverse(U + "supervision_critiques")).status_code == 200
    assert (
        client.post(
            url, {"action": "reply", "r-text": "Tiếp thu", "r-replied_on": "04/12/2026"}
        ).status_code
        == 302
    )
    c.refresh_from_db()
    assert c.state == CritiqueState.REPLIED
    sign_in(client, p.c2_officer)
    assert client.get(url).status_code == 403


def _consultation(body, actor, title: str) -> Consultation:  # type: ignore[no-untyped-def]
    return consultation_services.create_consultation(
        body=body,
        title=title,
        opens_on=TODAY,
        closes_on=TODAY + dt.timedelta(days=30),
        actor=actor,
    )


def test_a_critique_links_the_consultation_on_the_same_draft(client, participating, frozen) -> None:  # type: ignore[no-untyped-def]
    """The critique form offers the consultations the officer reads, of the drafting body;
    the critique page links the consultation and, once published, its synthesis."""
    p = participating
    city_draft = _consultation(p.city, p.city_officer, "Dự thảo Nghị quyết về chợ dân sinh")
    c1_draft = _consultation(p.c1, p.c1_officer, "Dự thảo Quy chế dân chủ của xã")
    new = reverse(U + "supervision_critique_new")
    fields = {
        "organizer": p.city_front.pk,
        "draft_title": "Dự thảo Nghị quyết về chợ dân sinh",
        "drafting_body": p.city.pk,
        "form": "written",
        "received_on": "01/11/2026",
        "reply_days": "30",
    }
    # The Front's officer with a unit grant reads no consultation of the People's Committee.
    sign_in(client, p.city_front_officer)
    assert city_draft.title not in client.get(new).content.decode()
    refused = client.post(new, {**fields, "consultation": city_draft.pk})
    assert refused.status_code == 400 and "consultation" in refused.context["form"].errors
    # Its leader, whose grant covers Hà Nội, reads both; only the drafting body's is accepted.
    sign_in(client, p.city_front_leader)
    html = client.get(new).content.decode()
    assert city_draft.title in html and c1_draft.title in html
    wrong = client.post(new, {**fields, "consultation": c1_draft.pk})
    assert wrong.status_code == 400 and "consultation" in wrong.context["form"].errors
    assert not Critique.objects.exists()
    assert client.post(new, {**fields, "consultation": city_draft.pk}).status_code == 302
    critique = Critique.objects.get()
    assert critique.consultation == city_draft
    url = reverse(U + "supervision_critique", args=[critique.pk])
    html = client.get(url).content.decode()
    assert reverse(U + "consultation", args=[city_draft.pk]) in html
    synthesis = reverse("participation_public:synthesis", args=[city_draft.pk])
    assert synthesis not in html
    Consultation.objects.filter(pk=city_draft.pk).update(state=ConsultationState.PUBLISHED)
    assert synthesis in client.get(url).content.decode()
    # The drafting body's officer sees the link too (their own consultation).
    sign_in(client, p.city_officer)
    assert synthesis in client.get(url).content.decode()


def test_a_recorded_critique_links_its_consultation_later(client, participating, frozen) -> None:  # type: ignore[no-untyped-def]
    p = participating
    city_draft = _consultation(p.city, p.city_officer, "Dự thảo Nghị quyết về chợ dân sinh")
    c1_draft = _consultation(p.c1, p.c1_officer, "Dự thảo Quy chế dân chủ của xã")
    critique = services.create_critique(
        organizer=p.city_front,
        draft_title="Dự thảo Nghị quyết về chợ dân sinh",
        drafting_body=p.city,
        form="written",
        received_on=dt.date(2026, 11, 1),
        actor=p.city_front_leader,
    )
    url = reverse(U + "supervision_critique", args=[critique.pk])
    sign_in(client, p.city_officer)  # the drafting body replies, does not link
    assert 'data-testid="link-consultation"' not in client.get(url).content.decode()
    assert client.post(url, {"action": "link", "l-consultation": city_draft.pk}).status_code == 403
    sign_in(client, p.city_front_leader)
    html = client.get(url).content.decode()
    assert 'data-testid="link-consultation"' in html and city_draft.title in html
    assert c1_draft.title not in html  # only the drafting body's consultations are offered
    bad = client.post(url, {"action": "link", "l-consultation": c1_draft.pk})
    assert bad.status_code == 400
    critique.refresh_from_db()
    assert critique.consultation is None
    assert client.post(url, {"action": "link", "l-consultation": city_draft.pk}).status_code == 302
    critique.refresh_from_db()
    assert critique.consultation == city_draft
    assert reverse(U + "consultation", args=[city_draft.pk]) in client.get(url).content.decode()
    assert client.post(url, {"action": "link", "l-consultation": ""}).status_code == 302
    critique.refresh_from_db()
    assert critique.consultation is None


def test_the_critique_service_checks_the_consultation(participating, frozen) -> None:  # type: ignore[no-untyped-def]
    p = participating
    city_draft = _consultation(p.city, p.city_officer, "Dự thảo A")
    c1_draft = _consultation(p.c1, p.c1_officer, "Dự thảo B")
    common = {
        "organizer": p.city_front,
        "draft_title": "Dự thảo A",
        "drafting_body": p.city,
        "form": "written",
        "received_on": dt.date(2026, 11, 1),
    }
    with pytest.raises(ValidationError) as unread:
        services.create_critique(**common, consultation=city_draft, actor=p.city_front_officer)
    assert "consultation" in unread.value.message_dict
    with pytest.raises(ValidationError) as other_body:
        services.create_critique(**common, consultation=c1_draft, actor=p.city_front_leader)
    assert "consultation" in other_body.value.message_dict
    critique = services.create_critique(
        **common, consultation=city_draft, actor=p.city_front_leader
    )
    assert critique.consultation == city_draft


def test_board_pages(client, participating, frozen, media) -> None:  # type: ignore[no-untyped-def]
    p = participating
    sign_in(client, p.c1_front_officer)
    new = reverse(U + "supervision_board_new")
    bad = client.post(
        new,
        {
            "commune_body": p.c1_front.pk,
            "kind": "inspection",
            "name": "Ban TTND",
            "members": "",
            "term_from": "01/10/2024",
            "term_to": "30/09/2029",
        },
    )
    assert bad.status_code == 400
    assert (
        client.post(
            new,
            {
                "commune_body": p.c1_front.pk,
                "kind": "inspection",
                "name": "Ban TTND",
                "members": "A\nB",
                "term_from": "01/10/2024",
                "term_to": "30/09/2029",
            },
        ).status_code
        == 302
    )
    board = InspectionBoard.objects.get()
    url = reverse(U + "supervision_board", args=[board.pk])
    bad = client.post(
        url,
        {
            "period_from": "01/07/2026",
            "period_to": "30/06/2026",
            "text": "x",
            "findings_count": "1",
        },
    )
    assert bad.status_code == 400 and not BoardReport.objects.exists()
    report = SimpleUploadedFile("bc.pdf", pdf_bytes(), content_type="application/pdf")
    assert (
        client.post(
            url,
            {
                "period_from": "01/01/2026",
                "period_to": "30/06/2026",
                "text": "Đã giám sát",
                "findings_count": "2",
                "file": report,
            },
        ).status_code
        == 302
    )
    sign_in(client, p.city_leader)
    page = client.get(url)
    assert page.status_code == 200 and "Đã giám sát" in page.content.decode()
    assert (
        client.post(
            url,
            {
                "period_from": "01/01/2026",
                "period_to": "30/06/2026",
                "text": "x",
                "findings_count": "0",
            },
        ).status_code
        == 403
    )
    assert client.get(reverse(U + "supervision_boards")).status_code == 200


def test_a_delegation_moves_on(client, participating, supervised) -> None:  # type: ignore[no-untyped-def]
    p, d = participating, supervised.delegation
    url = reverse(U + "supervision_delegation_state", args=[d.pk])
    sign_in(client, p.city_leader)  # reads, does not manage
    assert client.post(url, {"state": "under_way"}).status_code == 403
    sign_in(client, p.city_front_officer)
    assert client.get(url).status_code == 405
    assert client.post(url, {"state": "nonsense"}).status_code == 400
    assert client.post(url, {"state": "reported"}).status_code == 302
    d.refresh_from_db()
    assert d.state == "reported"
