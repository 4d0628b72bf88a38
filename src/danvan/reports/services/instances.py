"""Opening each period's reports for every obligation in force, and reminding the bodies
whose reports are nearly due. Both run from the worker every hour and may run twice."""

from __future__ import annotations

import datetime as dt

from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.models import User
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
    ReportTemplate,
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
    made = 0
    for schedule in schedules:
        made += _open(schedule.template, period, due_on(period, schedule))
    return made


def _open(template: ReportTemplate, period: ReportingPeriod, due: dt.date) -> int:
    """The period's reports of the template's obligations in force on its last day, due on
    `due`; those already open are left alone."""
    version = version_for(template, period)
    if version is None:
        return 0
    obligations = (
        Obligation.objects.filter(template=template)
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
            due_on=due,
        )
        for o in obligations
    ]
    created = Report.objects.bulk_create(reports, batch_size=1000)
    now = timezone.now()
    ReportEvent.objects.bulk_create(
        [ReportEvent(report=r, kind=EventKind.OPENED, at=now) for r in created], batch_size=1000
    )
    return len(created)


@transaction.atomic
def request_ad_hoc(
    *,
    template: ReportTemplate,
    label: str,
    starts_on: dt.date,
    ends_on: dt.date,
    due: dt.date,
    actor: User | None = None,
) -> tuple[ReportingPeriod, int]:
    """An ad hoc report (báo cáo đột xuất) on the template from every body that reports on
    it: a period of its own dates, due on the day asked. Returns the period and how many
    reports were opened."""
    if actor is not None and not actor.has_perm("reports.change_reporttemplate", template):
        raise PermissionDenied(_("You may not do this."))
    errors: dict[str, str] = {}
    if not label.strip():
        errors["label"] = _("Say what the report is about.")
    if ends_on < starts_on:
        errors["ends_on"] = _("The period ends before it starts.")
    if due < today():
        errors["due"] = _("The due date has passed.")
    elif due < starts_on:
        errors["due"] = _("The report cannot fall due before its figures start.")
    if errors:
        raise ValidationError(errors)
    period = periods.create_ad_hoc_period(label=label.strip(), starts_on=starts_on, ends_on=ends_on)
    if version_for(template, period) is None:
        raise ValidationError(
            {"ends_on": _("No published version of the template applies to a period ending then.")}
        )
    made = _open(template, period, due)
    if actor is not None:
        LogEntry.objects.log_actions(
            actor.pk,
            [template],
            CHANGE,
            change_message=_("Ad hoc report “%(label)s” asked of %(n)s bodies, due %(day)s.")
            % {"label": period.label, "n": made, "day": due.strftime("%d/%m/%Y")},
            single_object=True,
        )
    return period, made


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
