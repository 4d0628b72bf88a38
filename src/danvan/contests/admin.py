"""Admin: a read-only view of contests for the organizers (the pages and services do the
writes, which check the state and audit)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from rules.contrib.admin import ObjectPermissionsModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from danvan.lib.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import Contest, Criterion, Round
from .selectors import organized_contests


class CriterionInline(ReadOnlyInline):
    model = Criterion
    readonly_fields = ("name", "max_score", "weight", "position", "tie_break")


class RoundInline(ReadOnlyInline):
    model = Round
    fields = ("name", "kind", "cluster", "held_on", "place", "state")
    readonly_fields = fields


@admin.register(Contest)
class ContestAdmin(ReadOnlyAdmin, ObjectPermissionsModelAdmin, SimpleHistoryAdmin):
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
