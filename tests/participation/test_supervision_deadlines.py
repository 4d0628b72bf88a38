"""Deadlines of supervision: what is awaiting a response and what is overdue as the days
pass, grouped by the body addressed; reminders before and after the due date, sent once
however many times the task runs; the tasks are queued after the commit."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail

from danvan.participation import queue_supervision, tasks_supervision
from danvan.participation.models import (
    CritiqueForm,
    RecommendationState,
    ReminderKind,
    SupervisionReminder,
)
from danvan.participation.selectors import supervision as select
from danvan.participation.services import supervision as services
from danvan.participation.services import supervision_reminders as reminders
from tests.upload_samples import pdf_bytes

from .test_supervision_fixtures import *  # noqa: F403 - the fixtures
from .test_supervision_fixtures import make_supervised

pytestmark = pytest.mark.django_db


def _at(day: dt.date):  # type: ignore[no-untyped-def]
    # 09:00 in Hà Nội
    return time_machine.travel(
        dt.datetime(day.year, day.month, day.day, 2, tzinfo=dt.UTC), tick=False
    )


def test_a_recommendation_becomes_overdue_the_day_after_it_is_due(participating, frozen) -> None:  # type: ignore[no-untyped-def]
    p = participating
    s = make_supervised(p)  # sent 20/11/2026, due 20/12/2026
    with _at(dt.date(2026, 12, 20)):
        assert list(select.awaiting(p.city_front_officer)) == [s.rec]
        assert not select.overdue(p.city_front_officer).exists()
    with _at(dt.date(2026, 12, 23)):
        assert list(select.overdue(p.city_front_officer)) == [s.rec]
        assert select.days_overdue(s.rec) == 3
        (row,) = select.overdue_by_body(p.city_front_officer)
        assert (row.body_id, row.count, row.most_days) == (p.c1.pk, 1, 3)
        figures = select.figures(p.city_front_officer)
        assert (figures.awaiting, figures.overdue) == (1, 1)
        # The addressed body sees its own overdue recommendation too; another commune does not.
        assert select.overdue(p.c1_officer).count() == 1
        assert not select.overdue(p.c2_officer).exists()
        services.record_response(
            recommendation=s.rec,
            text="Đã xử lý",
            responded_on=dt.date(2026, 12, 22),
            actor=p.c1_officer,
        )
        assert not select.overdue(p.city_front_officer).exists()
        assert select.figures(p.city_front_officer).answered == 1


def test_a_programmes_progress_and_a_subtrees_counts(participating, frozen) -> None:  # type: ignore[no-untyped-def]
    p = participating
    s = make_supervised(p)
    services.add_recommendation(
        programme=s.programme,
        addressed_to=p.c2,
        text="K2",
        sent_on=dt.date(2026, 10, 1),
        actor=p.city_front_officer,
    )  # due 31/10/2026: overdue today
    progress = select.programme_progress(s.programme)
    assert (progress.total, progress.sent, progress.overdue, progress.responded) == (2, 2, 1, 0)
    assert select.subtree_counts(p.city_front_officer, p.city).total == 2
    assert select.subtree_counts(p.city_front_officer, p.c1).total == 1


def test_reminders_are_sent_once_to_the_addressed_body_then_to_the_front(
    participating, frozen
) -> None:  # type: ignore[no-untyped-def]
    p = participating
    s = make_supervised(p)
    due = s.rec.due_on
    with _at(due - dt.timedelta(days=10)):  # too early: nothing
        assert (
            reminders.remind_recommendation(
                recommendation_id=s.rec.pk, kind=ReminderKind.APPROACHING, due=due
            )
            == 0
        )
    with _at(due - dt.timedelta(days=3)):
        first = reminders.remind_recommendation(
            recommendation_id=s.rec.pk, kind=ReminderKind.APPROACHING, due=due
        )
        again = reminders.remind_recommendation(
            recommendation_id=s.rec.pk, kind=ReminderKind.APPROACHING, due=due
        )
    assert first == 2 and again == 0  # c1's officer and leader, once
    assert {r.user for r in SupervisionReminder.objects.all()} == {p.c1_officer, p.c1_leader}
    with _at(due + dt.timedelta(days=1)):
        assert reminders.sweep() == 4  # overdue: c1's two and the city Front's two
        assert reminders.sweep() == 0
    assert len(mail.outbox) == sum(
        1 for u in (p.c1_officer, p.c1_leader, p.city_front_officer, p.city_front_leader) if u.email
    ) + sum(1 for u in (p.c1_officer, p.c1_leader) if u.email)


def test_an_answered_recommendation_is_not_reminded(participating, frozen) -> None:  # type: ignore[no-untyped-def]
    p = participating
    s = make_supervised(p)
    services.record_response(
        recommendation=s.rec, text="Đã xử lý", responded_on=frozen, actor=p.c1_officer
    )
    with _at(s.rec.due_on + dt.timedelta(days=2)):
        assert reminders.sweep() == 0
        assert (
            reminders.remind_recommendation(
                recommendation_id=s.rec.pk, kind=ReminderKind.OVERDUE, due=s.rec.due_on
            )
            == 0
        )


def test_the_task_is_idempotent(participating, frozen) -> None:  # type: ignore[no-untyped-def]
    p = participating
    s = make_supervised(p)
    due = s.rec.due_on
    with _at(due + dt.timedelta(days=1)):
        args = (s.rec.pk, ReminderKind.OVERDUE, due.isoformat())
        assert tasks_supervision.remind_recommendation.call(*args) == 4
        assert tasks_supervision.remind_recommendation.call(*args) == 0
    assert SupervisionReminder.objects.count() == 4


def test_sending_queues_the_reminders_after_the_commit(
    participating, frozen, monkeypatch, django_capture_on_commit_callbacks, media
) -> None:  # type: ignore[no-untyped-def]
    queued: list[tuple] = []
    monkeypatch.setattr(
        queue_supervision,
        "enqueue",
        lambda path, *a, run_after=None: queued.append((path, a, run_after)),
    )
    p = participating
    with django_capture_on_commit_callbacks(execute=True):
        s = make_supervised(p)
    assert [q[1][1] for q in queued] == [ReminderKind.APPROACHING, ReminderKind.OVERDUE]
    assert all(q[0] == queue_supervision.REMIND_RECOMMENDATION for q in queued)
    assert queued[0][2].date() == s.rec.due_on - dt.timedelta(days=5)
    assert queued[1][2].date() == s.rec.due_on + dt.timedelta(days=1)
    queued.clear()
    critique = services.create_critique(
        organizer=p.city_front,
        draft_title="Dự thảo",
        drafting_body=p.city,
        form=CritiqueForm.WRITTEN,
        received_on=frozen,
        actor=p.city_front_officer,
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    with django_capture_on_commit_callbacks(execute=True):
        services.send_critique(
            critique=critique,
            number="1/BC",
            sent_on=frozen,
            file=SimpleUploadedFile("pb.pdf", pdf_bytes()),
            actor=p.city_front_officer,
        )
    assert [q[0] for q in queued] == [queue_supervision.REMIND_CRITIQUE] * 2


def test_an_overdue_critique_reply_is_reminded_to_the_drafter_and_the_front(
    participating, frozen, media
) -> None:  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    p = participating
    critique = services.create_critique(
        organizer=p.city_front,
        draft_title="Dự thảo",
        drafting_body=p.city,
        form=CritiqueForm.WRITTEN,
        received_on=dt.date(2026, 10, 1),
        reply_days=10,
        actor=p.city_front_officer,
    )
    services.send_critique(
        critique=critique,
        number="1/BC",
        sent_on=dt.date(2026, 10, 2),
        file=SimpleUploadedFile("pb.pdf", pdf_bytes()),
        actor=p.city_front_officer,
    )
    assert select.critiques_overdue(p.city_front_officer).count() == 1
    sent = reminders.sweep()
    users = {r.user for r in SupervisionReminder.objects.filter(critique=critique)}
    assert sent == 4 and users == {
        p.city_officer,
        p.city_leader,
        p.city_front_officer,
        p.city_front_leader,
    }
    assert reminders.sweep() == 0
    assert RecommendationState.SENT  # the enum is importable for the pages
