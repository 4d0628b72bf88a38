""" "Dân vận khéo" models over HTTP: staff list the models in their scope and read the report
figures as of any date. The holder of an individual exemplar is named only with consent."""

# No `from __future__ import annotations`: ninja reads these signatures at import time.
import datetime as dt
from decimal import Decimal
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from danvan.accounts.models import User
from danvan.exemplars import access, selectors
from danvan.exemplars.models import (
    EvidenceFile,
    Exemplar,
    ExemplarField,
    ExemplarKind,
    ExemplarState,
    Recognition,
    RecognitionLevel,
    Replication,
)
from danvan.lib.dates import today
from danvan.lib.search import matching_all
from danvan.org.models import AdminUnit

from .auth import AUTHENTICATED, staff_user
from .pagination import Page
from .schemas import ErrorOut, FigureOut

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
    return staff_user(request, "exemplars.view_exemplar")


@router.get(
    "",
    response={200: list[ExemplarOut], 403: ErrorOut, 422: ErrorOut},
    summary="Models and exemplars in the caller's scope",
    operation_id="list_exemplars",
    auth=AUTHENTICATED,
)
@paginate(Page)
def list_exemplars(request: HttpRequest, filters: Query[ExemplarFilters]) -> QuerySet[Exemplar]:
    qs = access.exemplars_for(_staff(request), access.Action.VIEW)
    qs = qs.select_related("organization", "unit")
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


class ResultOut(Schema):
    metric: str
    value: Decimal


class RecognitionOut(Schema):
    level: str
    decision_number: str
    decision_date: dt.date
    organization: str

    @staticmethod
    def resolve_organization(obj: Recognition) -> str:
        return obj.organization.name


class ReplicationOut(Schema):
    organization: str
    adopted_on: dt.date

    @staticmethod
    def resolve_organization(obj: Replication) -> str:
        return obj.organization.name


class EvidenceOut(Schema):
    id: int
    kind: str
    original_name: str
    caption: str
    content_type: str
    size: int
    public: bool
    url: str = Field(description="Download (staff in scope; the same session or token).")


class ExemplarDetailOut(ExemplarOut):
    description: str
    subfields: list[str]
    latitude: float | None
    longitude: float | None
    first_replicated_on: dt.date | None
    results: list[ResultOut]
    recognitions: list[RecognitionOut]
    replications: list[ReplicationOut]
    evidence: list[EvidenceOut]

    @staticmethod
    def resolve_subfields(obj: Exemplar) -> list[str]:
        return [s.name for s in obj.subfields.all()]

    @staticmethod
    def resolve_evidence(obj: Exemplar) -> list[dict]:
        files = EvidenceFile.objects.filter(exemplar=obj).order_by("kind", "id")
        return [
            {
                "id": f.pk,
                "kind": f.kind,
                "original_name": f.original_name,
                "caption": f.caption,
                "content_type": f.content_type,
                "size": f.size,
                "public": f.public,
                "url": reverse("exemplars:file", args=[obj.pk, f.pk]),
            }
            for f in files
        ]


@router.get(
    "/{exemplar_id}",
    response={200: ExemplarDetailOut, 403: ErrorOut, 404: ErrorOut},
    summary="One model or exemplar in the caller's scope, with its results, decisions, "
    "replications and evidence files",
    operation_id="get_exemplar",
    auth=AUTHENTICATED,
)
def get_exemplar(request: HttpRequest, exemplar_id: int) -> Exemplar:
    qs = Exemplar.objects.select_related("organization", "unit").prefetch_related(
        "subfields",
        "results",
        Prefetch("recognitions", queryset=Recognition.objects.select_related("organization")),
        Prefetch("replications", queryset=Replication.objects.select_related("organization")),
    )
    try:
        return access.exemplar_for(_staff(request), exemplar_id, access.Action.VIEW, qs)
    except PermissionDenied:
        # The API does not say whether a model out of the caller's scope exists.
        raise Http404 from None
