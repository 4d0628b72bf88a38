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

from .models import (
    AdminUnit,
    EmulationCluster,
    Organization,
    OrganizationChange,
    OrganizationSuccession,
    UnitSuccession,
)
from .services import apply_derived_fields


class ScopedAdmin(ObjectPermissionsModelAdmin, SimpleHistoryAdmin):
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
class AdminUnitAdmin(ObjectPermissionsModelAdmin, SimpleHistoryAdmin):
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

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        apply_derived_fields(obj)
        super().save_model(request, obj, form, change)
        if obj.current_id is None and obj.valid_to is None:
            Organization.objects.filter(pk=obj.pk).update(current=obj)


class OrganizationSuccessionInline(admin.TabularInline):
    model = OrganizationSuccession
    extra = 0
    raw_id_fields = ("predecessor", "successor")


@admin.register(OrganizationChange)
class OrganizationChangeAdmin(ObjectPermissionsModelAdmin):
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
