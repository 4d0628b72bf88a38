"""Report templates and their versions. A version is built while a draft and frozen when
published; a new version starts as a copy of the latest one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.models import User
from danvan.lib import figures
from danvan.org.models import Organization

from ..models import (
    CheckKind,
    Consolidation,
    Indicator,
    IndicatorCheck,
    ReportingPeriod,
    ReportSchedule,
    ReportTemplate,
    Section,
    TemplateVersion,
    VersionState,
)


def _draft(version: TemplateVersion) -> None:
    if version.state != VersionState.DRAFT:
        raise ValidationError(_("A published version cannot change: start a new version."))


@transaction.atomic
def create_template(
    *,
    owner: Organization,
    code: str,
    name: str,
    topic: str,
    description: str = "",
    applies_from: dt.date,
    schedules: dict[str, int] | None = None,
) -> ReportTemplate:
    """A template with its first (draft) version; `schedules` maps a kind of period to the
    days after the cut-off its reports are due."""
    template = ReportTemplate.objects.create(
        owner=owner, code=code, name=name, topic=topic, description=description
    )
    for kind, days in (schedules or {}).items():
        ReportSchedule.objects.create(template=template, period_kind=kind, due_days=days)
    TemplateVersion.objects.create(template=template, number=1, applies_from=applies_from)
    return template


@transaction.atomic
def add_section(
    *,
    version: TemplateVersion,
    title: str,
    heading: str = "",
    guidance: str = "",
    narrative: bool = True,
) -> Section:
    _draft(version)
    position = (version.sections.aggregate(m=Max("position"))["m"] or 0) + 1
    return Section.objects.create(
        version=version,
        position=position,
        heading=heading,
        title=title,
        guidance=guidance,
        narrative=narrative,
    )


@dataclass
class IndicatorSpec:
    code: str
    label: str
    value_type: str
    unit: str = ""
    definition: str = ""
    depth: int = 0
    required: bool = True
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    consolidation: str = Consolidation.SUM
    weight: str = ""  # the code of another indicator of the version
    numerator: str = ""
    denominator: str = ""
    source: str = ""
    extra: dict[str, object] = field(default_factory=dict)


@transaction.atomic
def add_indicator(*, section: Section, spec: IndicatorSpec) -> Indicator:
    version = section.version
    _draft(version)
    if spec.source and figures.source(spec.source) is None:
        raise ValidationError(
            {"source": _("The platform has no figure named “%(key)s”.") % {"key": spec.source}}
        )
    if spec.minimum is not None and spec.maximum is not None and spec.minimum > spec.maximum:
        raise ValidationError({"maximum": _("The largest value is smaller than the smallest.")})

    def other(code: str, name: str) -> Indicator | None:
        if not code:
            return None
        found = version.indicators.filter(code=code).first()
        if found is None:
            raise ValidationError(
                {name: _("No indicator of this version has the code “%(code)s”.") % {"code": code}}
            )
        return found

    weight = other(spec.weight, "weight")
    numerator = other(spec.numerator, "numerator")
    denominator = other(spec.denominator, "denominator")
    if spec.consolidation == Consolidation.WEIGHTED_AVERAGE and weight is None:
        raise ValidationError(
            {"weight": _("A weighted average needs the indicator it is weighted by.")}
        )
    if spec.consolidation == Consolidation.RATIO and (numerator is None or denominator is None):
        raise ValidationError({"numerator": _("A ratio needs its numerator and denominator.")})
    position = (version.indicators.aggregate(m=Max("position"))["m"] or 0) + 1
    return Indicator.objects.create(
        version=version,
        section=section,
        position=position,
        code=spec.code,
        label=spec.label,
        depth=spec.depth,
        value_type=spec.value_type,
        unit=spec.unit,
        definition=spec.definition,
        required=spec.required,
        minimum=spec.minimum,
        maximum=spec.maximum,
        consolidation=spec.consolidation,
        weight=weight,
        numerator=numerator,
        denominator=denominator,
        source=spec.source,
    )


@transaction.atomic
def add_check(
    *, version: TemplateVersion, kind: str, subject: str, parts: list[str]
) -> IndicatorCheck:
    _draft(version)
    by_code = {i.code: i for i in version.indicators.filter(code__in=[subject, *parts])}
    missing = [c for c in [subject, *parts] if c not in by_code]
    if missing:
        raise ValidationError(
            _("No indicator of this version has the code “%(code)s”.") % {"code": missing[0]}
        )
    if kind == CheckKind.AT_MOST and len(parts) != 1:
        raise ValidationError(_("“At most” compares with exactly one indicator."))
    check = IndicatorCheck.objects.create(version=version, kind=kind, subject=by_code[subject])
    check.parts.set([by_code[c] for c in parts])
    return check


@transaction.atomic
def publish(*, version: TemplateVersion, actor: User | None) -> TemplateVersion:
    _draft(version)
    if not version.indicators.exists() and not version.sections.filter(narrative=True).exists():
        raise ValidationError(_("A version needs at least one section or indicator."))
    version.state = VersionState.PUBLISHED
    version.published_at = timezone.now()
    version.published_by = actor
    version.save(update_fields=["state", "published_at", "published_by"])
    return version


@transaction.atomic
def new_version(
    *, template: ReportTemplate, applies_from: dt.date, note: str = ""
) -> TemplateVersion:
    """A draft copying the latest version's sections, indicators and checks."""
    latest = template.versions.order_by("-number").first()
    version = TemplateVersion.objects.create(
        template=template,
        number=(latest.number + 1) if latest else 1,
        applies_from=applies_from,
        note=note,
    )
    if latest is None:
        return version
    sections = {}
    for s in latest.sections.all():
        sections[s.pk] = Section.objects.create(
            version=version,
            position=s.position,
            heading=s.heading,
            title=s.title,
            guidance=s.guidance,
            narrative=s.narrative,
        )
    indicators: dict[int, Indicator] = {}
    old = list(latest.indicators.order_by("position"))
    for i in old:
        indicators[i.pk] = Indicator.objects.create(
            version=version,
            section=sections[i.section_id],
            position=i.position,
            code=i.code,
            label=i.label,
            depth=i.depth,
            value_type=i.value_type,
            unit=i.unit,
            definition=i.definition,
            required=i.required,
            minimum=i.minimum,
            maximum=i.maximum,
            consolidation=i.consolidation,
            source=i.source,
            # Links point to indicators added before (add_indicator allows no other), so
            # copying in position order finds them already copied.
            weight=indicators.get(i.weight_id or 0),
            numerator=indicators.get(i.numerator_id or 0),
            denominator=indicators.get(i.denominator_id or 0),
        )
    for c in latest.checks.prefetch_related("parts"):
        check = IndicatorCheck.objects.create(
            version=version, kind=c.kind, subject=indicators[c.subject_id]
        )
        check.parts.set([indicators[p.pk] for p in c.parts.all()])
    return version


def version_for(template: ReportTemplate, period: ReportingPeriod) -> TemplateVersion | None:
    """The published version a period's reports are opened with: the latest that applies to
    periods ending on or after a date not after this period's last day."""
    return (
        template.versions.filter(state=VersionState.PUBLISHED, applies_from__lte=period.ends_on)
        .order_by("-applies_from", "-number")
        .first()
    )
