"""Filling the table of issues in a report on the people's situation: the rows the reporting
body adds, corrects and removes while the report is being written, the rows a consolidating
body brings up from the reports it received (each pointing to its origin) and merges.

Every write locks the report row, refuses a report that has been sent (as the other report
writes do), leaves a step in the report's history, and takes a leader's approval back."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.models import User
from danvan.org.models import AdminUnit

from .. import access
from ..models import (
    SEVERITY_ORDER,
    EventKind,
    Report,
    ReportEvent,
    ReportState,
    Severity,
    SituationIssue,
    Trend,
)
from .editing import editable as _editable
from .editing import fresh as _fresh

# The merged row's trend: the most worrying of its rows'.
TREND_ORDER = [Trend.RISING, Trend.NEW, Trend.STABLE, Trend.FALLING]
MAX_PEOPLE = 100_000_000


@dataclass(frozen=True)
class IssueFields:
    topic: str
    place: AdminUnit | None = None
    people_affected: int | None = None
    severity: str = Severity.MEDIUM
    trend: str = Trend.NEW
    handling: str = ""
    details: str = ""


def _require(actor: User | None, report: Report) -> None:
    if actor is not None and not access.may(actor, report, access.Action.EDIT):
        raise PermissionDenied(_("You may not do this."))


def has_issue_table(report: Report) -> bool:
    return report.version.sections.filter(issue_table=True).exists()


def place_allowed(report: Report, place: AdminUnit | None) -> bool:
    """A place in the reporting body's territory: its unit or a unit below it (anywhere
    for a body without a unit, such as a central one)."""
    if place is None:
        return True
    own = {report.reporter.unit_id, report.reporter.current_unit_id} - {None}
    if not own:
        return True
    return bool(own & {place.pk, place.parent_id, place.province_id})


def _checked(report: Report, fields: IssueFields) -> IssueFields:
    errors: dict[str, str] = {}
    topic = fields.topic.strip()
    if not topic:
        errors["topic"] = _("Say what the issue is.")
    elif len(topic) > 255:
        errors["topic"] = _("Keep the issue to 255 characters; put the rest in the details.")
    if fields.severity not in Severity.values:
        errors["severity"] = _("Choose a severity from the list.")
    if fields.trend not in Trend.values:
        errors["trend"] = _("Choose a trend from the list.")
    people = fields.people_affected
    if people is not None and not 0 <= people <= MAX_PEOPLE:
        errors["people_affected"] = _("Give a number of people from 0 to 100,000,000.")
    if not place_allowed(report, fields.place):
        errors["place"] = _("Choose a place in the body's own area.")
    if errors:
        raise ValidationError(errors)
    return IssueFields(
        topic=topic,
        place=fields.place,
        people_affected=people,
        severity=fields.severity,
        trend=fields.trend,
        handling=fields.handling.strip(),
        details=fields.details.strip(),
    )


def _edited(report: Report, actor: User | None, note: str) -> None:
    """The step in the report's history, and, as for every edit, the leader's approval
    taken back: what they approved has changed."""
    ReportEvent.objects.create(
        report=report, kind=EventKind.EDITED, at=timezone.now(), actor=actor, note=note
    )
    if report.state == ReportState.APPROVED:
        report.state, report.approved_by = ReportState.DRAFT, None
        report.save(update_fields=["state", "approved_by", "updated_at"])


def _next_position(report: Report) -> int:
    return (report.situation_issues.aggregate(m=Max("position"))["m"] or 0) + 1


def _ready(report: Report, actor: User | None) -> Report:
    report = _fresh(report)
    _require(actor, report)
    _editable(report)
    if not has_issue_table(report):
        raise ValidationError(_("This report's template has no table of issues."))
    return report


@transaction.atomic
def add_issue(
    *,
    report: Report,
    actor: User | None,
    fields: IssueFields,
    token: uuid.UUID | None = None,
) -> SituationIssue:
    """A new row at the end of the table. `token` is the add form's: the same form sent
    twice (a double click, a resent request) adds the row once and returns it."""
    report = _ready(report, actor)
    if token is not None:
        done = report.situation_issues.filter(token=token).first()
        if done is not None:
            return done
    clean = _checked(report, fields)
    issue = SituationIssue.objects.create(
        report=report,
        position=_next_position(report),
        token=token,
        topic=clean.topic,
        place=clean.place,
        people_affected=clean.people_affected,
        severity=clean.severity,
        trend=clean.trend,
        handling=clean.handling,
        details=clean.details,
    )
    _edited(report, actor, _("Issue added: %(topic)s") % {"topic": issue.topic})
    return issue


def _own_issue(report: Report, issue: SituationIssue) -> SituationIssue:
    found = (
        SituationIssue.objects.select_for_update()
        .filter(report=report, pk=issue.pk, merged_into__isnull=True)
        .first()
    )
    if found is None:
        raise ValidationError(_("This issue is no longer in the report."))
    return found


@transaction.atomic
def update_issue(
    *, issue: SituationIssue, actor: User | None, fields: IssueFields
) -> SituationIssue:
    report = _ready(issue.report, actor)
    issue = _own_issue(report, issue)
    clean = _checked(report, fields)
    issue.topic, issue.place = clean.topic, clean.place
    issue.people_affected, issue.severity, issue.trend = (
        clean.people_affected,
        clean.severity,
        clean.trend,
    )
    issue.handling, issue.details = clean.handling, clean.details
    issue.save()
    _edited(report, actor, _("Issue corrected: %(topic)s") % {"topic": issue.topic})
    return issue


@transaction.atomic
def remove_issue(*, issue: SituationIssue, actor: User | None) -> bool:
    """Remove a row (and the rows merged into it). Removing a row already removed does
    nothing and returns False: the same button pressed twice."""
    report = _ready(issue.report, actor)
    found = (
        SituationIssue.objects.select_for_update()
        .filter(report=report, pk=issue.pk, merged_into__isnull=True)
        .first()
    )
    if found is None:
        return False
    topic = found.topic
    found.delete()
    _edited(report, actor, _("Issue removed: %(topic)s") % {"topic": topic})
    return True


def _first_of(order: Sequence[str], given: Iterable[str]) -> str:
    present = set(given)
    return next(x for x in order if x in present)


def _joined(parts: Iterable[str]) -> str:
    seen: list[str] = []
    for part in parts:
        part = part.strip()
        if part and part not in seen:
            seen.append(part)
    return "\n".join(seen)


@transaction.atomic
def merge_issues(*, report: Report, actor: User | None, issue_ids: Sequence[int]) -> SituationIssue:
    """Merge rows that report the same issue (communes raising one matter) into the first
    of them, in the table's order: people affected added up, the most severe severity and
    the most worrying trend, the place kept when all agree, handling and details put
    together. The other rows stay under it (hidden) so that their origins are kept."""
    report = _ready(report, actor)
    rows = list(
        SituationIssue.objects.select_for_update()
        .filter(report=report, pk__in=set(issue_ids), merged_into__isnull=True)
        .order_by("position", "pk")
    )
    if len(rows) < 2 or len(rows) != len(set(issue_ids)):
        raise ValidationError({"issues": _("Choose two or more issues of this report to merge.")})
    kept, others = rows[0], rows[1:]
    people = [r.people_affected for r in rows if r.people_affected is not None]
    places = {r.place_id for r in rows}
    kept.people_affected = sum(people) if people else None
    kept.severity = _first_of(SEVERITY_ORDER, (r.severity for r in rows))
    kept.trend = _first_of(TREND_ORDER, (r.trend for r in rows))
    kept.place_id = places.pop() if len(places) == 1 else None
    kept.handling = _joined(r.handling for r in rows)
    kept.details = _joined(r.details for r in rows)
    kept.save()
    SituationIssue.objects.filter(pk__in=[r.pk for r in others]).update(merged_into=kept)
    # Rows merged earlier into one of these follow it.
    SituationIssue.objects.filter(merged_into__in=[r.pk for r in others]).update(merged_into=kept)
    _edited(
        report,
        actor,
        _("Issues merged into “%(topic)s”: %(others)s")
        % {"topic": kept.topic, "others": "; ".join(r.topic for r in others)},
    )
    return kept


def bring_up(*, report: Report, kids: Sequence[Report]) -> int:
    """Copy into `report` (a consolidating body's, locked by the caller) the shown rows of
    the reports it received, each pointing to its origin. A row brought before (even if
    merged since) is not brought again. Returns how many were brought."""
    already = set(
        report.situation_issues.filter(origin__isnull=False).values_list("origin_id", flat=True)
    )
    position = _next_position(report)
    rows = (
        SituationIssue.objects.filter(report__in=kids, merged_into__isnull=True)
        .exclude(pk__in=already)
        .select_related("report__reporter")
        .order_by("report__reporter__code", "position", "pk")
    )
    made = []
    for row in rows:
        made.append(
            SituationIssue(
                report=report,
                position=position,
                origin=row,
                topic=row.topic,
                place_id=row.place_id,
                people_affected=row.people_affected,
                severity=row.severity,
                trend=row.trend,
                handling=row.handling,
                details=row.details,
            )
        )
        position += 1
    SituationIssue.objects.bulk_create(made)
    return len(made)
