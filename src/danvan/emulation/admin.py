"""Admin: the award kinds (reference data, edited by system administrators) and read-only,
scoped views of movements, proposals and decisions (written through the services, which
validate and audit)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from rules.contrib.admin import ObjectPermissionsModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from danvan.lib.admin import ReadOnlyAdmin, ServiceAdmin, name_fields

from . import access
from .models import AwardDecision, AwardKind, Movement, Proposal

for _model in (Movement, Proposal):
    name_fields(_model, search_text=_("search text (generated)"))


@admin.register(AwardKind)
class AwardKindAdmin(ServiceAdmin, ObjectPermissionsModelAdmin, SimpleHistoryAdmin):
    list_display = ("name", "category", "target", "authority_level", "authority_title", "active")
    list_filter = ("category", "target", "authority_level", "active")
    search_fields = ("name", "code")
    list_editable = ("active",)


class _ScopedReadOnly(ReadOnlyAdmin, ObjectPermissionsModelAdmin, SimpleHistoryAdmin):
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # The same records as the staff pages list (access decides).
        visible = access.records_for(self.model, request.user, access.Action.VIEW)
        return super().get_queryset(request).filter(pk__in=visible.values("pk"))

    def get_readonly_fields(self, request: HttpRequest, obj: object = None) -> list[str]:
        return [f.name for f in self.model._meta.fields]


@admin.register(Movement)
class MovementAdmin(_ScopedReadOnly):
    list_display = ("name", "organization", "status", "start_date", "end_date")
    list_filter = ("status",)
    search_fields = ("name",)
    list_select_related = ("organization",)


@admin.register(Proposal)
class ProposalAdmin(_ScopedReadOnly):
    list_display = ("id", "award_kind", "proposer", "authority", "year", "state")
    list_filter = ("state", "year")
    list_select_related = ("award_kind", "proposer", "authority")


@admin.register(AwardDecision)
class AwardDecisionAdmin(_ScopedReadOnly):
    list_display = ("number", "signed_on", "authority", "award_kind")
    list_filter = ("year",)
    search_fields = ("number",)
    list_select_related = ("authority", "award_kind")
