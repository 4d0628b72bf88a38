"""The households pages: the commune's list, a household's record and what it received, the
import of the list. Who may do what is access.py's; every write and every reading of personal
data is services.households' (which logs the reading); bad input comes back with status 400
and the error beside the field."""

from __future__ import annotations

import io
import uuid
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from danvan.accounts.models import User
from danvan.lib.access import user_allowed
from danvan.lib.dates import today
from danvan.lib.forms import add_service_errors, form_page
from danvan.lib.pagination import page_of
from danvan.lib.spreadsheets import XLSX_CONTENT_TYPE, write_errors_csv
from danvan.org.models import Organization
from danvan.org.models.organizations import OrganizationLevel

from . import access
from .forms_households import (
    CancelSupportForm,
    ConfirmImportForm,
    HouseholdFilter,
    HouseholdForm,
    ImportForm,
    LeftForm,
    PurposeForm,
    SupportForm,
)
from .models import CampaignStatus, Household, Support, SupportSource
from .selectors import households as select
from .services import household_import as importing
from .services import households as services

A = access.Action
PAGE = 50


def staff(request: HttpRequest) -> User:
    return cast(User, user_allowed(request, "campaigns.use"))


def crumbs(*steps: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("Households supported"), reverse("campaigns:households")), *steps]


def _keepers(user: User) -> QuerySet[Organization]:
    """The commune-level bodies whose lists the user keeps (add, import)."""
    return (
        access.list_keepers_for(user)
        .filter(level=OrganizationLevel.COMMUNE, current_unit__isnull=False)
        .order_by("name")
    )


# ---- the list ----------------------------------------------------------------------------


@login_required
@require_GET
def list_view(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    year = today().year
    readable = select.readable(user)
    filters = HouseholdFilter(request.GET or None, years=select.list_years(readable))
    chosen = select.Filters()
    status = 200
    if filters.is_bound:
        if filters.is_valid():
            d = filters.cleaned_data
            chosen = select.Filters(
                code=d["code"],
                category=d["category"],
                village=d["village"],
                list_year=d["list_year"],
                state=d["state"] or select.State.ON_LIST,
                nothing_this_year=d["nothing"],
            )
        else:
            status = 400
    rows = select.households(readable, chosen, year=year)
    page, query = page_of(request, Paginator(rows, PAGE))
    shown = list(page.object_list)
    may_names = any(access.may_household(user, h, A.PERSONAL) for h in shown)
    names: dict[int, str] = {}
    names_form = PurposeForm(request.GET if "purpose" in request.GET else None)
    if names_form.is_bound and may_names:
        if names_form.is_valid():
            names = services.reveal_page(
                actor=user, households=shown, purpose=names_form.cleaned_data["purpose"]
            )
        else:
            status = 400
    keepers = _keepers(user)
    return render(
        request,
        "campaigns/households/list.html",
        {
            "page": page,
            "rows": [(h, names.get(h.pk, "")) for h in shown],
            "query": query,
            "filters": filters,
            "figures": select.figures(readable, year=year),
            "year": year,
            "several_lists": len({h.keeper_id for h in shown}) > 1,
            "may_names": may_names,
            "names_form": names_form,
            "names_shown": bool(names),
            "kept_query": [(k, v) for k, v in request.GET.items() if k not in ("purpose", "page")],
            "can_add": access.writes_anywhere(user) and keepers.exists(),
        },
        status=status,
    )


@login_required
@require_GET
def summary_view(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    text = request.GET.get("year", "")
    year = int(text) if text.isdigit() and 2000 <= int(text) <= today().year else today().year
    return render(
        request,
        "campaigns/households/summary.html",
        {
            "summary": select.summary(select.readable(user), year=year),
            "years": list(range(today().year, today().year - 6, -1)),
            "crumbs": crumbs(),
        },
    )


# ---- one household -----------------------------------------------------------------------


def _detail(
    request: HttpRequest,
    user: User,
    household: Household,
    *,
    status: int = 200,
    **context: Any,
) -> HttpResponse:
    can_manage = access.may_household(user, household, A.MANAGE)
    also = services.also_listed(actor=user, household=household) if can_manage else []
    return render(
        request,
        "campaigns/households/detail.html",
        {
            "household": household,
            "history": select.history(household),
            "can_manage": can_manage,
            "can_personal": access.may_household(user, household, A.PERSONAL),
            "reveal_form": context.pop("reveal_form", None) or PurposeForm(),
            "left_form": context.pop("left_form", None) or LeftForm(initial={"left_on": today()}),
            "cancel_form": CancelSupportForm(),
            "also_listed": services.same_person_warning(also),
            "crumbs": crumbs(),
            **context,
        },
        status=status,
    )


@login_required
def detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    household = access.get_household(user, pk)
    if request.method != "POST":
        return _detail(request, user, household)
    if not access.may_household(user, household, A.PERSONAL):
        raise PermissionDenied
    form = PurposeForm(request.POST)
    if not form.is_valid():
        return _detail(request, user, household, reveal_form=form, status=400)
    data = services.reveal(actor=user, household=household, purpose=form.cleaned_data["purpose"])
    return _detail(request, user, household, data=data)


def _household_form(
    request: HttpRequest, form: HouseholdForm, save: Any, title: str, back: str
) -> HttpResponse:
    return form_page(
        request,
        form,
        save,
        template="campaigns/households/form.html",
        context={"title": title, "back": back, "submit": _("Save"), "crumbs": crumbs()},
    )


def _spec(d: dict[str, Any]) -> services.HouseholdSpec:
    return services.HouseholdSpec(
        code=d["code"],
        category=d["category"],
        list_year=d["list_year"],
        village=d["village"],
        members=d["members"],
        head_name=d["head_name"],
        id_number=d["id_number"],
        address=d["address"],
        phone=d["phone"],
        circumstances=d["circumstances"],
    )


def _warn_same_person(
    request: HttpRequest, user: User, household: Household, id_number: str
) -> None:
    found = services.find_same_person(actor=user, id_number=id_number, exclude=household)
    if found:
        messages.warning(request, services.same_person_warning(found))


@login_required
def new_view(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    keepers = _keepers(user)
    if not keepers.exists():
        raise PermissionDenied
    form = HouseholdForm(
        request.POST or None, keepers=keepers, initial={"list_year": today().year, "members": 1}
    )

    def save(d: dict[str, Any]) -> str:
        household = services.add_household(actor=user, keeper=d["keeper"], spec=_spec(d))
        messages.success(request, _("The household is on the list."))
        _warn_same_person(request, user, household, d["id_number"])
        return reverse("campaigns:household", args=[household.pk])

    return _household_form(
        request, form, save, _("Add a household"), reverse("campaigns:households")
    )


@login_required
def edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    household = access.get_household(user, pk, A.MANAGE)
    initial: dict[str, Any] = {}
    if request.method != "POST":
        # Correcting the record shows its personal data: a reading like any other, logged.
        data = services.reveal(
            actor=user, household=household, purpose=_("Correcting the household's record")
        )
        initial = {
            "code": household.code,
            "category": household.category,
            "list_year": household.list_year,
            "village": household.village,
            "members": household.members,
            **data,
        }
    form = HouseholdForm(request.POST or None, keepers=None, initial=initial)

    def save(d: dict[str, Any]) -> str:
        services.update_household(actor=user, household=household, spec=_spec(d))
        messages.success(request, _("The household's record is corrected."))
        _warn_same_person(request, user, household, d["id_number"])
        return reverse("campaigns:household", args=[household.pk])

    back = reverse("campaigns:household", args=[household.pk])
    title = _("Correct household %(code)s") % {"code": household.code}
    return _household_form(request, form, save, title, back)


@login_required
@require_POST
def left_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    household = access.get_household(user, pk, A.MANAGE)
    form = LeftForm(request.POST)
    if form.is_valid():
        try:
            services.mark_left(
                actor=user,
                household=household,
                left_on=form.cleaned_data["left_on"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The household has left the list; its history is kept."))
            return redirect("campaigns:household", pk=household.pk)
    return _detail(request, user, household, left_form=form, status=400)


# ---- support -----------------------------------------------------------------------------


def _givers(household: Household) -> QuerySet[Organization]:
    """Bodies of the household's commune and of its province."""
    return (
        Organization.objects.current()
        .filter(
            Q(current_unit_id=household.commune_id)
            | Q(level=OrganizationLevel.PROVINCE, province_id=household.province_id)
            | Q(pk=household.keeper_id)
        )
        .order_by("level", "name")
    )


@login_required
def support_new_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    household = access.get_household(user, pk, A.MANAGE)
    campaigns = (
        access.campaigns_for(user).exclude(status=CampaignStatus.DRAFT).order_by("-starts_on")
    )
    form = SupportForm(
        request.POST or None,
        campaigns=campaigns,
        givers=_givers(household),
        initial={
            "idempotency_key": uuid.uuid4().hex,
            "given_on": today(),
            "given_by": household.keeper_id,
            "source": SupportSource.OTHER,
        },
    )

    def save(d: dict[str, Any]) -> str:
        services.record_support(
            actor=user,
            household=household,
            spec=services.SupportSpec(
                source=d["source"],
                purpose=d["purpose"],
                amount=d["amount"],
                given_on=d["given_on"],
                description=d["description"],
                given_by=d["given_by"],
                campaign=d["campaign"] if d["source"] == SupportSource.CAMPAIGN else None,
            ),
            confirm_repeat=d["confirm_repeat"],
            idempotency_key=d["idempotency_key"],
        )
        messages.success(request, _("The help is recorded in the household's history."))
        return reverse("campaigns:household", args=[household.pk])

    back = reverse("campaigns:household", args=[household.pk])
    return form_page(
        request,
        form,
        save,
        template="campaigns/households/form.html",
        context={
            "title": _("Record help for household %(code)s") % {"code": household.code},
            "back": back,
            "submit": _("Record the help"),
            "crumbs": crumbs((household.code, back)),
        },
    )


@login_required
@require_POST
def support_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    support = get_object_or_404(Support.objects.only("pk", "household_id"), pk=pk)
    household = access.get_household(user, support.household_id, A.MANAGE)
    form = CancelSupportForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.cancel_support(actor=user, support=support, reason=form.cleaned_data["reason"])
        except ValidationError as e:
            error = " ".join(e.messages)
        else:
            messages.success(request, _("The record is cancelled: it stays, struck through."))
            return redirect("campaigns:household", pk=household.pk)
    else:
        error = _("Say why the record is cancelled.")
    return _detail(request, user, household, cancel_error=error, cancel_id=support.pk, status=400)


# ---- import ------------------------------------------------------------------------------


def _import_page(request: HttpRequest, status: int = 200, **context: Any) -> HttpResponse:
    return render(
        request,
        "campaigns/households/import.html",
        {"crumbs": crumbs(), "max_mb": importing.MAX_MEGABYTES, **context},
        status=status,
    )


@login_required
def import_view(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    keepers = _keepers(user)
    if not keepers.exists():
        raise PermissionDenied
    if request.method != "POST":
        return _import_page(request, form=ImportForm(keepers=keepers))
    if request.POST.get("action") == "confirm":
        return _confirm(request, user, keepers)
    form = ImportForm(request.POST, request.FILES, keepers=keepers)
    if not form.is_valid():
        return _import_page(request, 400, form=form)
    keeper = form.cleaned_data["keeper"]
    try:
        rows = importing.read_upload(form.cleaned_data["file"])
        plan = importing.check(actor=user, keeper=keeper, rows=rows)
    except importing.ImportRefused as refused:
        return _import_page(
            request, refused.status, form=form, refused=refused.message, errors=refused.errors
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return _import_page(request, 400, form=form)
    token = importing.stash(actor=user, keeper=keeper, plan=plan)
    return _import_page(
        request,
        200 if plan.ok else 400,
        form=ImportForm(keepers=keepers, initial={"keeper": keeper.pk}),
        plan=plan,
        keeper=keeper,
        token=token,
        confirm_form=ConfirmImportForm(initial={"token": token}),
    )


def _confirm(request: HttpRequest, user: User, keepers: QuerySet[Organization]) -> HttpResponse:
    form = ConfirmImportForm(request.POST)
    pending = (
        importing.unstash(actor=user, token=form.cleaned_data["token"]) if form.is_valid() else None
    )
    if pending is None or not pending.rows:
        return _import_page(
            request,
            400,
            form=ImportForm(keepers=keepers),
            refused=_("This preview has expired: upload the file again."),
        )
    keeper = keepers.filter(pk=pending.keeper_id).first()
    if keeper is None:
        raise PermissionDenied
    try:
        plan = importing.apply(actor=user, keeper=keeper, rows=pending.rows)
    except ValidationError as error:
        return _import_page(
            request, 400, form=ImportForm(keepers=keepers), refused=" ".join(error.messages)
        )
    if not plan.ok:  # the list changed since the preview
        token = importing.stash(actor=user, keeper=keeper, plan=plan)
        return _import_page(
            request, 400, form=ImportForm(keepers=keepers), plan=plan, keeper=keeper, token=token
        )
    importing.forget(form.cleaned_data["token"])
    messages.success(
        request,
        _("The list is imported: %(new)s households added, %(updated)s updated.")
        % {"new": plan.new, "updated": plan.updated},
    )
    return redirect("campaigns:households")


@login_required
@require_GET
def import_errors_view(request: HttpRequest, token: str) -> HttpResponse:
    user = staff(request)
    pending = importing.unstash(actor=user, token=token)
    if pending is None:
        raise Http404
    text = io.StringIO()
    text.write("\ufeff")  # Excel reads UTF-8 Vietnamese only with a BOM
    write_errors_csv(pending.errors, text)
    response = HttpResponse(text.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="loi-nhap-danh-sach-ho.csv"'
    return response


@login_required
@require_GET
def template_view(request: HttpRequest) -> FileResponse:
    staff(request)
    return FileResponse(
        importing.template_workbook(),
        as_attachment=True,
        filename="mau-danh-sach-ho.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )
