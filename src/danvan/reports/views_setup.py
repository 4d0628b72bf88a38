"""The pages that set reporting up: a body's templates, their schedules and versions (the
sections, indicators and checks of a draft; publishing; a new version), who reports to
whom on a template (rules and obligations), and the cut-off rules of the periods.

Who may do what is decided in rules.py (see "Setting reporting up" there): a template's
own body's officers, leaders and unit administrators manage it, its leader or unit
administrator publishes; obligations are kept by the receiving body's staff or the
template's; cut-off rules by system administrators. Every write is a service (one
transaction, checked, audited); a form with bad input comes back with status 400, what was
typed kept and the error beside the field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial, reduce
from operator import or_
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Max, Prefetch, Q, QuerySet, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.accounts.models import User
from danvan.lib import figures
from danvan.lib.dates import format_vn_date, today
from danvan.lib.forms import add_service_errors, form_page
from danvan.lib.pagination import page_of
from danvan.org.models import Organization
from danvan.org.models.organizations import OrganizationLevel
from danvan.org.models.validity import valid_on

from . import access
from .forms_setup import (
    AdHocForm,
    CheckForm,
    CutoffRuleForm,
    EndObligationForm,
    IndicatorForm,
    ObligationForm,
    RuleForm,
    ScheduleForm,
    SectionForm,
    TemplateEditForm,
    TemplateForm,
    VersionForm,
)
from .models import (
    CutoffRule,
    Indicator,
    IndicatorCheck,
    Obligation,
    ObligationRule,
    PeriodKind,
    ReportingPeriod,
    ReportSchedule,
    ReportTemplate,
    Section,
    TemplateVersion,
    VersionState,
)
from .services import instances, obligations, periods, templates

# A body list longer than this is not a usable <select>; the searchable select narrows it.
MAX_BODIES = 500


def _user(request: HttpRequest) -> User:
    # Every view here is behind login_required.
    return cast(User, request.user)


# Reads ----------------------------------------------------------------------------------


def _by_level(bodies: QuerySet[Organization]) -> QuerySet[Organization]:
    """Higher levels first (the centre, the provinces, then the communes), by name; at most
    MAX_BODIES, as a queryset a choice field can still filter."""
    rank = Case(
        When(level=OrganizationLevel.CENTRAL, then=Value(0)),
        When(level=OrganizationLevel.PROVINCE, then=Value(1)),
        When(level=OrganizationLevel.DISTRICT, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    first = bodies.annotate(rank=rank).order_by("rank", "name", "pk").values("pk")[:MAX_BODIES]
    return Organization.objects.filter(pk__in=first).annotate(rank=rank).order_by("rank", "name")


def _managed(user: User) -> QuerySet[Organization]:
    """The bodies in force the user manages (their own staff, at their own level)."""
    return access.bodies_for(user, access.MANAGER_ROLES).filter(valid_on(today()))


def _inside(user: User) -> QuerySet[Organization]:
    """The bodies in force inside the territory of the bodies the user manages: those that
    may report to them (as `services.obligations.bodies_of` reads a territory)."""
    current = Organization.objects.current()
    if access.may_act_for(user, None):  # a superuser
        return current
    parts: list[Q] = []
    for body in _managed(user).values("level", "province_id", "current_unit_id")[:200]:
        if body["level"] == OrganizationLevel.CENTRAL:
            return current
        if body["level"] == OrganizationLevel.PROVINCE:
            parts.append(Q(province_id=body["province_id"]))
        else:
            parts.append(Q(current_unit_id=body["current_unit_id"]))
    return current.filter(reduce(or_, parts)) if parts else current.none()


def _with_versions(qs: QuerySet[ReportTemplate]) -> QuerySet[ReportTemplate]:
    return qs.select_related("owner").prefetch_related(
        Prefetch("versions", queryset=TemplateVersion.objects.order_by("-number")),
        Prefetch("schedules", queryset=ReportSchedule.objects.order_by("period_kind")),
    )


# Access ---------------------------------------------------------------------------------


def _viewer(request: HttpRequest) -> User:
    user = _user(request)
    if not user.has_perm("reports.view_reporttemplate"):
        raise PermissionDenied
    return user


def _template(request: HttpRequest, pk: int, *, change: bool = False) -> ReportTemplate:
    user = _viewer(request)
    template = get_object_or_404(ReportTemplate.objects.select_related("owner"), pk=pk)
    if change and not user.has_perm("reports.change_reporttemplate", template):
        raise PermissionDenied
    return template


def _of_template(request: HttpRequest, obj: Any) -> Any:
    """A record of a template's (a version, a section, …), for a manager of the template."""
    template = obj.template if hasattr(obj, "template") else obj.version.template
    if not _viewer(request).has_perm("reports.change_reporttemplate", template):
        raise PermissionDenied
    return obj


def _version(request: HttpRequest, pk: int) -> TemplateVersion:
    return _of_template(
        request,
        get_object_or_404(TemplateVersion.objects.select_related("template__owner"), pk=pk),
    )


def _section(request: HttpRequest, pk: int) -> Section:
    return _of_template(
        request,
        get_object_or_404(Section.objects.select_related("version__template__owner"), pk=pk),
    )


def _indicator(request: HttpRequest, pk: int) -> Indicator:
    return _of_template(
        request,
        get_object_or_404(
            Indicator.objects.select_related("version__template__owner", "section"), pk=pk
        ),
    )


def _frozen(request: HttpRequest, version: TemplateVersion) -> HttpResponse | None:
    """A published version's edit pages: what happened and what to do, status 400."""
    if version.state == VersionState.DRAFT:
        return None
    return render(
        request,
        "reports/setup_refused.html",
        {
            "version": version,
            "template": version.template,
            "message": _("A published version cannot change: start a new version."),
        },
        status=400,
    )


# Shared page patterns -------------------------------------------------------------------


def _crumbs(*steps: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("Report templates"), reverse("reports:setup_templates")), *steps]


def _of(template: ReportTemplate) -> tuple[str, str]:
    return template.name, reverse("reports:setup_template", args=[template.pk])


def _of_version(version: TemplateVersion) -> tuple[str, str]:
    return (
        _("Version %(n)s") % {"n": version.number},
        reverse("reports:setup_version", args=[version.pk]),
    )


def _form_page(
    request: HttpRequest,
    form: forms.Form,
    save: Callable[[dict[str, Any]], str],
    *,
    title: str,
    crumbs: list[tuple[str, str]],
    back: str,
    submit: str,
    intro: str = "",
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    return form_page(
        request,
        form,
        save,
        template="reports/setup_form.html",
        context={
            "title": title,
            "crumbs": crumbs,
            "back": back,
            "submit": submit,
            "intro": intro,
            **(extra or {}),
        },
    )


def _confirm_page(
    request: HttpRequest,
    do: Callable[[], str],
    *,
    title: str,
    text: str,
    button: str,
    crumbs: list[tuple[str, str]],
    back: str,
) -> HttpResponse:
    """A page that asks before an irreversible step (GET), and takes it (POST)."""
    errors: list[str] = []
    if request.method == "POST":
        try:
            return redirect(do())
        except ValidationError as error:
            errors = error.messages
    return render(
        request,
        "reports/setup_confirm.html",
        {
            "title": title,
            "text": text,
            "button": button,
            "crumbs": crumbs,
            "back": back,
            "errors": errors,
        },
        status=400 if errors else 200,
    )


def _refused(request: HttpRequest, error: ValidationError, back: str) -> HttpResponse:
    return render(
        request,
        "reports/setup_refused.html",
        {"message": " ".join(error.messages), "back": back},
        status=400,
    )


# Templates ------------------------------------------------------------------------------


@login_required
def templates_view(request: HttpRequest) -> HttpResponse:
    """The templates the user's bodies define, with their versions and schedules; and the
    templates of the bodies above theirs, on which they may receive reports."""
    user = _viewer(request)
    managed = _managed(user)
    own = _with_versions(ReportTemplate.objects.filter(owner__in=managed)).order_by(
        "owner__name", "name", "pk"
    )
    page, query = page_of(request, Paginator(own, 25))
    provinces = managed.exclude(province_id=None).values("province_id")
    above = (
        ReportTemplate.objects.select_related("owner")
        .filter(active=True, versions__state=VersionState.PUBLISHED)
        .exclude(owner__in=managed)
        .filter(
            Q(owner__level=OrganizationLevel.CENTRAL)
            | Q(owner__level=OrganizationLevel.PROVINCE, owner__province_id__in=provinces)
            | Q(obligations__receiver__in=managed)
        )
        .distinct()
        .order_by("name", "pk")
    )[:50]
    return render(
        request,
        "reports/setup_list.html",
        {
            "page": page,
            "query": query,
            "above": above,
            "can_add": user.has_perm("reports.add_reporttemplate"),
            "can_cutoffs": user.has_perm("reports.change_cutoffrule"),
        },
    )


@login_required
def template_new_view(request: HttpRequest) -> HttpResponse:
    user = _viewer(request)
    if not user.has_perm("reports.add_reporttemplate"):
        raise PermissionDenied
    bodies = _by_level(_managed(user))
    form = TemplateForm(request.POST or None, bodies=bodies)
    if not form.is_bound and len(few := list(bodies[:2])) == 1:
        form.initial["owner"] = few[0].pk

    def save(d: dict[str, Any]) -> str:
        template = templates.create_template(
            owner=d["owner"],
            code=d["code"],
            name=d["name"],
            topic=d["topic"],
            description=d.get("description") or "",
            applies_from=d["applies_from"],
            actor=user,
        )
        messages.success(
            request,
            _("The template is created with a draft version: add its sections and indicators."),
        )
        return reverse("reports:setup_template", args=[template.pk])

    return _form_page(
        request,
        form,
        save,
        title=_("Create a report template"),
        crumbs=_crumbs(),
        back=reverse("reports:setup_templates"),
        submit=_("Create the template"),
        intro=_(
            "A template says what the bodies below report: its sections, its figures and "
            "when they are due. It starts with a draft version that you build, then publish."
        ),
    )


@login_required
def template_view(request: HttpRequest, pk: int) -> HttpResponse:
    template = _template(request, pk)
    user = _user(request)
    versions = list(template.versions.select_related("published_by").order_by("-number"))
    can_change = user.has_perm("reports.change_reporttemplate", template)
    has_draft = any(v.state == VersionState.DRAFT for v in versions)
    return render(
        request,
        "reports/setup_template.html",
        {
            "template": template,
            "versions": versions,
            "schedules": template.schedules.order_by("period_kind"),
            "can_change": can_change,
            "can_new_version": can_change and not has_draft,
            "obligations_now": Obligation.objects.current().filter(template=template).count(),
            "crumbs": _crumbs(),
        },
    )


@login_required
def template_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    template = _template(request, pk, change=True)
    initial = {n: getattr(template, n) for n in ("name", "topic", "description", "active")}
    form = TemplateEditForm(request.POST or None, initial=initial)

    def save(d: dict[str, Any]) -> str:
        templates.update_template(
            template=template,
            name=d["name"],
            topic=d["topic"],
            description=d.get("description") or "",
            active=bool(d.get("active")),
            actor=_user(request),
        )
        messages.success(request, _("The template is saved."))
        return reverse("reports:setup_template", args=[template.pk])

    return _form_page(
        request,
        form,
        save,
        title=_("Edit the template"),
        crumbs=_crumbs(_of(template)),
        back=reverse("reports:setup_template", args=[template.pk]),
        submit=_("Save"),
    )


# Schedules ------------------------------------------------------------------------------


@login_required
def schedule_new_view(request: HttpRequest, pk: int) -> HttpResponse:
    template = _template(request, pk, change=True)
    form = ScheduleForm(request.POST or None)

    def save(d: dict[str, Any]) -> str:
        templates.add_schedule(
            template=template,
            period_kind=d["period_kind"],
            due_days=d["due_days"],
            remind_days=d["remind_days"],
            actor=_user(request),
        )
        messages.success(request, _("The kind of period is added."))
        return reverse("reports:setup_template", args=[template.pk]) + "#schedules-h"

    return _form_page(
        request,
        form,
        save,
        title=_("Report the template for a kind of period"),
        crumbs=_crumbs(_of(template)),
        back=reverse("reports:setup_template", args=[template.pk]),
        submit=_("Add"),
        intro=_(
            "Reports open for each period of this kind and fall due some days after its "
            "figures are cut off."
        ),
    )


@login_required
def ad_hoc_view(request: HttpRequest, pk: int) -> HttpResponse:
    template = _template(request, pk, change=True)
    form = AdHocForm(request.POST or None)

    def save(d: dict[str, Any]) -> str:
        period, made = instances.request_ad_hoc(
            template=template,
            label=d["label"],
            starts_on=d["starts_on"],
            ends_on=d["ends_on"],
            due=d["due"],
            actor=_user(request),
        )
        messages.success(
            request,
            _("The ad hoc report “%(label)s” is asked of %(n)s bodies.")
            % {"label": period.label, "n": made},
        )
        return reverse("reports:setup_template", args=[template.pk])

    return _form_page(
        request,
        form,
        save,
        title=_("Ask for an ad hoc report on “%(name)s”") % {"name": template.name},
        crumbs=_crumbs(_of(template)),
        back=reverse("reports:setup_template", args=[template.pk]),
        submit=_("Ask for the report"),
        intro=_(
            "Every body that reports on this template gets a report of its own for these "
            "dates, filled the same way, due on the day you set."
        ),
    )


def _schedule(request: HttpRequest, pk: int) -> ReportSchedule:
    return _of_template(
        request, get_object_or_404(ReportSchedule.objects.select_related("template__owner"), pk=pk)
    )


@login_required
def schedule_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    schedule = _schedule(request, pk)
    template = schedule.template
    initial = {n: getattr(schedule, n) for n in ("period_kind", "due_days", "remind_days")}
    form = ScheduleForm(request.POST or None, initial=initial)

    def save(d: dict[str, Any]) -> str:
        templates.update_schedule(
            schedule=schedule,
            period_kind=d["period_kind"],
            due_days=d["due_days"],
            remind_days=d["remind_days"],
            actor=_user(request),
        )
        messages.success(
            request, _("The schedule is saved; reports already open keep their due dates.")
        )
        return reverse("reports:setup_template", args=[template.pk]) + "#schedules-h"

    return _form_page(
        request,
        form,
        save,
        title=_("Edit the schedule"),
        crumbs=_crumbs(_of(template)),
        back=reverse("reports:setup_template", args=[template.pk]),
        submit=_("Save"),
        intro=_("Reports already open keep the due date they were opened with."),
    )


@login_required
def schedule_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    schedule = _schedule(request, pk)
    template = schedule.template

    def do() -> str:
        templates.delete_schedule(schedule=schedule, actor=_user(request))
        messages.success(request, _("The kind of period is removed."))
        return reverse("reports:setup_template", args=[template.pk]) + "#schedules-h"

    return _confirm_page(
        request,
        do,
        title=_("Stop reporting for %(kind)s periods?")
        % {"kind": schedule.get_period_kind_display()},
        text=_("No new reports open for this kind of period; reports already open stay."),
        button=_("Remove"),
        crumbs=_crumbs(_of(template)),
        back=reverse("reports:setup_template", args=[template.pk]),
    )


# Versions -------------------------------------------------------------------------------


def _periods_for(template: ReportTemplate) -> list[Any]:
    kinds = [s.period_kind for s in template.schedules.all()]
    # Ad hoc periods have no cut-off: a template reported only for them picks a month.
    return periods.upcoming(kinds, on=today(), count=12) or periods.upcoming(
        [PeriodKind.MONTH], on=today(), count=12
    )


@login_required
def version_new_view(request: HttpRequest, pk: int) -> HttpResponse:
    template = _template(request, pk, change=True)
    draft = template.versions.filter(state=VersionState.DRAFT).first()
    if draft is not None and request.method != "POST":
        messages.info(request, _("This template has a draft version already: edit it."))
        return redirect("reports:setup_version", pk=draft.pk)
    form = VersionForm(request.POST or None, periods=_periods_for(template))

    def save(d: dict[str, Any]) -> str:
        version = templates.new_version(
            template=template,
            applies_from=d["applies_from"],
            note=d.get("note") or "",
            actor=_user(request),
        )
        messages.success(
            request,
            _(
                "Version %(n)s is a draft copied from the latest version: change it, then "
                "publish it."
            )
            % {"n": version.number},
        )
        return reverse("reports:setup_version", args=[version.pk])

    return _form_page(
        request,
        form,
        save,
        title=_("Start a new version"),
        crumbs=_crumbs(_of(template)),
        back=reverse("reports:setup_template", args=[template.pk]),
        submit=_("Start the new version"),
        intro=_(
            "The new version starts as a copy of the latest one. Published versions never "
            "change, and each report keeps the version it was opened with."
        ),
    )


def _outline(version: TemplateVersion) -> list[tuple[Section, list[Indicator]]]:
    """The version's sections, each with its indicators in order (three queries)."""
    sections = list(version.sections.order_by("position"))
    rows: dict[int, list[Indicator]] = {s.pk: [] for s in sections}
    for i in version.indicators.select_related("weight", "numerator", "denominator").order_by(
        "position"
    ):
        rows.setdefault(i.section_id, []).append(i)
    return [(s, rows[s.pk]) for s in sections]


@login_required
def version_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = _viewer(request)
    version = get_object_or_404(
        TemplateVersion.objects.select_related("template__owner", "published_by"), pk=pk
    )
    template = version.template
    can_change = user.has_perm("reports.change_reporttemplate", template)
    editable = version.state == VersionState.DRAFT and can_change
    outline = _outline(version)
    indicators = [i for _s, rows in outline for i in rows]
    labels = {s.key: s.label for s in figures.sources().values()} if indicators else {}
    checks = version.checks.select_related("subject").prefetch_related("parts").order_by("pk")
    return render(
        request,
        "reports/setup_version.html",
        {
            "version": version,
            "template": template,
            "outline": [
                (s, [(i, labels.get(i.source, i.source)) for i in rows]) for s, rows in outline
            ],
            "checks": checks,
            "editable": editable,
            "can_new_version": can_change
            and not template.versions.filter(state=VersionState.DRAFT).exists(),
            "can_publish": version.state == VersionState.DRAFT
            and user.has_perm("reports.publish_templateversion", template),
            "section_form": SectionForm() if editable else None,
            "check_form": CheckForm(indicators=indicators) if editable and indicators else None,
            "crumbs": _crumbs(_of(template)),
        },
    )


@login_required
def version_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(request, pk)
    if refused := _frozen(request, version):
        return refused
    form = VersionForm(request.POST or None, periods=_periods_for(version.template))
    if not form.is_bound:
        form.initial = {"applies_from": form.choice_for(version.applies_from), "note": version.note}

    def save(d: dict[str, Any]) -> str:
        templates.update_version(
            version=version,
            applies_from=d["applies_from"],
            note=d.get("note") or "",
            actor=_user(request),
        )
        messages.success(request, _("The version is saved."))
        return reverse("reports:setup_version", args=[version.pk])

    return _form_page(
        request,
        form,
        save,
        title=_("Edit version %(n)s") % {"n": version.number},
        crumbs=_crumbs(_of(version.template), _of_version(version)),
        back=reverse("reports:setup_version", args=[version.pk]),
        submit=_("Save"),
        intro=_("It applies now to periods ending on or after %(day)s.")
        % {"day": format_vn_date(version.applies_from)},
    )


@login_required
def version_publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = _viewer(request)
    version = get_object_or_404(TemplateVersion.objects.select_related("template__owner"), pk=pk)
    template = version.template
    if not user.has_perm("reports.publish_templateversion", template):
        raise PermissionDenied
    back = reverse("reports:setup_version", args=[version.pk])
    if version.state != VersionState.DRAFT:
        # Published already (a second click): nothing to do.
        messages.info(request, _("This version is published."))
        return redirect(back)

    def do() -> str:
        templates.publish(version=version, actor=user)
        messages.success(
            request,
            _(
                "Version %(n)s is published: reports of periods ending on or after %(day)s "
                "open with it."
            )
            % {"n": version.number, "day": format_vn_date(version.applies_from)},
        )
        return back

    return _confirm_page(
        request,
        do,
        title=_("Publish version %(n)s of “%(name)s”?")
        % {"n": version.number, "name": template.name},
        text=_(
            "Once published, the version never changes. Reports of periods ending on or after "
            "%(day)s open with it; reports already open keep their version."
        )
        % {"day": format_vn_date(version.applies_from)},
        button=_("Publish"),
        crumbs=_crumbs(_of(template), _of_version(version)),
        back=back,
    )


# Sections -------------------------------------------------------------------------------


def _to_version(version: TemplateVersion, anchor: str = "") -> str:
    return reverse("reports:setup_version", args=[version.pk]) + (f"#{anchor}" if anchor else "")


@login_required
def section_new_view(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(request, pk)
    if refused := _frozen(request, version):
        return refused
    form = SectionForm(request.POST or None)

    def save(d: dict[str, Any]) -> str:
        section = templates.add_section(version=version, **_section_fields(d), actor=_user(request))
        messages.success(request, _("The section is added."))
        return _to_version(version, f"section-{section.pk}")

    return _form_page(
        request,
        form,
        save,
        title=_("Add a section"),
        crumbs=_crumbs(_of(version.template), _of_version(version)),
        back=_to_version(version),
        submit=_("Add the section"),
    )


def _section_fields(d: dict[str, Any]) -> dict[str, Any]:
    """What the section form gives the add and update services."""
    return {
        "heading": d.get("heading") or "",
        "title": d["title"],
        "guidance": d.get("guidance") or "",
        "narrative": bool(d.get("narrative")),
        "issue_table": bool(d.get("issue_table")),
    }


@login_required
def section_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    section = _section(request, pk)
    version = section.version
    if refused := _frozen(request, version):
        return refused
    initial = {
        n: getattr(section, n) for n in ("heading", "title", "guidance", "narrative", "issue_table")
    }
    form = SectionForm(request.POST or None, initial=initial)

    def save(d: dict[str, Any]) -> str:
        templates.update_section(section=section, **_section_fields(d), actor=_user(request))
        messages.success(request, _("The section is saved."))
        return _to_version(version, f"section-{section.pk}")

    return _form_page(
        request,
        form,
        save,
        title=_("Edit the section"),
        crumbs=_crumbs(_of(version.template), _of_version(version)),
        back=_to_version(version),
        submit=_("Save"),
    )


def _expected(request: HttpRequest) -> int | None:
    raw = str(request.POST.get("position", ""))
    return int(raw) if raw.isdigit() else None


def _moved(
    request: HttpRequest, move: Callable[..., object], version: TemplateVersion, anchor: str
) -> HttpResponse:
    """A section or an indicator one place up or down; `position` is where the person saw
    it, so that a second click on the same button moves nothing."""
    try:
        move(
            up=request.POST.get("direction") == "up",
            expected=_expected(request),
            actor=_user(request),
        )
    except ValidationError as error:
        return _refused(request, error, _to_version(version))
    return redirect(_to_version(version, anchor))


@login_required
@require_POST
def section_move_view(request: HttpRequest, pk: int) -> HttpResponse:
    section = _section(request, pk)
    move = partial(templates.move_section, section=section)
    return _moved(request, move, section.version, f"section-{section.pk}")


@login_required
def section_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    section = _section(request, pk)
    version = section.version
    if refused := _frozen(request, version):
        return refused
    n = section.indicators.count()

    def do() -> str:
        templates.delete_section(section=section, actor=_user(request))
        messages.success(request, _("The section is deleted."))
        return _to_version(version)

    return _confirm_page(
        request,
        do,
        title=_("Delete the section “%(title)s”?") % {"title": section.title},
        text=_("Its %(n)s indicators are deleted with it.") % {"n": n}
        if n
        else _("It has no indicator."),
        button=_("Delete the section"),
        crumbs=_crumbs(_of(version.template), _of_version(version)),
        back=_to_version(version, f"section-{section.pk}"),
    )


# Indicators -----------------------------------------------------------------------------


def _indicator_intro() -> str:
    return _(
        "A weighted average needs the indicator it is weighted by; a ratio its numerator and "
        "denominator. A figure filled from the platform has the indicator's type."
    )


@login_required
def indicator_new_view(request: HttpRequest, pk: int) -> HttpResponse:
    section = _section(request, pk)
    version = section.version
    if refused := _frozen(request, version):
        return refused
    form = IndicatorForm(request.POST or None, version=version)

    def save(d: dict[str, Any]) -> str:
        indicator = templates.add_indicator(section=section, spec=form.spec(), actor=_user(request))
        messages.success(request, _("The indicator is added."))
        return _to_version(version, f"indicator-{indicator.pk}")

    return _form_page(
        request,
        form,
        save,
        title=_("Add an indicator to “%(section)s”") % {"section": section.title},
        crumbs=_crumbs(_of(version.template), _of_version(version)),
        back=_to_version(version, f"section-{section.pk}"),
        submit=_("Add the indicator"),
        intro=_indicator_intro(),
    )


@login_required
def indicator_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = _indicator(request, pk)
    version = indicator.version
    if refused := _frozen(request, version):
        return refused
    form = IndicatorForm(
        request.POST or None,
        version=version,
        itself=indicator,
        initial=IndicatorForm.initial_of(indicator),
    )

    def save(d: dict[str, Any]) -> str:
        templates.update_indicator(
            indicator=indicator, spec=form.spec(), section=d["section"], actor=_user(request)
        )
        messages.success(request, _("The indicator is saved."))
        return _to_version(version, f"indicator-{indicator.pk}")

    return _form_page(
        request,
        form,
        save,
        title=_("Edit the indicator “%(label)s”") % {"label": indicator.label},
        crumbs=_crumbs(_of(version.template), _of_version(version)),
        back=_to_version(version, f"indicator-{indicator.pk}"),
        submit=_("Save"),
        intro=_indicator_intro(),
        extra={
            "delete_url": reverse("reports:setup_indicator_delete", args=[indicator.pk]),
            "delete_label": _("Delete the indicator"),
        },
    )


@login_required
@require_POST
def indicator_move_view(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = _indicator(request, pk)
    move = partial(templates.move_indicator, indicator=indicator)
    return _moved(request, move, indicator.version, f"indicator-{indicator.pk}")


@login_required
def indicator_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = _indicator(request, pk)
    version = indicator.version
    if refused := _frozen(request, version):
        return refused

    def do() -> str:
        templates.delete_indicator(indicator=indicator, actor=_user(request))
        messages.success(request, _("The indicator is deleted."))
        return _to_version(version, f"section-{indicator.section_id}")

    return _confirm_page(
        request,
        do,
        title=_("Delete the indicator “%(label)s”?") % {"label": indicator.label},
        text=_("The indicator leaves this draft; published versions keep theirs."),
        button=_("Delete the indicator"),
        crumbs=_crumbs(_of(version.template), _of_version(version)),
        back=_to_version(version, f"indicator-{indicator.pk}"),
    )


# Checks ---------------------------------------------------------------------------------


@login_required
def check_new_view(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(request, pk)
    if refused := _frozen(request, version):
        return refused
    form = CheckForm(request.POST or None, indicators=list(version.indicators.order_by("position")))

    def save(d: dict[str, Any]) -> str:
        templates.add_check(
            version=version,
            kind=d["kind"],
            subject=d["subject"],
            parts=list(d["parts"]),
            actor=_user(request),
        )
        messages.success(request, _("The check is added."))
        return _to_version(version, "checks-h")

    return _form_page(
        request,
        form,
        save,
        title=_("Add a check"),
        crumbs=_crumbs(_of(version.template), _of_version(version)),
        back=_to_version(version, "checks-h"),
        submit=_("Add the check"),
    )


@login_required
def check_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    check = _of_template(
        request,
        get_object_or_404(
            IndicatorCheck.objects.select_related("version__template__owner", "subject"), pk=pk
        ),
    )
    version = check.version
    if refused := _frozen(request, version):
        return refused

    def do() -> str:
        templates.delete_check(check=check, actor=_user(request))
        messages.success(request, _("The check is deleted."))
        return _to_version(version, "checks-h")

    return _confirm_page(
        request,
        do,
        title=_("Delete the check on “%(label)s”?") % {"label": check.subject.label},
        text=str(check.get_kind_display()),
        button=_("Delete the check"),
        crumbs=_crumbs(_of(version.template), _of_version(version)),
        back=_to_version(version, "checks-h"),
    )


# Obligations ----------------------------------------------------------------------------


def _keeper(request: HttpRequest, pk: int) -> tuple[User, ReportTemplate]:
    user = _viewer(request)
    template = get_object_or_404(ReportTemplate.objects.select_related("owner"), pk=pk)
    if not user.has_perm("reports.add_obligation", template):
        raise PermissionDenied
    return user, template


@login_required
def obligations_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The rules of a template and the obligations in force they made (or ended, on
    request): all of them for the template's managers, those received by the user's bodies
    for the others."""
    user, template = _keeper(request, pk)
    everything = user.has_perm("reports.change_reporttemplate", template)
    managed = _managed(user)
    rules = ObligationRule.objects.filter(template=template)
    rows = Obligation.objects.filter(template=template)
    if not everything:
        rules = rules.filter(receiver__in=managed)
        rows = rows.filter(receiver__in=managed)
    ended = request.GET.get("ended") == "1"
    if not ended:
        rows = rows.current()
    rules = (
        rules.select_related("receiver")
        .prefetch_related(Prefetch("chosen", queryset=Organization.objects.order_by("name")))
        .annotate(
            in_force=Count(
                "obligations",
                filter=Q(obligations__valid_to__isnull=True)
                | Q(obligations__valid_to__gte=today()),
            )
        )
        .order_by("receiver__name", "pk")
    )
    rows = rows.select_related("reporter", "receiver", "rule").order_by(
        "receiver__name", "reporter__name", "-valid_from", "pk"
    )
    page, query = page_of(request, Paginator(rows, 50))
    return render(
        request,
        "reports/setup_obligations.html",
        {
            "template": template,
            "rules": rules,
            "page": page,
            "query": query,
            "ended": ended,
            "everything": everything,
            "crumbs": _crumbs(_of(template)),
        },
    )


def _to_obligations(template: ReportTemplate) -> str:
    return reverse("reports:setup_obligations", args=[template.pk])


@login_required
def rule_new_view(request: HttpRequest, pk: int) -> HttpResponse:
    user, template = _keeper(request, pk)
    receivers = _by_level(_managed(user))
    form = RuleForm(request.POST or None, receivers=receivers, candidates=_by_level(_inside(user)))

    def save(d: dict[str, Any]) -> str:
        rule = obligations.create_rule(
            template=template,
            receiver=d["receiver"],
            kind=d["kind"],
            organization_kind=d.get("organization_kind") or "",
            level=d.get("level") or "",
            chosen=list(d.get("chosen") or []),
            on=d["on"],
            actor=user,
        )
        n = rule.obligations.filter(valid_to__isnull=True).count()
        messages.success(
            request,
            _("The rule is added: %(n)s bodies report to %(body)s from %(day)s.")
            % {"n": n, "body": rule.receiver.name, "day": format_vn_date(d["on"])},
        )
        return _to_obligations(template)

    return _form_page(
        request,
        form,
        save,
        title=_("Add a rule: who reports to whom"),
        crumbs=_crumbs(_of(template), (_("Who reports"), _to_obligations(template))),
        back=_to_obligations(template),
        submit=_("Add the rule"),
        intro=_(
            "The rule makes an obligation for every body it names that does not report on "
            "this template yet. Apply it again after the network changes."
        ),
    )


@login_required
@require_POST
def rule_apply_view(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(
        ObligationRule.objects.select_related("template__owner", "receiver"), pk=pk
    )
    user = _viewer(request)
    if not user.has_perm("reports.change_obligation", rule):
        raise PermissionDenied
    started, ended = obligations.apply_rule(rule=rule, actor=user)
    messages.success(
        request,
        _("The rule is applied: %(started)s obligations started, %(ended)s ended.")
        % {"started": started, "ended": ended},
    )
    return redirect(_to_obligations(rule.template))


@login_required
def obligation_new_view(request: HttpRequest, pk: int) -> HttpResponse:
    user, template = _keeper(request, pk)
    form = ObligationForm(
        request.POST or None,
        receivers=_by_level(_managed(user)),
        candidates=_by_level(_inside(user)),
    )

    def save(d: dict[str, Any]) -> str:
        obligations.add_obligation(
            template=template,
            reporter=d["reporter"],
            receiver=d["receiver"],
            on=d["on"],
            actor=user,
        )
        messages.success(
            request,
            _("%(reporter)s reports to %(receiver)s from %(day)s.")
            % {
                "reporter": d["reporter"].name,
                "receiver": d["receiver"].name,
                "day": format_vn_date(d["on"]),
            },
        )
        return _to_obligations(template)

    return _form_page(
        request,
        form,
        save,
        title=_("Add an obligation by hand"),
        crumbs=_crumbs(_of(template), (_("Who reports"), _to_obligations(template))),
        back=_to_obligations(template),
        submit=_("Add the obligation"),
    )


@login_required
def obligation_end_view(request: HttpRequest, pk: int) -> HttpResponse:
    obligation = get_object_or_404(
        Obligation.objects.select_related("template__owner", "reporter", "receiver"), pk=pk
    )
    user = _viewer(request)
    if not user.has_perm("reports.change_obligation", obligation):
        raise PermissionDenied
    template = obligation.template
    if obligation.valid_to is not None:
        messages.info(
            request,
            _("This obligation ended on %(day)s.") % {"day": format_vn_date(obligation.valid_to)},
        )
        return redirect(_to_obligations(template))
    form = EndObligationForm(request.POST or None)
    intro = _("%(reporter)s reports to %(receiver)s on “%(template)s” since %(day)s.") % {
        "reporter": obligation.reporter.name,
        "receiver": obligation.receiver.name,
        "template": template.name,
        "day": format_vn_date(obligation.valid_from) if obligation.valid_from else "—",
    }
    if obligation.rule_id:
        intro += " " + _(
            "A rule made it: applying the rule again starts it again while the rule names "
            "this body."
        )

    def save(d: dict[str, Any]) -> str:
        obligations.end_obligation(obligation=obligation, on=d["on"], actor=user)
        messages.success(
            request,
            _("%(reporter)s reports to %(receiver)s until %(day)s.")
            % {
                "reporter": obligation.reporter.name,
                "receiver": obligation.receiver.name,
                "day": format_vn_date(d["on"]),
            },
        )
        return _to_obligations(template)

    return _form_page(
        request,
        form,
        save,
        title=_("End the obligation of %(reporter)s") % {"reporter": obligation.reporter.name},
        crumbs=_crumbs(_of(template), (_("Who reports"), _to_obligations(template))),
        back=_to_obligations(template),
        submit=_("End the obligation"),
        intro=intro,
    )


# Cut-off rules --------------------------------------------------------------------------


def _cutoff_admin(request: HttpRequest) -> User:
    user = _user(request)
    if not user.has_perm("reports.change_cutoffrule"):
        raise PermissionDenied
    return user


@login_required
def cutoffs_view(request: HttpRequest) -> HttpResponse:
    """The cut-off rules, by kind of period, which of them periods already follow, and the
    next periods they make; a form to add a rule from a date."""
    user = _cutoff_admin(request)
    form = CutoffRuleForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                periods.add_cutoff_rule(
                    kind=d["kind"],
                    start_day=d["start_day"],
                    starts_month_before=bool(d.get("starts_month_before")),
                    effective_from=d["effective_from"],
                    legal_basis=d.get("legal_basis") or "",
                    actor=user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The cut-off rule is added."))
                return redirect("reports:setup_cutoffs")
        status = 400
    order = {k: n for n, k in enumerate(periods.NUMBERS)}
    rules = sorted(
        CutoffRule.objects.all(),
        key=lambda r: (order.get(r.kind, 9), -r.effective_from.toordinal()),
    )
    used = periods.rules_in_use()
    kinds = list(periods.NUMBERS)
    made = _made_until(kinds)
    return render(
        request,
        "reports/setup_cutoffs.html",
        {
            "rules": [(r, used.get(r.pk)) for r in rules],
            "made": [(PeriodKind(k).label, made.get(k)) for k in kinds],
            "next": periods.upcoming(kinds, on=today(), count=2),
            "form": form,
            "crumbs": _crumbs(),
        },
        status=status,
    )


def _made_until(kinds: list[str]) -> dict[str, dt.date]:
    return {
        row["kind"]: row["last"]
        for row in ReportingPeriod.objects.filter(kind__in=kinds)
        .values("kind")
        .annotate(last=Max("ends_on"))
        .order_by()
    }


@login_required
def cutoff_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = _cutoff_admin(request)
    rule = get_object_or_404(CutoffRule, pk=pk)
    used = periods.rules_in_use().get(rule.pk)
    initial = {
        n: getattr(rule, n)
        for n in ("start_day", "starts_month_before", "effective_from", "legal_basis")
    }
    form = CutoffRuleForm(request.POST or None, initial=initial, editing=True)
    if used is not None:
        for name in ("start_day", "starts_month_before", "effective_from"):
            form.fields[name].disabled = True

    def save(d: dict[str, Any]) -> str:
        periods.change_cutoff_rule(
            rule=rule,
            start_day=d["start_day"],
            starts_month_before=bool(d.get("starts_month_before")),
            effective_from=d["effective_from"],
            legal_basis=d.get("legal_basis") or "",
            actor=user,
        )
        messages.success(request, _("The cut-off rule is saved."))
        return reverse("reports:setup_cutoffs")

    if used is not None:
        intro = _(
            "Periods already follow this rule (the latest ends on %(day)s): only its legal "
            "basis can be corrected. To change the cut-off, add a new rule from a later date."
        ) % {"day": format_vn_date(used)}
    else:
        intro = _("No period follows this rule yet: it can be corrected in full.")
    return _form_page(
        request,
        form,
        save,
        title=_("Edit the cut-off rule: %(kind)s") % {"kind": rule.get_kind_display()},
        crumbs=_crumbs((_("Cut-off of the reporting periods"), reverse("reports:setup_cutoffs"))),
        back=reverse("reports:setup_cutoffs"),
        submit=_("Save"),
        intro=intro,
    )
