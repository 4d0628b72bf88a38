"""Admin for the reference lists (sub-fields, criteria) and a read-only view of models."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from rules.contrib.admin import ObjectPermissionsModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from danvan.lib.admin import ReadOnlyAdmin, ServiceAdmin, name_fields

from . import access
from .models import Criterion, Exemplar, SubField

name_fields(
    Exemplar,
    search_text=_("search text (generated)"),
    public_search_text=_("public search text (generated)"),
)


@admin.register(SubField)
class SubFieldAdmin(ServiceAdmin, ObjectPermissionsModelAdmin, SimpleHistoryAdmin):
    list_display = ("name", "field", "code", "active", "position")
    list_filter = ("field", "active")
    list_editable = ("active", "position")


@admin.register(Criterion)
class CriterionAdmin(ServiceAdmin, ObjectPermissionsModelAdmin):
    list_display = ("name", "max_score", "pass_share", "active", "position")
    list_editable = ("active", "position")


@admin.register(Exemplar)
class ExemplarAdmin(ReadOnlyAdmin, ObjectPermissionsModelAdmin, SimpleHistoryAdmin):
    """Models are registered, evaluated and recognized on the officers' pages (services)."""

    list_display = ("name", "kind", "field", "state", "recognition_level", "organization", "year")
    list_filter = ("kind", "field", "state", "recognition_level", "year")
    search_fields = ("name",)
    list_select_related = ("organization",)
    readonly_fields = [f.name for f in Exemplar._meta.fields]
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        visible = access.exemplars_for(request.user, access.Action.VIEW)
        return super().get_queryset(request).filter(pk__in=visible.values("pk"))
