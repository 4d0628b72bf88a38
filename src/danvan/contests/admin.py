"""Admin: a read-only view of contests for the organizers (the pages and services do the
writes, which check the state and audit)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from rules.contrib.admin import ObjectPermissionsModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Contest, Criterion, Round
from .selectors import organized_contests


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    can_delete = False
    readonly_fields = ("name", "max_score", "weight", "position", "tie_break")

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class RoundInline(admin.TabularInline):
    model = Round
    extra = 0
    can_delete = False
    fields = ("name", "kind", "cluster", "held_on", "place", "state")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Contest)
class ContestAdmin(ObjectPermissionsModelAdmin, SimpleHistoryAdmin):
    list_display = ("name", "year", "organizer", "status")
    list_filter = ("status", "year")
    search_fields = ("name",)
    list_select_related = ("organizer",)
    readonly_fields = [f.name for f in Contest._meta.fields]
    inlines = [CriterionInline, RoundInline]
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        ids = organized_contests(request.user).values("pk")  # type: ignore[arg-type]
        return super().get_queryset(request).filter(pk__in=ids)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # created on the contest pages, through the service
