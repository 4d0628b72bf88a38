"""The officer's side of "Dân vận khéo" models: the registry in scope, registering a model,
and its page with each step of its life (build, evaluate, recognize, replicate, review).

Every write goes through `services`, which check the permission and the state; the pages
only offer what the user may do now.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from danvan.accounts import scopes
from danvan.accounts.models import User
from danvan.lib.dates import today
from danvan.lib.forms import add_service_errors
from danvan.lib.pagination import page_of
from danvan.org.models import Organization

from . import access, exports, selectors, services
from .access import EVALUATOR_ROLES, OWNER_ROLES, RECOGNIZER_ROLES
from .forms import (
    EditForm,
    EvaluateForm,
    EvidenceForm,
    RecognizeForm,
    RegisterForm,
    ReplicationForm,
    ReviewForm,
)
from .models import (
    Criterion,
    Evaluation,
    EvidenceFile,
    Exemplar,
    ExemplarField,
    ExemplarKind,
    ExemplarResult,
    ExemplarState,
    Inquiry,
    Metric,
    Recognition,
    Replication,
    Review,
)
from .showcase import format_value

PER_PAGE = 25
EVALUABLE = {ExemplarState.BUILDING, ExemplarState.EVALUATED, ExemplarState.RECOGNIZED}
RECOGNIZABLE = {ExemplarState.EVALUATED, ExemplarState.RECOGNIZED}
RECOGNIZING_LEVELS = ("commune", "province", "central")


def _user(request: HttpRequest) -> User:
    # Every view here is behind login_required, so the user is a real account.
    return cast(User, request.user)


# The registry -------------------------------------------------------------------------------


@login_required
def registry_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not user.has_perm("exemplars.view_exemplar"):
        raise PermissionDenied
    filters = selectors.RegistryFilters.from_query(request.GET)
    page, query = page_of(request, Paginator(selectors.registry(user, filters), PER_PAGE))
    return render(
        request,
        "exemplars/officer/registry.html",
        {
            "page": page,
            "filters": filters,
            "query": query,
            "states": ExemplarState.choices,
            "kinds": ExemplarKind.choices,
            "fields": ExemplarField.choices,
            "can_add": user.has_perm("exemplars.add_exemplar"),
        },
    )


@login_required
def registry_xlsx_view(request: HttpRequest) -> FileResponse:
    """The registry in scope with the same filters, as XLSX (names of individuals included:
    staff in scope see them on the pages too)."""
    user = _user(request)
    if not user.has_perm("exemplars.view_exemplar"):
        raise PermissionDenied
    models = selectors.registry(user, selectors.RegistryFilters.from_query(request.GET))
    return FileResponse(
        exports.xlsx_file(models),
        as_attachment=True,
        filename=f"so-theo-doi-mo-hinh-{today():%Y%m%d}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


# Registering --------------------------------------------------------------------------------


def _details(form: RegisterForm) -> dict[str, Any]:
    """What a registration and an edit pass to the services, from the filled-in form."""
    d = form.cleaned_data
    names = [
        *("kind", "name", "holder_name", "public_consent", "field", "year", "period_start"),
        *("period_end", "description", "latitude", "longitude"),
    ]
    return {
        **{n: d[n] for n in names},
        "subfields": list(d["subfields"]),
        "results": form.results(),
    }


def _errors_to_form(form: Any, error: ValidationError) -> None:
    # The results are several inputs, not one field: their messages go above them.
    if (
        hasattr(error, "error_dict")
        and "results" in error.error_dict
        and hasattr(form, "results_errors")
    ):
        form.results_errors = list(error.message_dict["results"])
        error = ValidationError({k: v for k, v in error.error_dict.items() if k != "results"})
        if not error.error_dict:
            return
    add_service_errors(form, error)


@login_required
def new_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not user.has_perm("exemplars.add_exemplar"):
        raise PermissionDenied
    bodies = selectors.bodies_acting_for(user, OWNER_ROLES)
    form = RegisterForm(request.POST or None, bodies=bodies)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            exemplar = services.register(
                actor=user,
                organization=d["organization"],
                **_details(form),
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(
                request, _("“%(name)s” has been registered.") % {"name": exemplar.name}
            )
            return redirect("exemplars:detail", pk=exemplar.pk)
    return render(request, "exemplars/officer/new.html", {"form": form})


@login_required
def edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    exemplar = _exemplar_for(request, pk, access.Action.CHANGE)
    user = _user(request)
    form = EditForm(request.POST or None, exemplar=exemplar)
    if request.method == "POST" and form.is_valid():
        try:
            services.update(
                actor=user,
                exemplar=exemplar,
                **_details(form),
            )
        except ValidationError as error:
            _errors_to_form(form, error)
            exemplar.refresh_from_db()
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("exemplars:detail", pk=exemplar.pk)
    return render(request, "exemplars/officer/edit.html", {"form": form, "exemplar": exemplar})


# A model's page -----------------------------------------------------------------------------


def _bodies_above(user: User, exemplar: Exemplar, roles: frozenset[str]) -> QuerySet[Organization]:
    """The bodies the user acts for above the registering body (as services._acting_body):
    a subtree grant in one of `roles` that covers it and is not on it."""
    ids = {g.organization_id for g in access.grants_above(user, exemplar.organization, roles)}
    return Organization.objects.filter(pk__in=ids).order_by("name", "pk")


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


def _history(exemplar: Exemplar) -> list[tuple[Any, list[Change]]]:
    """Each version of the model, oldest first, with who saved it and what changed."""
    records = list(exemplar.history.select_related("history_user").order_by("history_date", "pk"))
    fields = {f.name: f for f in Exemplar._meta.fields}

    def shown(name: str, value: Any) -> str:
        field = fields.get(name)
        if field is not None and field.choices:
            return str(dict(field.flatchoices).get(value, value or "—"))
        if value in (None, ""):
            return "—"
        return str(value)

    rows: list[tuple[Any, list[Change]]] = []
    previous = None
    for record in records:
        changes: list[Change] = []
        if previous is not None:
            for change in record.diff_against(previous, excluded_fields=["updated_at"]).changes:
                field = fields.get(change.field)
                label = str(field.verbose_name) if field is not None else change.field
                changes.append(
                    Change(label, shown(change.field, change.old), shown(change.field, change.new))
                )
        rows.append((record, changes))
        previous = record
    return rows


def _exemplar_for(
    request: HttpRequest, pk: int, action: access.Action = access.Action.VIEW
) -> Exemplar:
    return access.exemplar_for(
        request.user,
        pk,
        action,
        Exemplar.objects.select_related(
            "organization", "organization__current", "unit", "province", "registered_by"
        ),
    )


@dataclass
class Step:
    """An action on the page: whether the user may take it now, and its form."""

    allowed: bool
    form: Any = None


def _steps(user: User, exemplar: Exemplar, action: str | None, data: Any) -> dict[str, Step]:
    state = exemplar.state
    can_change = access.may(user, exemplar, access.Action.CHANGE)
    can_evaluate = access.may(user, exemplar, access.Action.EVALUATE)
    can_recognize = access.may(user, exemplar, access.Action.RECOGNIZE)
    adopters = selectors.adopting_bodies(user, exemplar)

    def step(name: str, allowed: bool, form_class: Any = None, **kwargs: Any) -> Step:
        # A form is built only for a step the user may take now. Several forms share field
        # names (by, note): each form's ids are its own.
        if not allowed or form_class is None:
            return Step(allowed)
        form = form_class(data if action == name else None, auto_id=f"id_{name}_%s", **kwargs)
        return Step(allowed, form)

    return {
        "start": step("start", can_change and state == ExemplarState.REGISTERED),
        "evaluate": step(
            "evaluate",
            can_evaluate and state in EVALUABLE,
            EvaluateForm,
            bodies=_bodies_above(user, exemplar, EVALUATOR_ROLES),
        ),
        "recognize": step(
            "recognize",
            can_recognize and state in RECOGNIZABLE,
            RecognizeForm,
            bodies=_bodies_above(user, exemplar, RECOGNIZER_ROLES).filter(
                level__in=RECOGNIZING_LEVELS
            ),
        ),
        # Whoever acts for another body in scope records that it adopted the model.
        "replicate": step(
            "replicate",
            state == ExemplarState.RECOGNIZED
            and scopes.has_role(user, OWNER_ROLES)
            and adopters.exists(),
            ReplicationForm,
            bodies=adopters,
        ),
        "review": step("review", can_change and state == ExemplarState.RECOGNIZED, ReviewForm),
    }


def _do(user: User, exemplar: Exemplar, action: str, step: Step) -> Callable[[], object]:
    d = step.form.cleaned_data if step.form is not None else {}
    calls: dict[str, Callable[[], object]] = {
        "start": lambda: services.start_building(actor=user, exemplar=exemplar),
        "evaluate": lambda: services.evaluate(
            actor=user,
            exemplar=exemplar,
            by=d["by"],
            scores=step.form.scores(),
            comment=d["comment"],
        ),
        "recognize": lambda: services.recognize(
            actor=user,
            exemplar=exemplar,
            by=d["by"],
            decision_number=d["decision_number"],
            decision_date=d["decision_date"],
        ),
        "replicate": lambda: services.record_replication(
            actor=user,
            exemplar=exemplar,
            organization=d["organization"],
            adopted_on=d["adopted_on"],
            note=d["note"],
        ),
        "review": lambda: services.review(
            actor=user,
            exemplar=exemplar,
            outcome=d["outcome"],
            reviewed_on=d["reviewed_on"],
            note=d["note"],
        ),
    }
    return calls[action]


def _done(action: str) -> str:
    return {
        "start": _("Building of the model has started."),
        "evaluate": _("The evaluation has been recorded."),
        "recognize": _("The recognition decision has been recorded."),
        "replicate": _("The replication has been recorded."),
        "review": _("The review has been recorded."),
    }[action]


def _perform(request: HttpRequest, exemplar: Exemplar, action: str, steps: dict[str, Step]) -> bool:
    step = steps.get(action)
    if step is None:
        messages.error(request, _("Unknown action."))
        return False
    if not step.allowed:
        # Not offered to this user, or not in this state: the services decide which.
        if _permitted(_user(request), exemplar, action):
            messages.error(
                request,
                _("This cannot be done while the model is “%(state)s”.")
                % {"state": exemplar.get_state_display()},
            )
            return False
        raise PermissionDenied
    if step.form is not None and not step.form.is_valid():
        return False
    try:
        _do(_user(request), exemplar, action, step)()
    except ValidationError as error:
        if step.form is not None:
            _errors_to_form(step.form, error)
        else:
            messages.error(request, " ".join(error.messages))
        exemplar.refresh_from_db()
        return False
    messages.success(request, _done(action))
    return True


def _permitted(user: User, exemplar: Exemplar, action: str) -> bool:
    """Whether the user may take this kind of step on this model at all (whatever its state)."""
    if action in ("start", "review"):
        return access.may(user, exemplar, access.Action.CHANGE)
    if action == "evaluate":
        return access.may(user, exemplar, access.Action.EVALUATE)
    if action == "recognize":
        return access.may(user, exemplar, access.Action.RECOGNIZE)
    # Recording a replication needs another body to act for; only the state can be wrong.
    return scopes.has_role(user, OWNER_ROLES) and exemplar.state != ExemplarState.RECOGNIZED


@login_required
def detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    exemplar = _exemplar_for(request, pk)
    user = _user(request)
    action = request.POST.get("action") if request.method == "POST" else None
    steps = _steps(user, exemplar, action, request.POST if action else None)
    if action and _perform(request, exemplar, action, steps):
        return redirect("exemplars:detail", pk=exemplar.pk)
    criteria = {c.code: c for c in Criterion.objects.all()}
    evaluations = list(
        Evaluation.objects.filter(exemplar=exemplar)
        .select_related("organization", "evaluated_by")
        .order_by("evaluated_on", "id")
    )
    scored = [
        (
            e,
            [
                (
                    criteria[code].name if code in criteria else code,
                    score,
                    criteria[code].max_score if code in criteria else None,
                )
                for code, score in e.scores.items()
            ],
        )
        for e in evaluations
    ]
    return render(
        request,
        "exemplars/officer/detail.html",
        {
            "exemplar": exemplar,
            "subfields": list(exemplar.subfields.all()),
            "results": _result_lines(exemplar),
            "evaluations": scored,
            "recognitions": Recognition.objects.filter(exemplar=exemplar)
            .select_related("organization", "recognized_by")
            .order_by("decision_date", "id"),
            "replications": Replication.objects.filter(exemplar=exemplar)
            .select_related("organization", "recorded_by")
            .order_by("adopted_on", "id"),
            "reviews": Review.objects.filter(exemplar=exemplar)
            .select_related("reviewed_by")
            .order_by("reviewed_on", "id"),
            "history": _history(exemplar),
            "evidence": list(
                EvidenceFile.objects.filter(exemplar=exemplar)
                .select_related("uploaded_by")
                .order_by("kind", "id")
            ),
            "can_change": access.may(user, exemplar, access.Action.CHANGE),
            "inquiries": list(
                Inquiry.objects.filter(exemplar=exemplar).select_related(
                    "asking_body", "asked_by", "answered_by"
                )
            ),
            "evidence_form": EvidenceForm(auto_id="id_evidence_%s"),
            "steps": steps,
            "action": action,
            "successor": exemplar.organization.current
            if exemplar.organization.current_id not in (None, exemplar.organization_id)
            else None,
        },
    )


def _result_lines(exemplar: Exemplar) -> list[tuple[str, str]]:
    order = {metric: i for i, metric in enumerate(Metric.values)}
    rows = sorted(
        ExemplarResult.objects.filter(exemplar=exemplar),
        key=lambda r: order.get(r.metric, len(order)),
    )
    return [(str(r.get_metric_display()), format_value(r.value)) for r in rows]


__all__ = ["detail_view", "edit_view", "new_view", "registry_view", "registry_xlsx_view"]
