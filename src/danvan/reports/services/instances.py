"""Opening each period's reports for every obligation in force, and reminding the bodies
whose reports are nearly due. Both run from the worker every hour and may run twice."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from danvan.lib.dates import today
from danvan.org.models.validity import valid_on

from ..models import (
    EventKind,
    Obligation,
    Report,
    ReportEvent,
    ReportingPeriod,
    ReportSchedule,
    ReportState,
)
from . import periods
from .templates import version_for


def due_on(period: ReportingPeriod, schedule: ReportSchedule | None) -> dt.date:
    return period.ends_on + dt.timedelta(days=schedule.due_days if schedule else 5)


@transaction.atomic
def open_reports(*, period: ReportingPeriod, template_ids: list[int] | None = None) -> int:
    """The period's reports of every obligation in force on its last day, for the templates
    reported for its kind; those already open are left alone. Returns how many were made."""
    schedules = ReportSchedule.objects.filter(
        period_kind=period.kind, template__active=True
    ).select_related("template")
    if template_ids is not None:
        schedules = schedules.filter(template_id__in=template_ids)
    now = timezone.now()
    made = 0
    for schedule in schedules:
        version = version_for(schedule.template, period)
        if version is None:
            continue
        obligations = (
            Obligation.objects.filter(template=schedule.template)
            .filter(valid_on(period.ends_on))
            .exclude(reports__period=period)
            .select_related("reporter")
        )
        reports = [
            Report(
                obligation=o,
                period=period,
                version=version,
                template_id=o.template_id,
                reporter_id=o.reporter_id,
                receiver_id=o.receiver_id,
                province_id=o.reporter.province_id,
                due_on=due_on(period, schedule),
            )
            for o in obligations
        ]
        created = Report.objects.bulk_create(reports, batch_size=1000)
        ReportEvent.objects.bulk_create(
            [ReportEvent(report=r, kind=EventKind.OPENED, at=now) for r in created],
            batch_size=1000,
        )
        made += len(created)
    return made


def open_current(*, on: dt.date | None = None) -> int:
    """Open the reports of every period under way on `on` (officers fill them as the period
    runs) for every kind of period some template is reported for."""
    day = on or today()
    made = 0
    kinds = set(
        ReportSchedule.objects.filter(template__active=True).values_list("period_kind", flat=True)
    )
    for kind in sorted(kinds):
        for year, number in periods.numbers_containing(kind, day):
            made += open_reports(period=periods.ensure_period(kind=kind, year=year, number=number))
    return made


def remind(*, on: dt.date | None = None) -> list[Report]:
    """Reports not yet sent that fall due within their schedule's reminder days: each
    reminded once (an event on the report; the notice itself is the board's and the
    dashboard's "due soon")."""
    day = on or today()
    waiting = Report.objects.filter(
        state__in=(ReportState.DRAFT, ReportState.APPROVED, ReportState.RETURNED),
        reminded_on__isnull=True,
        due_on__gte=day,
        due_on__lte=day + dt.timedelta(days=30),
    ).select_related("template")
    schedules = {
        (s.template_id, s.period_kind): s.remind_days for s in ReportSchedule.objects.all()
    }
    due = [
        r
        for r in waiting.select_related("period")
        if (r.due_on - day).days <= schedules.get((r.template_id, r.period.kind), 3)
    ]
    now = timezone.now()
    with transaction.atomic():
        Report.objects.filter(pk__in=[r.pk for r in due]).update(reminded_on=day)
        ReportEvent.objects.bulk_create(
            [ReportEvent(report=r, kind=EventKind.REMINDED, at=now) for r in due]
        )
    return due
