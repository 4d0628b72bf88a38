"""The supervision services: a programme's chain from delegation to a recommendation's
closing, a critique's document and reply, the boards and their reports; bad input is a
ValidationError on the field, a forbidden write a PermissionDenied, and each change is
audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from danvan.participation.models import (
    BoardKind,
    CritiqueForm,
    CritiqueState,
    RecommendationState,
    SupervisionForm,
)
from danvan.participation.services import supervision as services
from tests.upload_samples import pdf_bytes

from .test_supervision_fixtures import *  # noqa: F403 - the fixtures
from .test_supervision_fixtures import TODAY

pytestmark = pytest.mark.django_db


def test_a_recommendation_is_due_the_programmes_number_of_days_after_it_is_sent(
    participating, supervised
) -> None:  # type: ignore[no-untyped-def]
    rec = supervised.rec
    assert supervised.programme.response_days == 30  # the default, a setting (decision 0027)
    assert rec.due_on == dt.date(2026, 12, 20) and rec.state == RecommendationState.SENT
    assert LogEntry.objects.filter(object_id=str(rec.pk)).exists()


def test_the_default_number_of_days_comes_from_a_setting(participating, frozen, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SUPERVISION_RESPONSE_DAYS = 15
    p = participating
    programme = services.create_programme(
        organizer=p.city_front, year=2026, title="T", form="documents", actor=p.city_front_officer
    )
    assert programme.response_days == 15
    rec = services.add_recommendation(
        programme=programme, addressed_to=p.c1, text="K", actor=p.city_front_officer
    )
    assert rec.sent_on == TODAY and rec.due_on == TODAY + dt.timedelta(days=15)


def test_only_a_front_body_conducts_supervision(participating, frozen) -> None:  # type: ignore[no-untyped-def]
    p = participating
    with pytest.raises(PermissionDenied):  # the People's Committee's officer is no Front's
        services.create_programme(
            organizer=p.city, year=2026, title="T", form="documents", actor=p.city_officer
        )
    with pytest.raises(PermissionDenied):  # a commune Front's officer, not the city's
        services.create_programme(
            organizer=p.city_front, year=2026, title="T", form="x", actor=p.c1_front_officer
        )


def test_bad_input_is_reported_beside_each_field(participating, frozen) -> None:  # type: ignore[no-untyped-def]
    p = participating
    with pytest.raises(ValidationError) as caught:
        services.create_programme(
            organizer=p.city_front,
            year=1990,
            title=" ",
            form="nonsense",
            response_days=0,
            actor=p.city_front_officer,
        )
    assert set(caught.value.message_dict) == {"year", "title", "form", "response_days"}


def test_a_due_date_before_sending_is_refused(participating, supervised) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        services.add_recommendation(
            programme=supervised.programme,
            addressed_to=participating.c1,
            text="K",
            sent_on=dt.date(2026, 12, 1),
            due_on=dt.date(2026, 11, 30),
            actor=participating.city_front_officer,
        )
    assert "due_on" in caught.value.message_dict


def test_the_addressed_body_responds_and_the_front_closes(participating, supervised, media) -> None:  # type: ignore[no-untyped-def]
    p, rec = participating, supervised.rec
    with pytest.raises(PermissionDenied):
        services.record_response(
            recommendation=rec, text="Đã xử lý", responded_on=TODAY, actor=p.c2_officer
        )
    letter = SimpleUploadedFile("tra-loi.pdf", pdf_bytes(), content_type="application/pdf")
    response = services.record_response(
        recommendation=rec,
        text="Đã giải quyết 10/12 đơn.",
        responded_on=TODAY,
        file=letter,
        actor=p.c1_officer,
    )
    rec.refresh_from_db()
    assert rec.state == RecommendationState.ANSWERED
    assert response.file_name == "tra-loi.pdf" and response.file_type == "application/pdf"
    with pytest.raises(PermissionDenied):  # the addressed body does not judge its own answer
        services.close_recommendation(recommendation=rec, outcome="done", actor=p.c1_officer)
    services.close_recommendation(
        recommendation=rec, outcome=RecommendationState.DONE, actor=p.city_front_officer
    )
    rec.refresh_from_db()
    assert rec.state == RecommendationState.DONE and rec.closed_on == TODAY
    with pytest.raises(ValidationError):  # closed: no more responses
        services.record_response(
            recommendation=rec, text="Thêm", responded_on=TODAY, actor=p.c1_officer
        )


def test_a_recommendation_awaiting_a_response_cannot_be_closed(participating, supervised) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        services.close_recommendation(
            recommendation=supervised.rec, outcome="done", actor=participating.city_front_officer
        )
    assert "outcome" in caught.value.message_dict


def test_a_response_cannot_be_dated_in_the_future(participating, supervised) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        services.record_response(
            recommendation=supervised.rec,
            text="Đã xử lý",
            responded_on=TODAY + dt.timedelta(days=1),
            actor=participating.c1_officer,
        )
    assert "responded_on" in caught.value.message_dict


def test_a_bad_file_is_refused_on_its_field(participating, supervised, media) -> None:  # type: ignore[no-untyped-def]
    fake = SimpleUploadedFile(
        "tra-loi.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    with pytest.raises(ValidationError) as caught:
        services.record_response(
            recommendation=supervised.rec,
            text="x",
            responded_on=TODAY,
            file=fake,
            actor=participating.c1_officer,
        )
    assert "file" in caught.value.message_dict
    supervised.rec.refresh_from_db()
    assert supervised.rec.state == RecommendationState.SENT


def test_a_critique_is_sent_and_the_drafter_replies(participating, frozen, media) -> None:  # type: ignore[no-untyped-def]
    p = participating
    critique = services.create_critique(
        organizer=p.city_front,
        draft_title="Dự thảo Nghị quyết về chính sách hỗ trợ hộ nghèo",
        drafting_body=p.city,
        form=CritiqueForm.CONFERENCE,
        received_on=dt.date(2026, 11, 1),
        reply_days=20,
        actor=p.city_front_officer,
    )
    assert critique.state == CritiqueState.RECEIVED
    with pytest.raises(ValidationError) as caught:  # the document must be attached
        services.send_critique(
            critique=critique, number="12/BC-MTTQ", sent_on=TODAY, actor=p.city_front_officer
        )
    assert "file" in caught.value.message_dict
    doc = SimpleUploadedFile("phan-bien.pdf", pdf_bytes(), content_type="application/pdf")
    critique = services.send_critique(
        critique=critique,
        number="12/BC-MTTQ",
        sent_on=dt.date(2026, 11, 15),
        file=doc,
        actor=p.city_front_officer,
    )
    assert critique.state == CritiqueState.SENT
    assert critique.reply_due_on == dt.date(2026, 12, 5)
    with pytest.raises(PermissionDenied):
        services.record_critique_reply(
            critique=critique, text="Tiếp thu", replied_on=TODAY, actor=p.c1_officer
        )
    critique = services.record_critique_reply(
        critique=critique, text="Tiếp thu 8/10 ý kiến.", replied_on=TODAY, actor=p.city_officer
    )
    assert critique.state == CritiqueState.REPLIED and critique.reply_on == TODAY


def test_a_board_and_its_report(participating, frozen) -> None:  # type: ignore[no-untyped-def]
    p = participating
    with pytest.raises(ValidationError) as caught:
        services.create_board(
            commune_body=p.c1_front,
            kind=BoardKind.INVESTMENT,
            name="Ban GSĐTCĐ đường thôn 3",
            members="",
            term_from=dt.date(2026, 1, 1),
            term_to=dt.date(2025, 1, 1),
            actor=p.c1_front_officer,
        )
    assert set(caught.value.message_dict) == {"members", "project", "term_to"}
    board = services.create_board(
        commune_body=p.c1_front,
        kind=BoardKind.INSPECTION,
        name="Ban Thanh tra nhân dân",
        members="Trần Thị B — Trưởng ban\nLê Văn C",
        term_from=dt.date(2024, 10, 1),
        term_to=dt.date(2029, 9, 30),
        actor=p.c1_front_officer,
    )
    assert board.member_list == ["Trần Thị B — Trưởng ban", "Lê Văn C"]
    report = services.add_board_report(
        board=board,
        period_from=dt.date(2026, 1, 1),
        period_to=dt.date(2026, 6, 30),
        text="Giám sát 4 cuộc",
        findings_count=3,
        actor=p.c1_front_officer,
    )
    assert report.findings_count == 3
    with pytest.raises(PermissionDenied):  # the city's Front reads, but does not write it
        services.add_board_report(
            board=board,
            period_from=TODAY,
            period_to=TODAY,
            text="x",
            actor=p.city_front_officer,
        )


def test_a_programme_of_documents_needs_no_delegation(participating, frozen) -> None:  # type: ignore[no-untyped-def]
    p = participating
    programme = services.create_programme(
        organizer=p.c1_front,
        year=2026,
        title="T",
        form=SupervisionForm.DOCUMENTS,
        actor=p.c1_front_officer,
    )
    finding = services.add_finding(
        programme=programme, body=p.c1, text="x", found_on=TODAY, actor=p.c1_front_officer
    )
    assert finding.delegation is None
