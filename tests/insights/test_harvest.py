"""The harvest copies new texts from every source once, with their place and week, marks
denunciations and sensitive texts, and brings a matter's later classification over."""

from __future__ import annotations

import pytest

from danvan.cases.models import Case, CaseKind
from danvan.insights.models import HarvestCursor, Text, TextSource
from danvan.insights.services.harvest import harvest, sync_cases
from danvan.lib.dates import week_start
from tests.duplicates.conftest import FLOODING, LAND, make_case

pytestmark = pytest.mark.django_db


def test_new_matters_are_read_once_with_their_place_and_week(network) -> None:  # type: ignore[no-untyped-def]
    first = make_case(network, FLOODING)
    make_case(network, LAND)
    assert harvest(sources=[TextSource.CASE])[TextSource.CASE] == 2
    assert harvest(sources=[TextSource.CASE])[TextSource.CASE] == 0
    text = Text.objects.get(source=TextSource.CASE, source_id=first.pk)
    assert text.unit_id == first.unit_id
    assert text.province_id == first.province_id
    assert text.week == week_start(first.received_at)
    assert "ngập" in text.content and "ngập" in text.words
    assert HarvestCursor.objects.get(source=TextSource.CASE).last_id >= first.pk


def test_a_run_reads_in_batches_and_the_next_goes_on_where_it_stopped(network) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        make_case(network, FLOODING)
    assert harvest(sources=[TextSource.CASE], limit=2)[TextSource.CASE] == 2
    assert harvest(sources=[TextSource.CASE])[TextSource.CASE] == 1
    assert Text.objects.count() == 3


def test_a_classification_made_later_reaches_the_text(network) -> None:  # type: ignore[no-untyped-def]
    case = make_case(network, LAND)
    harvest(sources=[TextSource.CASE])
    text = Text.objects.get(source_id=case.pk)
    assert text.case_kind == CaseKind.UNCLASSIFIED and not text.restricted
    Case.objects.filter(pk=case.pk).update(kind=CaseKind.DENUNCIATION)
    from django.utils import timezone

    assert sync_cases(since=timezone.now() - timezone.timedelta(days=1)) >= 1
    text.refresh_from_db()
    assert text.case_kind == CaseKind.DENUNCIATION and text.restricted


def test_a_letter_about_a_parish_is_counted_only(network) -> None:  # type: ignore[no-untyped-def]
    make_case(
        network, ("Đất của giáo xứ", "Giáo xứ đề nghị trả lại phần đất nhà thờ bị lấn chiếm.")
    )
    harvest(sources=[TextSource.CASE])
    assert Text.objects.get().sensitive


def test_a_question_at_a_dialogue_is_read_with_the_meeting_s_place(network) -> None:  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from danvan.participation.models import MeetingQuestion
    from tests.factories import Role, user_with
    from tests.participation.conftest import announced_dialogue

    host = network.commune_a1_committee
    meeting = announced_dialogue(
        host, user_with(host, Role.LEADER), timezone.now() + timezone.timedelta(days=25)
    )
    question = MeetingQuestion.objects.create(
        meeting=meeting, text="Khi nào sửa cầu treo qua suối?", raised_at=timezone.now()
    )
    assert harvest(sources=[TextSource.MEETING_QUESTION])[TextSource.MEETING_QUESTION] == 1
    text = Text.objects.get(source=TextSource.MEETING_QUESTION, source_id=question.pk)
    assert text.organization_id == host.pk
    assert text.unit_id == meeting.unit_id
    assert text.province_id == network.province_a.province_id


def test_a_situation_report_s_issues_are_read_when_it_is_sent_whatever_their_ids(  # type: ignore[no-untyped-def]
    network,
) -> None:
    from tests.reports.situation_support import add, make_situation, send

    sit = make_situation(network)
    a1, a2 = sit.report(network.commune_a1), sit.report(network.commune_a2)
    written_first = add(a2, sit.other_commune_officer, "Giá điện tăng cao")
    later = add(a1, sit.commune_officer, "Đường liên thôn hỏng", people_affected=40)
    assert harvest(sources=[TextSource.SITUATION_ISSUE])[TextSource.SITUATION_ISSUE] == 0
    send(a1, sit.commune_officer, sit.commune_leader)
    harvest(sources=[TextSource.SITUATION_ISSUE])
    send(a2, sit.other_commune_officer, sit.other_commune_leader)
    harvest(sources=[TextSource.SITUATION_ISSUE])
    read = Text.objects.filter(source=TextSource.SITUATION_ISSUE)
    assert sorted(read.values_list("source_id", flat=True)) == sorted(
        [written_first.pk, later.pk]  # type: ignore[attr-defined]
    )
    text = read.get(source_id=later.pk)  # type: ignore[attr-defined]
    assert text.organization_id == network.commune_a1.pk
    assert text.week == week_start(sit.period.ends_on)
