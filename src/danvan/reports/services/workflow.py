"""A report's steps: the leader approves, an officer submits (a version is kept, and the
report locks), the receiver returns it with comments or accepts it."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.models import User

from .. import access
from ..checks import problems
from ..models import (
    EventKind,
    Indicator,
    Report,
    ReportEvent,
    ReportState,
    ReportVersion,
    ReturnComment,
    Section,
)

APPROVABLE = (ReportState.DRAFT, ReportState.RETURNED)


def _require(user: User, report: Report, action: access.Action) -> None:
    if not access.may(user, report, action):
        raise PermissionDenied(_("You may not do this."))


def _locked(report: Report) -> Report:
    """The report row, locked for the step (two clicks, two tabs: one step)."""
    return Report.objects.select_for_update().select_related("period", "version").get(pk=report.pk)


def values_by_code(report: Report) -> dict[str, object]:
    return {v.indicator.code: v.value for v in report.values.select_related("indicator")}


def report_problems(report: Report) -> dict[str, list[str]]:
    version = report.version
    return problems(
        version.indicators.all(),
        version.checks.select_related("subject").prefetch_related("parts"),
        values_by_code(report),  # type: ignore[arg-type]
        complete=True,
    )


def _event(report: Report, kind: str, actor: User | None, note: str = "") -> None:
    ReportEvent.objects.create(report=report, kind=kind, at=timezone.now(), actor=actor, note=note)


@transaction.atomic
def approve(*, report: Report, actor: User) -> Report:
    report = _locked(report)
    _require(actor, report, access.Action.APPROVE)
    if report.state not in APPROVABLE:
        raise ValidationError(_("Only a report being written can be approved."))
    if found := report_problems(report):
        raise ValidationError(
            _("Correct the figures first: %(n)s figures have problems.") % {"n": len(found)}
        )
    report.state, report.approved_by = ReportState.APPROVED, actor
    report.save(update_fields=["state", "approved_by", "updated_at"])
    _event(report, EventKind.APPROVED, actor)
    return report


def snapshot(report: Report) -> dict[str, object]:
    values = report.values.select_related("indicator")
    return {
        "number": report.number,
        "figures": {
            v.indicator.code: None if v.value is None else f"{v.value.normalize():f}"
            for v in values
        },
        "reasons": {v.indicator.code: v.override_reason for v in values if v.override_reason},
        "texts": {str(t.section_id): t.body for t in report.texts.all()},
        # The table of issues as sent (a report on the people's situation).
        "issues": [
            {
                "id": i.pk,
                "topic": i.topic,
                "place": i.place_id,
                "people_affected": i.people_affected,
                "severity": i.severity,
                "trend": i.trend,
                "handling": i.handling,
                "details": i.details,
                "origin": i.origin_id,
            }
            for i in report.situation_issues.filter(merged_into__isnull=True).order_by(
                "position", "pk"
            )
        ],
    }


@transaction.atomic
def submit(*, report: Report, actor: User, number: str = "") -> ReportVersion:
    report = _locked(report)
    _require(actor, report, access.Action.SUBMIT)
    if report.state != ReportState.APPROVED:
        raise ValidationError(_("The leader approves the report before it is sent."))
    if number.strip():
        report.number = number.strip()[:60]
    now = timezone.now()
    last = report.versions.aggregate(m=Max("number"))["m"] or 0
    version = ReportVersion.objects.create(
        report=report,
        number=last + 1,
        submitted_at=now,
        submitted_by=actor,
        approved_by=report.approved_by,
        content=snapshot(report),
    )
    report.state, report.submitted_at = ReportState.SUBMITTED, now
    report.first_submitted_at = report.first_submitted_at or now
    report.save(
        update_fields=["state", "submitted_at", "first_submitted_at", "number", "updated_at"]
    )
    _event(report, EventKind.SUBMITTED, actor, _("Version %(n)s") % {"n": version.number})
    return version


@dataclass(frozen=True)
class Comment:
    text: str
    section_id: int | None = None
    indicator_id: int | None = None


@transaction.atomic
def return_report(*, report: Report, actor: User, comments: list[Comment]) -> Report:
    report = _locked(report)
    _require(actor, report, access.Action.REVIEW)
    if report.state != ReportState.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be returned."))
    comments = [c for c in comments if c.text.strip()]
    if not comments:
        raise ValidationError({"comment": _("Say what to correct: write at least one comment.")})
    sections = set(Section.objects.filter(version=report.version_id).values_list("pk", flat=True))
    indicators = set(
        Indicator.objects.filter(version=report.version_id).values_list("pk", flat=True)
    )
    version = report.versions.order_by("-number").first()
    assert version is not None  # a submitted report has a version
    for c in comments:
        ReturnComment.objects.create(
            report=report,
            version=version,
            section_id=c.section_id if c.section_id in sections else None,
            indicator_id=c.indicator_id if c.indicator_id in indicators else None,
            text=c.text.strip(),
            author=actor,
        )
    report.state, report.approved_by = ReportState.RETURNED, None
    report.save(update_fields=["state", "approved_by", "updated_at"])
    _event(report, EventKind.RETURNED, actor, "\n".join(c.text.strip() for c in comments))
    return report


@transaction.atomic
def accept(*, report: Report, actor: User) -> Report:
    report = _locked(report)
    _require(actor, report, access.Action.REVIEW)
    if report.state != ReportState.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be accepted."))
    report.state = ReportState.ACCEPTED
    report.save(update_fields=["state", "updated_at"])
    _event(report, EventKind.ACCEPTED, actor)
    return report


def changes(before: dict[str, object], after: dict[str, object]) -> dict[str, list[str]]:
    """What changed between two submitted versions: figure codes and section ids."""
    out: dict[str, list[str]] = {"figures": [], "texts": []}
    for part in ("figures", "texts"):
        old, new = before.get(part) or {}, after.get(part) or {}
        assert isinstance(old, dict) and isinstance(new, dict)
        out[part] = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))
    return out
