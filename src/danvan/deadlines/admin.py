"""Admin screens for the deadline rules and the announced swap days, with change history."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from rules.contrib.admin import ObjectPermissionsModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from danvan.lib.admin import ServiceAdmin
from danvan.lib.dates import today

from .models import CalendarException, DeadlineRule, RemoteCommune
from .services import swap_days_missing


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

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # Where the swap days are entered, tell those who enter them which year still has
        # none: without them due dates in that year count only weekends and public holidays.
        if request.method == "GET" and self.has_add_permission(request):
            for year in swap_days_missing(today=today()):
                messages.warning(
                    request,
                    _(
                        "No swap day is entered for %(year)d. Enter the days off and the "
                        "Saturdays worked that the Government announced for %(year)d, or due "
                        "dates in %(year)d count only weekends and public holidays."
                    )
                    % {"year": year},
                )
        return super().changelist_view(request, extra_context)


@admin.register(RemoteCommune)
class RemoteCommuneAdmin(ServiceAdmin, ObjectPermissionsModelAdmin, SimpleHistoryAdmin):
    """The communes whose complaints get the remote-area limits, each with its source."""

    list_display = ("unit", "source", "effective_from", "effective_to")
    search_fields = ("unit__name", "unit__code", "source")
    list_filter = ("effective_to",)
    raw_id_fields = ("unit",)
