from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from rules.contrib.admin import ObjectPermissionsModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from . import scopes
from .models import ApiToken, Assignment, User
from .predicates import SUPERVISOR_ROLES


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    raw_id_fields = ("organization",)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *DjangoUserAdmin.fieldsets,  # type: ignore[misc]
        (_("Profile"), {"fields": ("full_name", "phone")}),
    )
    list_display = ("username", "full_name", "email", "is_active", "is_staff")
    search_fields = ("username", "full_name", "email")
    inlines = [AssignmentInline]


@admin.register(Assignment)
class AssignmentAdmin(ObjectPermissionsModelAdmin, SimpleHistoryAdmin):
    list_display = ("user", "organization", "role", "scope", "title", "valid_from", "valid_to")
    list_filter = ("role", "scope")
    search_fields = ("user__username", "user__full_name", "organization__name")
    raw_id_fields = ("user", "organization")
    list_select_related = ("user", "organization")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        qs = super().get_queryset(request)
        q = scopes.organizations_q(request.user, SUPERVISOR_ROLES, "organization__")  # type: ignore[arg-type]
        return qs.none() if q is None else qs.filter(q)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "created_at", "last_used_at")
    raw_id_fields = ("user",)
