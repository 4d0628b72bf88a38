"""Admin screens for the organization network: scoped by rules, with change history."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from rules.contrib.admin import ObjectPermissionsModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from danvan.accounts import scopes
from danvan.accounts.predicates import STAFF_ROLES
from danvan.lib.admin import ReadOnlyAdmin, ReadOnlyInline, ServiceAdmin

from .models import (
    AdminUnit,
    EmulationCluster,
    Organization,
    OrganizationChange,
    OrganizationSuccession,
    UnitSuccession,
)
from .services import save_organization


class ScopedAdmin(ServiceAdmin, ObjectPermissionsModelAdmin, SimpleHistoryAdmin):
    """Lists only what the user's grants cover; rules decide each object."""

    scope_prefix = ""

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        qs = super().get_queryset(request)
        q = scopes.organizations_q(request.user, STAFF_ROLES, self.scope_prefix)  # type: ignore[arg-type]
        return qs.none() if q is None else qs.filter(q)


class SuccessionInline(admin.TabularInline):
    model = UnitSuccession
    fk_name = "predecessor"
    extra = 0
    raw_id_fields = ("successor",)


@admin.register(AdminUnit)
class AdminUnitAdmin(ServiceAdmin, ObjectPermissionsModelAdmin, SimpleHistoryAdmin):
    list_display = ("code", "name", "level", "kind_name", "parent", "valid_from", "valid_to")
    list_filter = ("level", "kind_name", "valid_to")
    search_fields = ("code", "name", "name_folded")
    raw_id_fields = ("parent", "province", "current")
    list_select_related = ("parent",)
    inlines = [SuccessionInline]
    show_full_result_count = False


@admin.register(Organization)
class OrganizationAdmin(ScopedAdmin):
    list_display = ("code", "name", "kind", "level", "unit", "parent", "valid_from", "valid_to")
    list_filter = ("level", "kind")
    search_fields = ("code", "name", "name_folded")
    raw_id_fields = ("unit", "parent")
    list_select_related = ("unit", "parent")
    readonly_fields = ("level", "current_unit", "province", "current")
    show_full_result_count = False
    # A website typed without a scheme is read as https (Django 6's default, chosen now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def write(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> Any:
        return save_organization(actor=request.user, organization=obj)  # type: ignore[arg-type]


class OrganizationSuccessionInline(ReadOnlyInline):
    model = OrganizationSuccession
    fields = ("predecessor", "successor", "is_default")
    readonly_fields = fields


@admin.register(OrganizationChange)
class OrganizationChangeAdmin(ReadOnlyAdmin, ObjectPermissionsModelAdmin):
    """Reorganizations are made by the services (merge, split, rename), which move the
    records; here they are read."""

    list_display = ("kind", "effective_date", "decision", "renamed", "created_by", "created_at")
    list_filter = ("kind",)
    inlines = [OrganizationSuccessionInline]
    raw_id_fields = ("renamed",)
    readonly_fields = ("created_by", "created_at")


@admin.register(EmulationCluster)
class EmulationClusterAdmin(ScopedAdmin):
    scope_prefix = "organizer__"
    list_display = ("name", "year", "kind", "organizer", "leader")
    list_filter = ("year", "kind")
    search_fields = ("name",)
    raw_id_fields = ("organizer", "leader")
    filter_horizontal = ("members",)
