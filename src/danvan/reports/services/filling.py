"""Filling a report: the figures the platform counts, what the officers type, overrides with
their reason, the narrative sections and the attached files."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.models import User
from danvan.lib import figures
from danvan.lib.numbers import parse_vn_number
from danvan.lib.uploads import DOCUMENTS, check_uploads

from .. import access
from ..checks import value_problem
from ..models import (
    Attachment,
    EventKind,
    FigureValue,
    Report,
    ReportEvent,
    ReportState,
    SectionText,
)
from .editing import editable as _editable
from .editing import fresh as _fresh


def _require(user: User | None, report: Report, action: access.Action) -> None:
    if user is not None and not access.may(user, report, action):
        raise PermissionDenied(_("You may not do this."))


def window_of(report: Report) -> figures.Window:
    return figures.Window(report.period.starts_on, report.period.ends_on)


@transaction.atomic
def fill_platform_figures(*, report: Report, actor: User | None = None) -> int:
    """Count the bound figures again for the reporting body's subtree over the period. A
    figure the officers have not overridden takes the new count; an overridden one keeps its
    value (and shows the new count beside it). Returns how many figures were counted."""
    report = _fresh(report)
    _require(actor, report, access.Action.EDIT)
    _editable(report)
    bound = [i for i in report.version.indicators.all() if i.source]
    if not bound:
        return 0
    counted = figures.count([i.source for i in bound], report.reporter_id, window_of(report))
    existing = {v.indicator_id: v for v in report.values.all()}
    now = timezone.now()
    new, changed = [], []
    for indicator in bound:
        value = counted.get(indicator.source)
        row = existing.get(indicator.pk)
        if row is None:
            new.append(
                FigureValue(
                    report=report,
                    indicator=indicator,
                    value=value,
                    platform_value=value,
                    counted_at=now,
                )
            )
            continue
        if not row.override_reason:
            row.value = value
        row.platform_value, row.counted_at = value, now
        changed.append(row)
    FigureValue.objects.bulk_create(new)
    FigureValue.objects.bulk_update(changed, ["value", "platform_value", "counted_at"])
    ReportEvent.objects.create(report=report, kind=EventKind.FILLED, at=now, actor=actor)
    return len(bound)


@transaction.atomic
def save_report(
    *,
    report: Report,
    actor: User,
    figures_typed: dict[str, str],
    reasons: dict[str, str] | None = None,
    texts: dict[int, str] | None = None,
) -> Report:
    """Save what the officer typed, all or nothing: every figure is read first and any
    that is not a number, or out of its type's range, stops the save (errors by field:
    "fig-<code>", "reason-<code>"). A figure that differs from the platform's count needs
    a reason. Editing an approved report takes the approval back."""
    report = _fresh(report)
    _require(actor, report, access.Action.EDIT)
    _editable(report)
    reasons = reasons or {}
    indicators = {i.code: i for i in report.version.indicators.all()}
    existing = {v.indicator_id: v for v in report.values.all()}
    errors: dict[str, str] = {}
    parsed: dict[str, Decimal | None] = {}
    for code, raw in figures_typed.items():
        indicator = indicators.get(code)
        if indicator is None:
            continue
        try:
            value = parse_vn_number(raw)
        except ValueError:
            errors[f"fig-{code}"] = _("“%(value)s” is not a number.") % {"value": raw}
            continue
        if message := value_problem(indicator, value):
            errors[f"fig-{code}"] = message
            continue
        parsed[code] = value
        row = existing.get(indicator.pk)
        platform = row.platform_value if row else None
        reason = (reasons.get(code) or "").strip()
        if platform is not None and value != platform and not reason:
            errors[f"reason-{code}"] = _(
                "The platform counted %(n)s: say why the report gives another figure."
            ) % {"n": f"{platform.normalize():f}"}
    if errors:
        raise ValidationError(errors)
    overridden = []
    for code, value in parsed.items():
        indicator = indicators[code]
        row = existing.get(indicator.pk)
        reason = (reasons.get(code) or "").strip()
        if row is None:
            FigureValue.objects.create(report=report, indicator=indicator, value=value)
            continue
        keep_reason = (
            reason if row.platform_value is not None and value != row.platform_value else ""
        )
        if keep_reason and keep_reason != row.override_reason:
            overridden.append(f"{indicator.label}: {row.platform_value} → {value} ({keep_reason})")
        row.value, row.override_reason = value, keep_reason
        row.save(update_fields=["value", "override_reason"])
    sections = {s.pk for s in report.version.sections.filter(narrative=True)}
    for section_id, body in (texts or {}).items():
        if section_id in sections:
            SectionText.objects.update_or_create(
                report=report, section_id=section_id, defaults={"body": body.strip()}
            )
    now = timezone.now()
    ReportEvent.objects.create(report=report, kind=EventKind.EDITED, at=now, actor=actor)
    if overridden:
        # Audited: who put which figure in place of the platform's count, and why.
        ReportEvent.objects.create(
            report=report,
            kind=EventKind.OVERRIDDEN,
            at=now,
            actor=actor,
            note="\n".join(overridden),
        )
    if report.state == ReportState.APPROVED:
        report.state, report.approved_by = ReportState.DRAFT, None
        report.save(update_fields=["state", "approved_by", "updated_at"])
    return report


@transaction.atomic
def attach(*, report: Report, actor: User, files: list[UploadedFile]) -> list[Attachment]:
    report = _fresh(report)
    _require(actor, report, access.Action.EDIT)
    _editable(report)
    made = []
    for checked in check_uploads(files, field="files", accepted=DOCUMENTS):
        made.append(
            Attachment.objects.create(
                report=report,
                file=checked.upload,
                original_name=checked.upload.name or "",
                content_type=checked.content_type,
                size=checked.upload.size or 0,
                sha256=checked.sha256,
                uploaded_by=actor,
            )
        )
    return made


@transaction.atomic
def fill_from_children(*, report: Report, actor: User, overwrite: bool = False) -> int:
    """A draft of the body's own report from the reports it received for the same template
    and period: each typed figure consolidated by its rule (bound figures keep the
    platform's count of the whole subtree, which already holds the children's records), and
    each narrative section collated from the children's, the source body named, and each
    issue the children raised copied with its origin (services.situation.bring_up). Figures
    and sections already written are kept unless `overwrite`. Returns how many were filled."""
    from ..consolidation import children_reports, table

    report = _fresh(report)
    _require(actor, report, access.Action.EDIT)
    _editable(report)
    result = table(report.reporter, report.template, report.period)
    counted = [c for c in result.children if c.counted]
    existing = {v.indicator_id: v for v in report.values.all()}
    filled = 0
    own = {i.code: i for i in report.version.indicators.all()}
    for row in result.rows:
        mine = own.get(row.indicator.code)
        if mine is None or mine.source or row.total is None:
            continue
        current = existing.get(mine.pk)
        if current is not None and current.value is not None and not overwrite:
            continue
        FigureValue.objects.update_or_create(
            report=report, indicator=mine, defaults={"value": row.total}
        )
        filled += 1
    texts = {t.section_id: t for t in report.texts.all()}
    children = {c.report.pk for c in counted if c.report}
    kids = [r for r in children_reports(report) if r.pk in children]
    for section in report.version.sections.filter(narrative=True):
        parts = []
        for kid in kids:
            for text in kid.texts.all():
                if text.section.position == section.position and text.body.strip():
                    parts.append(f"**{kid.reporter.name}:** {text.body.strip()}")
        if not parts:
            continue
        current_text = texts.get(section.pk)
        if current_text is not None and current_text.body.strip() and not overwrite:
            continue
        SectionText.objects.update_or_create(
            report=report, section=section, defaults={"body": "\n\n".join(parts)}
        )
        filled += 1
    if report.version.sections.filter(issue_table=True).exists():
        from .situation import bring_up

        # The issues the bodies below raised, each pointing to its origin; the
        # consolidating body then corrects and merges them.
        filled += bring_up(report=report, kids=kids)
    ReportEvent.objects.create(
        report=report,
        kind=EventKind.EDITED,
        at=timezone.now(),
        actor=actor,
        note=_("Filled from %(n)s reports received") % {"n": len(kids)},
    )
    return filled
