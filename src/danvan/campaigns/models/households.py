"""The commune's list of households and people in need (danh sách hộ nghèo, cận nghèo, hộ có
hoàn cảnh khó khăn), and what each received from every fund and campaign.

Names, identity numbers, addresses and phones are personal data (Luật Bảo vệ dữ liệu cá nhân
91/2025/QH15): encrypted at rest, read only by the keeping body's officers through
services.households, every reading logged (`HouseholdDataView`). The identity number's keyed
hash finds the same person on another list without decrypting.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.lib import crypto

from ._common import org_fk, unit_fk, user_fk
from .campaigns import Campaign
from .funds import LedgerEntry, Purpose

ENCRYPTED = ("head_name", "id_number", "address", "phone", "circumstances")


class HouseholdCategory(models.TextChoices):
    POOR = "poor", _("Poor household")
    NEAR_POOR = "near_poor", _("Near-poor household")
    MERITORIOUS = "meritorious", _("Family of people with meritorious services")
    HARDSHIP = "hardship", _("Household in hardship")
    LONELY_ELDERLY = "lonely_elderly", _("Elderly person living alone")
    DISABLED = "disabled", _("Person with disabilities")
    ORPHAN = "orphan", _("Orphaned child")
    DISASTER = "disaster", _("Hit by a disaster")


class Household(models.Model):
    keeper = org_fk(_("kept by"), "households")
    commune = unit_fk(_("commune"))
    province = unit_fk(_("province"))
    code = models.CharField(_("code on the list"), max_length=40)
    category = models.CharField(_("category"), max_length=16, choices=HouseholdCategory.choices)
    list_year = models.PositiveSmallIntegerField(_("year of the list"))
    village = models.CharField(_("village or residential group"), max_length=150, blank=True)
    members = models.PositiveSmallIntegerField(_("members"), default=1)
    head_name_enc = models.TextField(blank=True, editable=False)
    id_number_enc = models.TextField(blank=True, editable=False)
    address_enc = models.TextField(blank=True, editable=False)
    phone_enc = models.TextField(blank=True, editable=False)
    circumstances_enc = models.TextField(blank=True, editable=False)
    id_number_index = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    left_on = models.DateField(_("left the list on"), null=True, blank=True)
    left_reason = models.CharField(_("why it left the list"), max_length=300, blank=True)
    created_by = user_fk(_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("household supported")
        verbose_name_plural = _("households supported")
        ordering = ["village", "code"]
        constraints = [
            models.UniqueConstraint(fields=["keeper", "code"], name="camp_household_code_once"),
        ]
        indexes = [
            models.Index(fields=["keeper", "category"], name="camp_household_keeper_idx"),
            models.Index(fields=["commune", "category"], name="camp_household_commune_idx"),
        ]

    def __str__(self) -> str:
        return self.code  # never the name: this may end up in logs

    def set_data(self, **values: str) -> None:
        for name in ENCRYPTED:
            if name in values:
                setattr(self, f"{name}_enc", crypto.encrypt((values[name] or "").strip()))
        if "id_number" in values:
            self.id_number_index = crypto.blind_index(values["id_number"] or "", kind="id_number")

    def data(self) -> dict[str, str]:
        """Decrypted values. Callers outside services.households must not use this."""
        return {name: crypto.decrypt(getattr(self, f"{name}_enc")) for name in ENCRYPTED}


class HouseholdDataView(models.Model):
    """One reading of households' personal data: who, when, why, which."""

    viewer = user_fk(_("viewer"), null=False)
    viewed_at = models.DateTimeField(_("viewed at"), auto_now_add=True, db_index=True)
    purpose = models.CharField(_("purpose"), max_length=200)
    keeper = org_fk(_("list of"))
    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="views",
    )
    shown = models.PositiveIntegerField(_("households shown"), default=1)

    class Meta:
        verbose_name = _("household data view")
        verbose_name_plural = _("household data views")
        ordering = ["-viewed_at"]

    def __str__(self) -> str:
        return f"{self.viewer_id} @ {self.viewed_at:%d/%m/%Y %H:%M}"


class SupportSource(models.TextChoices):
    FUND = "fund", _("A fund")
    CAMPAIGN = "campaign", _("A campaign")
    OTHER = "other", _("Other support")


class Support(models.Model):
    """Something a household received: a fund's disbursement (linked to its ledger entry,
    written with it) or help from a campaign or elsewhere recorded by the commune."""

    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.PROTECT, related_name="support"
    )
    given_on = models.DateField(_("given on"))
    source = models.CharField(_("source"), max_length=10, choices=SupportSource.choices)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    amount = models.PositiveBigIntegerField(_("value (đồng)"), default=0)
    description = models.CharField(_("what was given"), max_length=300, blank=True)
    given_by = org_fk(_("given by"), null=True)
    entry = models.OneToOneField(
        LedgerEntry,
        verbose_name=_("ledger entry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="support",
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="support",
    )
    # Set when the disbursement was reversed (or the record withdrawn): kept, not counted.
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    idempotency_key = models.CharField(max_length=64, blank=True, editable=False)
    recorded_by = user_fk(_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("support received")
        verbose_name_plural = _("support received")
        ordering = ["-given_on", "-pk"]
        indexes = [
            models.Index(fields=["household", "purpose", "given_on"], name="camp_support_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(source="fund") | Q(entry__isnull=False),
                name="camp_support_fund_has_entry",
            ),
            models.UniqueConstraint(
                fields=["household", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="camp_support_idempotent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household_id}: {self.purpose}"
