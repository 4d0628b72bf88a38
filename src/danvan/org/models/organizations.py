"""Organizations (cơ quan, tổ chức): the bodies that do mass-mobilization work."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .units import AdminUnit
from .validity import Validity, ValidityQuerySet


class OrganizationKind(models.TextChoices):
    PARTY_COMMITTEE = "party_committee", _("Party committee")
    MASS_MOBILIZATION_COMMISSION = "mm_commission", _("Propaganda and Mass Mobilization Commission")
    MASS_MOBILIZATION_BOARD = "mm_board", _("Mass Mobilization Commission (before 2025)")
    PROPAGANDA_BOARD = "propaganda_board", _("Propaganda Commission (before 2025)")
    PEOPLES_COUNCIL = "peoples_council", _("People's Council")
    PEOPLES_COMMITTEE = "peoples_committee", _("People's Committee")
    FATHERLAND_FRONT = "fatherland_front", _("Vietnam Fatherland Front Committee")
    FARMERS_ASSOCIATION = "farmers", _("Farmers' Association")
    WOMENS_UNION = "women", _("Women's Union")
    VETERANS_ASSOCIATION = "veterans", _("Veterans' Association")
    YOUTH_UNION = "youth", _("Ho Chi Minh Communist Youth Union")
    TRADE_UNION = "trade_union", _("Trade Union")
    STATE_AGENCY = "state_agency", _("State agency")
    ARMED_FORCES = "armed_forces", _("Armed-forces unit")
    OTHER = "other", _("Other")


class OrganizationLevel(models.TextChoices):
    CENTRAL = "central", _("Central")
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District (until 30/06/2025)")
    COMMUNE = "commune", _("Commune")


class OrganizationQuerySet(ValidityQuerySet["Organization"]):
    pass


class Organization(Validity):
    """A body with a territory (None for central bodies) and a parent in the line of authority."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=120, blank=True)
    name_folded = models.CharField(max_length=400, editable=False, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganizationKind.choices)
    level = models.CharField(_("level"), max_length=10, choices=OrganizationLevel.choices)
    unit = models.ForeignKey(
        AdminUnit,
        verbose_name=_("territory"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organizations",
        help_text=_("Empty for central bodies, whose territory is the whole country."),
    )
    # Where this body's records roll up to today, kept by the services: the unit in force that
    # its territory maps to, and that unit's province. Scope checks and statistics use these.
    current_unit = models.ForeignKey(
        AdminUnit,
        verbose_name=_("current territory"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    province = models.ForeignKey(
        AdminUnit,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # The body's public contact (its office, not a person's): shown where citizens or other
    # bodies are told whom to ask, e.g. about replicating a "Dân vận khéo" model.
    address = models.CharField(_("office address"), max_length=300, blank=True)
    phone = models.CharField(_("office phone"), max_length=30, blank=True)
    email = models.EmailField(_("office e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    current = models.ForeignKey(
        "self",
        verbose_name=_("current successor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    history = HistoricalRecords(
        # Derived by the services from other fields; their history is those fields'.
        excluded_fields=["name_folded", "current"]
    )
    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["code"]
        indexes = [
            models.Index(fields=["level", "valid_to", "kind"], name="org_level_kind_idx"),
            models.Index(fields=["province", "level"], name="org_province_idx"),
            models.Index(fields=["current_unit", "kind"], name="org_current_unit_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class OrganizationChangeKind(models.TextChoices):
    MERGE = "merge", _("Merge")
    SPLIT = "split", _("Split")
    RENAME = "rename", _("Rename")
    DISSOLVE = "dissolve", _("Dissolve")


class OrganizationChange(models.Model):
    """A reorganization event: a merge, split, rename or dissolution on a date."""

    kind = models.CharField(_("kind"), max_length=10, choices=OrganizationChangeKind.choices)
    effective_date = models.DateField(_("effective date"))
    decision = models.CharField(
        _("decision"), max_length=200, blank=True, help_text=_("e.g. Quyết định 123-QĐ/TU")
    )
    note = models.TextField(_("note"), blank=True)
    renamed = models.ForeignKey(
        Organization,
        verbose_name=_("renamed organization"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="renames",
    )
    previous_name = models.CharField(_("previous name"), max_length=255, blank=True)
    new_name = models.CharField(_("new name"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reorganization event")
        verbose_name_plural = _("reorganization events")
        ordering = ["-effective_date", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.effective_date:%d/%m/%Y}"


class OrganizationSuccession(models.Model):
    change = models.ForeignKey(
        OrganizationChange,
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="successions",
    )
    predecessor = models.ForeignKey(
        Organization,
        verbose_name=_("predecessor"),
        on_delete=models.CASCADE,
        related_name="successions",
    )
    successor = models.ForeignKey(
        Organization,
        verbose_name=_("successor"),
        on_delete=models.CASCADE,
        related_name="predecessions",
    )
    is_default = models.BooleanField(_("default successor"), default=True)

    class Meta:
        verbose_name = _("organization succession")
        verbose_name_plural = _("organization successions")
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="orgsuccession_unique_pair"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"
