"""Admin for the rule tables (fields, routing) and a read-only view of matters and of the
personal-data access log. Personal data itself is never shown here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from rules.contrib.admin import ObjectPermissionsModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from danvan.lib.admin import ReadOnlyAdmin, ServiceAdmin, name_fields
from danvan.org.models import AdminLevel, AdminUnit

from . import access, target_access
from .models import (
    Case,
    CaseField,
    PersonalDataView,
    RoutingRule,
    ServiceTarget,
    SubmissionReceipt,
)
from .services import intake

name_fields(Case, leg=_("moves to another body"))


@admin.register(CaseField)
class CaseFieldAdmin(ServiceAdmin, ObjectPermissionsModelAdmin, SimpleHistoryAdmin):
    list_display = ("name", "code", "active", "position")
    list_editable = ("active", "position")
    search_fields = ("name", "code")


@admin.register(RoutingRule)
class RoutingRuleAdmin(ServiceAdmin, ObjectPermissionsModelAdmin, SimpleHistoryAdmin):
    list_display = ("level", "field", "case_kind", "organization_kind", "priority", "active")
    list_filter = ("level", "organization_kind", "active")


@admin.register(ServiceTarget)
class ServiceTargetAdmin(ServiceAdmin, ObjectPermissionsModelAdmin, SimpleHistoryAdmin):
    """A province's own targets for answering feedback: never shown as a legal limit."""

    list_display = ("province", "field", "days", "day_type", "effective_from", "effective_to")
    list_filter = ("day_type",)
    search_fields = ("province__name", "field__name", "source")

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "province":
            provinces = target_access.provinces_set_by(request.user)
            units = AdminUnit.objects.filter(level=AdminLevel.PROVINCE, valid_to__isnull=True)
            if provinces is not None:
                units = units.filter(pk__in=provinces)
            kwargs["queryset"] = units.order_by("name")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request: HttpRequest) -> QuerySet[ServiceTarget]:
        return target_access.targets_for(request.user)


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin, ObjectPermissionsModelAdmin, SimpleHistoryAdmin):
    """Matters are handled on the officers' pages (services); here they are only read."""

    list_display = ("tracking_code", "title", "kind", "state", "received_at", "organization")
    list_filter = ("state", "kind", "channel")
    search_fields = ("tracking_code",)
    list_select_related = ("organization",)
    # Never the access digest or the idempotency key: a key opened a citizen's matter.
    readonly_fields = [
        f.name
        for f in Case._meta.fields
        if f.name not in ("access_digest", "idempotency_key", "search_text")
    ]
    fields = tuple(readonly_fields)
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return access.cases_for(request.user).select_related("organization")


@admin.register(PersonalDataView)
class PersonalDataViewAdmin(ReadOnlyAdmin):
    list_display = ("viewed_at", "viewer", "petitioner", "purpose")
    readonly_fields = ("viewed_at", "viewer", "petitioner", "purpose")
    list_select_related = ("viewer",)


@admin.register(SubmissionReceipt)
class SubmissionReceiptAdmin(ReadOnlyAdmin):
    """Receipts waiting to become matters, and those that could not (with the reason)."""

    list_display = ("tracking_code", "channel", "received_at", "registered_at", "case", "error")
    list_filter = ("channel", ("registered_at", admin.EmptyFieldListFilter))
    search_fields = ("tracking_code",)
    list_select_related = ("case",)
    fields = ("tracking_code", "channel", "received_at", "registered_at", "case", "error")
    readonly_fields = fields
    show_full_result_count = False
    actions = ["retry"]

    @admin.action(description=_("Try to register again"))
    def retry(self, request: HttpRequest, queryset: QuerySet[SubmissionReceipt]) -> None:
        n = intake.retry_receipts(receipts=queryset)
        self.message_user(
            request, _("%(n)d receipts will be registered again.") % {"n": n}, messages.SUCCESS
        )
