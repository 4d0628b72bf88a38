""" "Dân vận khéo" models over HTTP: staff list the models in their scope and read the report
figures as of any date. The holder of an individual exemplar is named only with consent."""

# No `from __future__ import annotations`: ninja reads these signatures at import time.
import datetime as dt
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from danvan.accounts.models import User
from danvan.exemplars import selectors
from danvan.exemplars.models import (
    Exemplar,
    ExemplarField,
    ExemplarKind,
    ExemplarState,
    RecognitionLevel,
)
from danvan.lib.dates import today
from danvan.lib.search import matching_all
from danvan.org.models import AdminUnit

from .auth import AUTHENTICATED
from .pagination import Page
from .schemas import ErrorOut

router = Router(tags=["exemplars"])


class ExemplarOut(Schema):
    id: int
    kind: str
    name: str
    holder_name: str | None = Field(description="Null for an individual without consent.")
    field: str
    state: str
    recognition_level: str
    recognized_on: dt.date | None
    year: int
    organization: str
    unit: str | None

    @staticmethod
    def resolve_holder_name(obj: Exemplar) -> str | None:
        return obj.holder_name if obj.shows_holder_publicly else None

    @staticmethod
    def resolve_organization(obj: Exemplar) -> str:
        return obj.organization.name

    @staticmethod
    def resolve_unit(obj: Exemplar) -> str | None:
        return obj.unit.name if obj.unit else None


class ExemplarFilters(Schema):
    kind: ExemplarKind | None = None
    field: ExemplarField | None = None
    state: ExemplarState | None = None
    level: RecognitionLevel | None = None
    year: int | None = Field(None, ge=2000, le=2100)
    q: str = Field("", max_length=100)


class FigureOut(Schema):
    key: str
    label: str
    count: int


class FiguresOut(Schema):
    as_of: dt.date
    by: str
    total: int
    collective: int
    individual: int
    new_this_year: int
    replicated: int
    rows: list[FigureOut]


class FiguresParams(Schema):
    as_of: dt.date | None = Field(None, description="Today when not given.")
    by: Literal["kind", "field", "subfield", "level", "province", "commune", "year"] = "kind"
    province: int | None = Field(None, description="Only this province (id).")


def _staff(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not user.has_perm("exemplars.view_exemplar"):
        raise PermissionDenied
    return user


@router.get(
    "",
    response={200: list[ExemplarOut], 403: ErrorOut, 422: ErrorOut},
    summary="Models and exemplars in the caller's scope",
    operation_id="list_exemplars",
    auth=AUTHENTICATED,
)
@paginate(Page)
def list_exemplars(request: HttpRequest, filters: Query[ExemplarFilters]) -> QuerySet[Exemplar]:
    qs = selectors.visible_exemplars(_staff(request)).select_related("organization", "unit")
    for name, column in (
        ("kind", "kind"),
        ("field", "field"),
        ("state", "state"),
        ("level", "recognition_level"),
        ("year", "year"),
    ):
        value = getattr(filters, name)
        if value:
            qs = qs.filter(**{column: value})
    qs = matching_all(qs, filters.q)
    return qs.order_by("-registered_on", "-id")


@router.get(
    "/figures",
    response={200: FiguresOut, 403: ErrorOut, 422: ErrorOut},
    summary="Recognized models as of a date, counted by a dimension",
    operation_id="exemplar_figures",
    auth=AUTHENTICATED,
)
def figures(request: HttpRequest, params: Query[FiguresParams]) -> dict:
    _staff(request)
    day, by, province = params.as_of or today(), params.by, params.province
    where = selectors.Scope(
        province=AdminUnit.objects.filter(pk=province).first() if province else None
    )
    rows = selectors.labelled(selectors.figures(day, by, where), by)
    return {
        "as_of": day,
        "by": by,
        **selectors.summary(day, where),
        "rows": [{"key": k, "label": label, "count": n} for k, label, n in rows],
    }
