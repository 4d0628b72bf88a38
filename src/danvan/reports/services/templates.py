"""Report templates and their versions. A version is built while a draft and frozen when
published; a new version starts as a copy of the latest one.

Every change made by a person (`actor`) is checked against the rules (rules.py) and kept in
the audit log (`audit`: who, when, what, on which record); `actor=None` is the platform
itself (the standard template, the demo)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.admin.models import ADDITION, CHANGE, DELETION
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.models import User
from danvan.lib import figures
from danvan.lib.audit import audit, require
from danvan.lib.dates import format_vn_date
from danvan.org.models import Organization

from ..models import (
    CheckKind,
    Consolidation,
    Indicator,
    IndicatorCheck,
    PeriodKind,
    ReportingPeriod,
    ReportSchedule,
    ReportTemplate,
    Section,
    TemplateVersion,
    ValueType,
    VersionState,
)

# Positions are rewritten in two steps (out of the way, then in place) so that the unique
# (version, position) constraints hold after every row written.
_OUT_OF_THE_WAY = 10_000
_MAX_DAYS = 366


def _draft(version: TemplateVersion) -> None:
    if version.state != VersionState.DRAFT:
        raise ValidationError(_("A published version cannot change: start a new version."))


def _locked_draft(version: TemplateVersion) -> TemplateVersion:
    """The version's row, locked while it changes (a change and a publication at once: one
    after the other), refused once published."""
    locked = (
        TemplateVersion.objects.select_for_update()
        .select_related("template__owner")
        .get(pk=version.pk)
    )
    _draft(locked)
    return locked


# Templates -------------------------------------------------------------------------------


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
    actor: User | None = None,
) -> ReportTemplate:
    """A template with its first (draft) version; `schedules` maps a kind of period to the
    days after the cut-off its reports are due."""
    require(actor, "reports.add_reporttemplate", owner)
    if ReportTemplate.objects.filter(code=code).exists():
        raise ValidationError(
            {"code": _("A template with the code “%(code)s” already exists.") % {"code": code}}
        )
    try:
        with transaction.atomic():  # a request at the same moment took the code first
            template = ReportTemplate.objects.create(
                owner=owner, code=code, name=name, topic=topic, description=description
            )
    except IntegrityError:
        raise ValidationError(
            {"code": _("A template with the code “%(code)s” already exists.") % {"code": code}}
        ) from None
    for kind, days in (schedules or {}).items():
        ReportSchedule.objects.create(template=template, period_kind=kind, due_days=days)
    TemplateVersion.objects.create(template=template, number=1, applies_from=applies_from)
    audit(actor, template, ADDITION, _("Created with a first draft version."))
    return template


@transaction.atomic
def update_template(
    *,
    template: ReportTemplate,
    name: str,
    topic: str,
    description: str = "",
    active: bool = True,
    actor: User | None,
) -> ReportTemplate:
    """The template's name, topic, description and whether it is in use (a template not in
    use opens no new reports; those open stay). Its code and defining body do not change."""
    require(actor, "reports.change_reporttemplate", template)
    locked = ReportTemplate.objects.select_for_update().get(pk=template.pk)
    changed = [
        n
        for n, v in (("name", name), ("topic", topic), ("description", description))
        if getattr(locked, n) != v
    ]
    if locked.active != active:
        changed.append("active")
    locked.name, locked.topic, locked.description, locked.active = name, topic, description, active
    locked.save(update_fields=["name", "topic", "description", "active"])
    if changed:
        audit(actor, locked, CHANGE, _("Changed: %(fields)s.") % {"fields": ", ".join(changed)})
    return locked


# Schedules -------------------------------------------------------------------------------


def _check_schedule(
    template: ReportTemplate, period_kind: str, due_days: int, remind_days: int, pk: int | None
) -> None:
    errors: dict[str, str] = {}
    if period_kind not in PeriodKind.values:
        errors["period_kind"] = _("Choose a kind of period.")
    elif (
        ReportSchedule.objects.filter(template=template, period_kind=period_kind)
        .exclude(pk=pk or 0)
        .exists()
    ):
        errors["period_kind"] = _(
            "The template is already reported for this kind of period: change that row."
        )
    if not 0 <= due_days <= _MAX_DAYS:
        errors["due_days"] = _("Write a number of days from 0 to 366.")
    if not 0 <= remind_days <= _MAX_DAYS:
        errors["remind_days"] = _("Write a number of days from 0 to 366.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def add_schedule(
    *,
    template: ReportTemplate,
    period_kind: str,
    due_days: int,
    remind_days: int = 3,
    actor: User | None,
) -> ReportSchedule:
    """Report the template for a kind of period: reports open for each period under way and
    fall due `due_days` after its cut-off."""
    require(actor, "reports.change_reporttemplate", template)
    ReportTemplate.objects.select_for_update().filter(pk=template.pk).first()
    _check_schedule(template, period_kind, due_days, remind_days, None)
    try:
        with transaction.atomic():
            schedule = ReportSchedule.objects.create(
                template=template,
                period_kind=period_kind,
                due_days=due_days,
                remind_days=remind_days,
            )
    except IntegrityError:
        _check_schedule(template, period_kind, due_days, remind_days, None)
        raise
    audit(actor, schedule, ADDITION)
    return schedule


@transaction.atomic
def update_schedule(
    *,
    schedule: ReportSchedule,
    period_kind: str,
    due_days: int,
    remind_days: int,
    actor: User | None,
) -> ReportSchedule:
    """A schedule row, changed in place: a report keeps the due date it was opened with, so
    only reports opened from now on follow the new days."""
    require(actor, "reports.change_reporttemplate", schedule.template)
    locked = ReportSchedule.objects.select_for_update().get(pk=schedule.pk)
    _check_schedule(locked.template, period_kind, due_days, remind_days, locked.pk)
    before = (locked.period_kind, locked.due_days, locked.remind_days)
    locked.period_kind, locked.due_days, locked.remind_days = period_kind, due_days, remind_days
    locked.save(update_fields=["period_kind", "due_days", "remind_days"])
    if before != (period_kind, due_days, remind_days):
        audit(
            actor,
            locked,
            CHANGE,
            _("Was: %(kind)s, due %(due)s days, reminder %(remind)s days.")
            % {"kind": PeriodKind(before[0]).label, "due": before[1], "remind": before[2]},
        )
    return locked


@transaction.atomic
def delete_schedule(*, schedule: ReportSchedule, actor: User | None) -> None:
    """No more reports open for that kind of period; reports already open stay."""
    require(actor, "reports.change_reporttemplate", schedule.template)
    audit(actor, schedule, DELETION)
    schedule.delete()


# Sections --------------------------------------------------------------------------------


def _check_section(version: TemplateVersion, heading: str, title: str, pk: int | None) -> None:
    if not title.strip():
        raise ValidationError({"title": _("Give the section a title.")})
    same = version.sections.filter(heading=heading, title=title).exclude(pk=pk or 0)
    if same.exists():
        raise ValidationError(
            {"title": _("This version already has a section “%(title)s”.") % {"title": title}}
        )


@transaction.atomic
def add_section(
    *,
    version: TemplateVersion,
    title: str,
    heading: str = "",
    guidance: str = "",
    narrative: bool = True,
    issue_table: bool = False,
    actor: User | None = None,
) -> Section:
    require(actor, "reports.change_reporttemplate", version.template)
    version = _locked_draft(version)
    _check_section(version, heading, title, None)
    position = (version.sections.aggregate(m=Max("position"))["m"] or 0) + 1
    section = Section.objects.create(
        version=version,
        position=position,
        heading=heading,
        title=title,
        guidance=guidance,
        narrative=narrative,
        issue_table=issue_table,
    )
    audit(actor, section, ADDITION, _("Version %(n)s") % {"n": version.number})
    return section


@transaction.atomic
def update_section(
    *,
    section: Section,
    title: str,
    heading: str = "",
    guidance: str = "",
    narrative: bool = True,
    issue_table: bool = False,
    actor: User | None,
) -> Section:
    version = _locked_draft(section.version)
    require(actor, "reports.change_reporttemplate", version.template)
    _check_section(version, heading, title, section.pk)
    section.heading, section.title = heading, title
    section.guidance, section.narrative = guidance, narrative
    section.issue_table = issue_table
    section.save(update_fields=["heading", "title", "guidance", "narrative", "issue_table"])
    audit(actor, section, CHANGE, _("Version %(n)s") % {"n": version.number})
    return section


def _write_order(sections: list[Section], indicators: list[Indicator]) -> None:
    """Number a version's sections and indicators 1, 2, … in the order given (indicators
    follow their sections' order: the report page and its exports read them so)."""
    if sections:
        Section.objects.filter(pk__in=[s.pk for s in sections]).update(
            position=F("position") + _OUT_OF_THE_WAY
        )
        for n, s in enumerate(sections, 1):
            s.position = n
        Section.objects.bulk_update(sections, ["position"])
    if indicators:
        Indicator.objects.filter(pk__in=[i.pk for i in indicators]).update(
            position=F("position") + _OUT_OF_THE_WAY
        )
        for n, i in enumerate(indicators, 1):
            i.position = n
        Indicator.objects.bulk_update(indicators, ["position"])


def _in_order(version: TemplateVersion) -> tuple[list[Section], list[Indicator]]:
    sections = list(version.sections.order_by("position", "pk"))
    rank = {s.pk: n for n, s in enumerate(sections)}
    indicators = sorted(
        version.indicators.all(), key=lambda i: (rank.get(i.section_id, 0), i.position, i.pk)
    )
    return sections, indicators


def _moved(rows: list[Any], row: Any, up: bool) -> bool:
    at = next(n for n, r in enumerate(rows) if r.pk == row.pk)
    to = at - 1 if up else at + 1
    if not 0 <= to < len(rows):
        return False
    rows[at], rows[to] = rows[to], rows[at]
    return True


@transaction.atomic
def move_section(
    *, section: Section, up: bool, expected: int | None = None, actor: User | None
) -> bool:
    """One place up or down. `expected` is the position the person saw: a repeated or stale
    request (the section has moved since) changes nothing. Returns whether it moved."""
    version = _locked_draft(section.version)
    require(actor, "reports.change_reporttemplate", version.template)
    sections, indicators = _in_order(version)
    here = next((s for s in sections if s.pk == section.pk), None)
    if here is None or (expected is not None and here.position != expected):
        return False
    if not _moved(sections, here, up):
        return False
    rank = {s.pk: n for n, s in enumerate(sections)}
    indicators.sort(key=lambda i: (rank[i.section_id], i.position))
    _write_order(sections, indicators)
    audit(actor, here, CHANGE, _("Moved up.") if up else _("Moved down."))
    return True


def _users_of(indicators: list[Indicator]) -> tuple[list[Indicator], list[IndicatorCheck]]:
    """The other indicators whose rule names one of `indicators` (weight, numerator,
    denominator), and the checks that compare any of them."""
    ids = [i.pk for i in indicators]
    linked = list(
        Indicator.objects.filter(
            Q(weight_id__in=ids) | Q(numerator_id__in=ids) | Q(denominator_id__in=ids)
        ).exclude(pk__in=ids)
    )
    checks = list(
        IndicatorCheck.objects.filter(Q(subject_id__in=ids) | Q(parts__in=ids))
        .select_related("subject")
        .distinct()
    )
    return linked, checks


def _refuse_if_used(indicators: list[Indicator]) -> None:
    linked, checks = _users_of(indicators)
    if linked:
        raise ValidationError(
            _("“%(other)s” is consolidated with it: change that indicator's rule first.")
            % {"other": linked[0].label}
        )
    if checks:
        raise ValidationError(
            _("The check on “%(subject)s” compares it: delete that check first.")
            % {"subject": checks[0].subject.label}
        )


@transaction.atomic
def delete_section(*, section: Section, actor: User | None) -> None:
    """A section and its indicators, unless another indicator's rule or a check uses one of
    them."""
    version = _locked_draft(section.version)
    require(actor, "reports.change_reporttemplate", version.template)
    _refuse_if_used(list(section.indicators.all()))
    audit(actor, section, DELETION, _("Version %(n)s") % {"n": version.number})
    # Links between indicators of the section itself go first (they are PROTECT).
    section.indicators.update(
        consolidation=Consolidation.SUM, weight=None, numerator=None, denominator=None
    )
    section.indicators.all().delete()
    section.delete()
    _write_order(*_in_order(version))


# Indicators ------------------------------------------------------------------------------


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


_LINKS = ("weight", "numerator", "denominator")
_NOT_FOR_YES_NO = (
    Consolidation.SUM,
    Consolidation.WEIGHTED_AVERAGE,
    Consolidation.MINIMUM,
    Consolidation.MAXIMUM,
    Consolidation.RATIO,
)


def _check_spec(
    version: TemplateVersion, spec: IndicatorSpec, itself: Indicator | None
) -> dict[str, Indicator | None]:
    """The spec's rules, each error under its field; returns the linked indicators."""
    errors: dict[str, str] = {}
    if spec.value_type not in ValueType.values:
        errors["value_type"] = _("Choose the type of the figure.")
    if spec.consolidation not in Consolidation.values:
        errors["consolidation"] = _("Choose how the figure is consolidated upward.")
    others = version.indicators.exclude(pk=itself.pk) if itself else version.indicators.all()
    if spec.code and others.filter(code=spec.code).exists():
        errors["code"] = _("This version already has an indicator with the code “%(code)s”.") % {
            "code": spec.code
        }
    if spec.source:
        found = figures.source(spec.source)
        if found is None:
            errors["source"] = _("The platform has no figure named “%(key)s”.") % {
                "key": spec.source
            }
        elif found.value_type != spec.value_type and spec.value_type in ValueType.values:
            errors["source"] = _(
                "This figure is of the type “%(source_type)s”; the indicator is of the type "
                "“%(type)s”: choose the same type or another figure."
            ) % {
                "source_type": ValueType(found.value_type).label
                if found.value_type in ValueType.values
                else found.value_type,
                "type": ValueType(spec.value_type).label,
            }
    if spec.minimum is not None and spec.maximum is not None and spec.minimum > spec.maximum:
        errors["maximum"] = _("The largest value is smaller than the smallest.")
    if spec.depth < 0 or spec.depth > 3:
        errors["depth"] = _("The indent is 0, 1, 2 or 3.")
    if itself is not None and spec.value_type == ValueType.YES_NO:
        users, checks = _users_of([itself])
        if users or checks:
            errors["value_type"] = _(
                "Another indicator's rule or a check uses this one as a number: it cannot "
                "become yes / no."
            )

    linked: dict[str, Indicator | None] = {}
    for name in _LINKS:
        code = getattr(spec, name)
        linked[name] = None
        if not code:
            continue
        if code == spec.code or (itself is not None and code == itself.code):
            errors[name] = _("An indicator cannot be consolidated with itself.")
            continue
        found_ind = others.filter(code=code).first()
        if found_ind is None:
            errors[name] = _("No indicator of this version has the code “%(code)s”.") % {
                "code": code
            }
        elif found_ind.value_type == ValueType.YES_NO:
            errors[name] = _("“%(label)s” is a yes / no indicator: choose a number.") % {
                "label": found_ind.label
            }
        else:
            linked[name] = found_ind
    rule = spec.consolidation
    if rule == Consolidation.WEIGHTED_AVERAGE and not spec.weight and "weight" not in errors:
        errors["weight"] = _("A weighted average needs the indicator it is weighted by.")
    if rule == Consolidation.RATIO:
        if not spec.numerator and "numerator" not in errors:
            errors["numerator"] = _("A ratio needs its numerator and denominator.")
        if not spec.denominator and "denominator" not in errors:
            errors["denominator"] = _("A ratio needs its numerator and denominator.")
    if spec.value_type == ValueType.YES_NO and rule in _NOT_FOR_YES_NO:
        errors["consolidation"] = _(
            "A yes / no indicator is consolidated by counting the “yes” or by the latest submitted."
        )
    if rule == Consolidation.COUNT_YES and spec.value_type != ValueType.YES_NO:
        errors["consolidation"] = _("Only a yes / no indicator can count its “yes”.")
    if errors:
        raise ValidationError(errors)
    return linked


@transaction.atomic
def add_indicator(*, section: Section, spec: IndicatorSpec, actor: User | None = None) -> Indicator:
    require(actor, "reports.change_reporttemplate", section.version.template)
    version = _locked_draft(section.version)
    linked = _check_spec(version, spec, None)
    position = (version.indicators.aggregate(m=Max("position"))["m"] or 0) + 1
    indicator = Indicator.objects.create(
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
        source=spec.source,
        **linked,
    )
    # Added to an earlier section: the indicators keep their sections' order.
    if version.indicators.filter(section__position__gt=section.position).exists():
        _write_order(*_in_order(version))
    audit(actor, indicator, ADDITION, _("Version %(n)s") % {"n": version.number})
    return indicator


@transaction.atomic
def update_indicator(
    *,
    indicator: Indicator,
    spec: IndicatorSpec,
    section: Section | None = None,
    actor: User | None,
) -> Indicator:
    """Every field of a draft's indicator, and its section (it goes to the end of it)."""
    version = _locked_draft(indicator.version)
    require(actor, "reports.change_reporttemplate", version.template)
    if section is not None and section.version_id != version.pk:
        raise ValidationError({"section": _("Choose a section of this version.")})
    linked = _check_spec(version, spec, indicator)
    moved = section is not None and section.pk != indicator.section_id
    if moved:
        assert section is not None
        indicator.section = section
        indicator.position = (version.indicators.aggregate(m=Max("position"))["m"] or 0) + 1
    for name in (
        "code",
        "label",
        "depth",
        "value_type",
        "unit",
        "definition",
        "required",
        "minimum",
        "maximum",
        "consolidation",
        "source",
    ):
        setattr(indicator, name, getattr(spec, name))
    for name, other in linked.items():
        setattr(indicator, name, other)
    indicator.save()
    if moved:
        _write_order(*_in_order(version))
    audit(actor, indicator, CHANGE, _("Version %(n)s") % {"n": version.number})
    return indicator


@transaction.atomic
def move_indicator(
    *, indicator: Indicator, up: bool, expected: int | None = None, actor: User | None
) -> bool:
    """One place up or down inside its section; a stale or repeated request (`expected`
    is no longer its position) changes nothing. Returns whether it moved."""
    version = _locked_draft(indicator.version)
    require(actor, "reports.change_reporttemplate", version.template)
    _sections, indicators = _in_order(version)
    here = next((i for i in indicators if i.pk == indicator.pk), None)
    if here is None or (expected is not None and here.position != expected):
        return False
    same = [i for i in indicators if i.section_id == here.section_id]
    if not _moved(same, here, up):
        return False
    order = iter(same)
    indicators = [next(order) if i.section_id == here.section_id else i for i in indicators]
    _write_order([], indicators)
    audit(actor, here, CHANGE, _("Moved up.") if up else _("Moved down."))
    return True


@transaction.atomic
def delete_indicator(*, indicator: Indicator, actor: User | None) -> None:
    """An indicator, unless another indicator's rule or a check uses it."""
    version = _locked_draft(indicator.version)
    require(actor, "reports.change_reporttemplate", version.template)
    _refuse_if_used([indicator])
    audit(actor, indicator, DELETION, _("Version %(n)s") % {"n": version.number})
    indicator.delete()


# Checks ----------------------------------------------------------------------------------


@transaction.atomic
def add_check(
    *,
    version: TemplateVersion,
    kind: str,
    subject: str,
    parts: list[str],
    actor: User | None = None,
) -> IndicatorCheck:
    require(actor, "reports.change_reporttemplate", version.template)
    version = _locked_draft(version)
    if kind not in CheckKind.values:
        raise ValidationError({"kind": _("Choose the kind of check.")})
    by_code = {i.code: i for i in version.indicators.filter(code__in=[subject, *parts])}
    missing = [c for c in [subject, *parts] if c not in by_code]
    if missing:
        raise ValidationError(
            _("No indicator of this version has the code “%(code)s”.") % {"code": missing[0]}
        )
    if not parts:
        raise ValidationError({"parts": _("Choose the indicators it is compared with.")})
    if subject in parts:
        raise ValidationError({"parts": _("An indicator is not compared with itself.")})
    if kind == CheckKind.AT_MOST and len(parts) != 1:
        raise ValidationError({"parts": _("“At most” compares with exactly one indicator.")})
    if any(by_code[c].value_type == ValueType.YES_NO for c in [subject, *parts]):
        raise ValidationError({"parts": _("Checks compare numbers, not yes / no indicators.")})
    wanted = set(parts)
    for same in version.checks.filter(kind=kind, subject=by_code[subject]).prefetch_related(
        "parts"
    ):
        if {p.code for p in same.parts.all()} == wanted:
            raise ValidationError(_("This version already has the same check."))
    check = IndicatorCheck.objects.create(version=version, kind=kind, subject=by_code[subject])
    check.parts.set([by_code[c] for c in parts])
    audit(actor, check, ADDITION, ", ".join(parts))
    return check


@transaction.atomic
def delete_check(*, check: IndicatorCheck, actor: User | None) -> None:
    version = _locked_draft(check.version)
    require(actor, "reports.change_reporttemplate", version.template)
    audit(actor, check, DELETION, _("Version %(n)s") % {"n": version.number})
    check.delete()


# Versions --------------------------------------------------------------------------------


@transaction.atomic
def publish(*, version: TemplateVersion, actor: User | None) -> TemplateVersion:
    require(actor, "reports.publish_templateversion", version.template)
    version = _locked_draft(version)
    if (
        not version.indicators.exists()
        and not version.sections.filter(Q(narrative=True) | Q(issue_table=True)).exists()
    ):
        raise ValidationError(_("A version needs at least one section or indicator."))
    version.state = VersionState.PUBLISHED
    version.published_at = timezone.now()
    version.published_by = actor
    version.save(update_fields=["state", "published_at", "published_by"])
    audit(
        actor,
        version,
        CHANGE,
        _("Published; applies to periods ending on or after %(day)s.")
        % {"day": format_vn_date(version.applies_from)},
    )
    return version


def _check_applies_from(template: ReportTemplate, applies_from: dt.date, pk: int | None) -> None:
    latest = (
        template.versions.filter(state=VersionState.PUBLISHED, applies_from__gte=applies_from)
        .exclude(pk=pk or 0)
        .order_by("-applies_from")
        .first()
    )
    if latest is not None:
        raise ValidationError(
            {
                "applies_from": _(
                    "Version %(n)s already applies from %(day)s: a new version applies from a "
                    "later period."
                )
                % {"n": latest.number, "day": format_vn_date(latest.applies_from)}
            }
        )


@transaction.atomic
def new_version(
    *,
    template: ReportTemplate,
    applies_from: dt.date,
    note: str = "",
    actor: User | None = None,
) -> TemplateVersion:
    """A draft copying the latest version's sections, indicators and checks. One draft at a
    time: while a draft exists, it is the one to edit (a repeated request makes no second)."""
    require(actor, "reports.change_reporttemplate", template)
    ReportTemplate.objects.select_for_update().filter(pk=template.pk).first()
    draft = template.versions.filter(state=VersionState.DRAFT).first()
    if draft is not None:
        raise ValidationError(
            _("Version %(n)s is a draft still: edit it or publish it first.") % {"n": draft.number}
        )
    _check_applies_from(template, applies_from, None)
    latest = template.versions.order_by("-number").first()
    version = TemplateVersion.objects.create(
        template=template,
        number=(latest.number + 1) if latest else 1,
        applies_from=applies_from,
        note=note,
    )
    if latest is not None:
        _copy(latest, version)
    audit(
        actor,
        version,
        ADDITION,
        _("Copied from version %(n)s.") % {"n": latest.number} if latest else "",
    )
    return version


def _copy(latest: TemplateVersion, version: TemplateVersion) -> None:
    sections = {}
    for s in latest.sections.all():
        sections[s.pk] = Section.objects.create(
            version=version,
            position=s.position,
            heading=s.heading,
            title=s.title,
            guidance=s.guidance,
            narrative=s.narrative,
            issue_table=s.issue_table,
        )
    indicators: dict[int, Indicator] = {}
    old = list(latest.indicators.order_by("position"))
    # Two passes: every indicator first, then the links between them (a link may point to
    # an indicator further down since indicators can be moved and edited).
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
            # Set with the links below: the database refuses a weighted average without
            # its weight, so the rule and its terms are written together.
            consolidation=Consolidation.SUM
            if i.consolidation in (Consolidation.WEIGHTED_AVERAGE, Consolidation.RATIO)
            else i.consolidation,
            source=i.source,
        )
    linked = []
    for i in old:
        if i.weight_id or i.numerator_id or i.denominator_id:
            copy = indicators[i.pk]
            copy.consolidation = i.consolidation
            copy.weight = indicators.get(i.weight_id or 0)
            copy.numerator = indicators.get(i.numerator_id or 0)
            copy.denominator = indicators.get(i.denominator_id or 0)
            linked.append(copy)
    for copy in linked:
        copy.save(update_fields=["consolidation", "weight", "numerator", "denominator"])
    for c in latest.checks.prefetch_related("parts"):
        check = IndicatorCheck.objects.create(
            version=version, kind=c.kind, subject=indicators[c.subject_id]
        )
        check.parts.set([indicators[p.pk] for p in c.parts.all()])


@transaction.atomic
def update_version(
    *, version: TemplateVersion, applies_from: dt.date, note: str = "", actor: User | None
) -> TemplateVersion:
    """A draft's first period and its note on what changed."""
    version = _locked_draft(version)
    require(actor, "reports.change_reporttemplate", version.template)
    _check_applies_from(version.template, applies_from, version.pk)
    version.applies_from, version.note = applies_from, note
    version.save(update_fields=["applies_from", "note"])
    audit(
        actor,
        version,
        CHANGE,
        _("Applies to periods ending on or after %(day)s.") % {"day": format_vn_date(applies_from)},
    )
    return version


def version_for(template: ReportTemplate, period: ReportingPeriod) -> TemplateVersion | None:
    """The published version a period's reports are opened with: the latest that applies to
    periods ending on or after a date not after this period's last day."""
    return (
        template.versions.filter(state=VersionState.PUBLISHED, applies_from__lte=period.ends_on)
        .order_by("-applies_from", "-number")
        .first()
    )
