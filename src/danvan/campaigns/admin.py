"""A read-only view of funds, their ledgers, transfers, requests, campaigns and teams for
administrators, through the same accessors as the officers' pages. Money moves only on the
officers' pages (services.ledger); households are not here at all (personal data), nor any
donor's name but the one published with consent."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from rules.contrib.admin import ObjectPermissionsModelAdmin

from danvan.lib.admin import ReadOnlyAdmin

from . import access
from .models import Campaign, CommunityTeam, DisbursementRequest, Fund, LedgerEntry, Transfer


@admin.register(Fund)
class FundAdmin(ReadOnlyAdmin, ObjectPermissionsModelAdmin):
    list_display = ("name", "kind", "keeper", "balance", "approval_threshold", "published_at")
    list_filter = ("kind", "level")
    search_fields = ("name",)
    list_select_related = ("keeper",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Fund]:
        return access.funds_for(request.user).select_related("keeper")


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin, ObjectPermissionsModelAdmin):
    list_display = ("fund", "seq", "entry_date", "kind", "amount", "balance_after")
    list_filter = ("kind", "entry_date")
    list_select_related = ("fund",)
    # Never the encrypted donor name nor the idempotency key.
    fields = readonly_fields = tuple(
        f.name
        for f in LedgerEntry._meta.fields
        if f.name not in ("donor_name_enc", "idempotency_key", "flow")
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[LedgerEntry]:
        return LedgerEntry.objects.filter(
            fund__in=access.funds_for(request.user).values("pk")
        ).select_related("fund")


@admin.register(Transfer)
class TransferAdmin(ReadOnlyAdmin, ObjectPermissionsModelAdmin):
    list_display = ("from_fund", "to_fund", "amount", "sent_on", "state")
    list_filter = ("state",)
    list_select_related = ("from_fund", "to_fund")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Transfer]:
        readable = access.funds_for(request.user).values("pk")
        return Transfer.objects.filter(from_fund__in=readable) | Transfer.objects.filter(
            to_fund__in=readable
        )


@admin.register(DisbursementRequest)
class DisbursementRequestAdmin(ReadOnlyAdmin, ObjectPermissionsModelAdmin):
    list_display = ("fund", "amount", "purpose", "state", "requested_at")
    list_filter = ("state", "purpose")
    list_select_related = ("fund",)
    exclude = ("idempotency_key",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[DisbursementRequest]:
        return access.requests_for(request.user).select_related("fund")


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin, ObjectPermissionsModelAdmin):
    list_display = ("name", "kind", "organizer", "starts_on", "ends_on", "status")
    list_filter = ("kind", "status")
    search_fields = ("name",)
    list_select_related = ("organizer",)
    exclude = ("search_text",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Campaign]:
        return access.campaigns_for(request.user).select_related("organizer")


@admin.register(CommunityTeam)
class CommunityTeamAdmin(ReadOnlyAdmin, ObjectPermissionsModelAdmin):
    list_display = ("name", "kind", "organization", "area", "founded_on", "dissolved_on")
    list_filter = ("kind",)
    search_fields = ("name",)
    list_select_related = ("organization",)
    exclude = ("search_text",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[CommunityTeam]:
        return access.teams_for(request.user).select_related("organization")
