"""Administrative units (đơn vị hành chính) with validity dates and succession links."""

from __future__ import annotations

from typing import Self

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .validity import Validity, ValidityQuerySet


class AdminLevel(models.TextChoices):
    PROVINCE = "province", _("Province / city")
    DISTRICT = "district", _("District (until 30/06/2025)")
    COMMUNE = "commune", _("Commune / ward / special zone")


class SuccessionKind(models.TextChoices):
    CONTINUED = "continued", _("Continued unchanged")
    MERGED = "merged", _("Merged into")
    SPLIT = "split", _("Split into")
    RENAMED = "renamed", _("Renamed")
    ABOLISHED = "abolished", _("Abolished; territory passed to")


class AdminUnitQuerySet(ValidityQuerySet["AdminUnit"]):
    def provinces(self) -> Self:
        return self.filter(level=AdminLevel.PROVINCE)

    def communes(self) -> Self:
        return self.filter(level=AdminLevel.COMMUNE)


class AdminUnit(Validity):
    """A province, (former) district or commune-level unit, as it was in one period.

    Codes are the official ones (Tổng cục Thống kê); a code can be reused by a later unit,
    so a code is unique only among units in force and among units that ended on the same day.
    """

    code = models.CharField(_("official code"), max_length=10)
    level = models.CharField(_("level"), max_length=10, choices=AdminLevel.choices)
    kind_name = models.CharField(_("type"), max_length=30, help_text=_("e.g. Tỉnh, Phường"))
    name = models.CharField(_("name"), max_length=150)
    short_name = models.CharField(_("short name"), max_length=120)
    name_folded = models.CharField(max_length=300, editable=False, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    province = models.ForeignKey(
        "self",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The province this unit belongs to (itself for a province)."),
    )
    current = models.ForeignKey(
        "self",
        verbose_name=_("current successor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The unit in force today that this unit's records roll up to."),
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    history = HistoricalRecords(
        # Derived by the services from other fields; their history is those fields'.
        excluded_fields=["name_folded", "current"]
    )
    objects = AdminUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "code"],
                condition=Q(valid_to__isnull=True),
                name="adminunit_code_unique_in_force",
            ),
            models.UniqueConstraint(
                fields=["level", "code", "valid_to"],
                condition=Q(valid_to__isnull=False),
                name="adminunit_code_unique_per_period",
            ),
        ]
        indexes = [
            models.Index(fields=["level", "valid_to", "code"], name="adminunit_level_idx"),
            models.Index(fields=["province", "level"], name="adminunit_province_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class UnitSuccession(models.Model):
    """Old unit → new unit, e.g. a pre-2025 commune merged into a new commune on 01/07/2025.

    A unit split between several successors has one default successor: the one its old
    records roll up to.
    """

    predecessor = models.ForeignKey(
        AdminUnit,
        verbose_name=_("predecessor"),
        on_delete=models.CASCADE,
        related_name="successions",
    )
    successor = models.ForeignKey(
        AdminUnit,
        verbose_name=_("successor"),
        on_delete=models.CASCADE,
        related_name="predecessions",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=SuccessionKind.choices)
    effective_date = models.DateField(_("effective date"))
    is_default = models.BooleanField(_("default successor"), default=True)
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit succession")
        verbose_name_plural = _("unit successions")
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="unitsuccession_unique_pair"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"
