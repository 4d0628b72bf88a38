"""Admin screens for the deadline rules and the announced swap days, with change history."""

from __future__ import annotations

from django.contrib import admin
from rules.contrib.admin import ObjectPermissionsModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from danvan.lib.admin import ServiceAdmin

from .models import CalendarException, DeadlineRule


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(ServiceAdmin, ObjectPermissionsModelAdmin, SimpleHistoryAdmin):
    list_display = (
        "matter",
        "step",
        "complexity",
        "remote_area",
        "several_places",
        "days",
        "day_type",
        "effective_from",
        "effective_to",
        "legal_basis",
    )
    list_filter = ("matter", "step", "complexity", "day_type", "effective_to")
    search_fields = ("legal_basis", "note")
    date_hierarchy = "effective_from"


@admin.register(CalendarException)
class CalendarExceptionAdmin(ServiceAdmin, ObjectPermissionsModelAdmin, SimpleHistoryAdmin):
    list_display = ("date", "kind", "name", "legal_basis")
    list_filter = ("kind",)
    search_fields = ("name", "legal_basis")
    date_hierarchy = "date"
