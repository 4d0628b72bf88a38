"""Award kinds: the emulation titles (danh hiệu thi đua) and forms of commendation (hình thức
khen thưởng) of Luật Thi đua, khen thưởng 2022, each with the level of the body that grants
it. A managed list, seeded by a data migration (see docs/decisions/0005-emulation-awards.md
for what is certain and what is assumed)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class AwardCategory(models.TextChoices):
    TITLE = "title", _("Emulation title")
    FORM = "form", _("Form of commendation")


class RecipientKind(models.TextChoices):
    COLLECTIVE = "collective", _("Collective")
    INDIVIDUAL = "individual", _("Individual")


class AwardTarget(models.TextChoices):
    COLLECTIVE = "collective", _("Collectives")
    INDIVIDUAL = "individual", _("Individuals")
    BOTH = "both", _("Collectives and individuals")


class AuthorityLevel(models.TextChoices):
    COMMUNE = "commune", _("Commune level")
    PROVINCE = "province", _("Province level")
    CENTRAL = "central", _("Central level")


LEVEL_RANK = {AuthorityLevel.COMMUNE: 1, AuthorityLevel.PROVINCE: 2, AuthorityLevel.CENTRAL: 3}


class AwardKind(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("category"), max_length=10, choices=AwardCategory.choices)
    target = models.CharField(_("awarded to"), max_length=12, choices=AwardTarget.choices)
    authority_level = models.CharField(
        _("level of the granting body"), max_length=10, choices=AuthorityLevel.choices
    )
    or_above = models.BooleanField(
        _("also granted by bodies above that level"),
        default=False,
        help_text=_(
            "e.g. a Certificate of merit is granted by the heads of bodies at every level."
        ),
    )
    authority_kinds = models.JSONField(
        _("kinds of granting body"),
        default=list,
        blank=True,
        help_text=_(
            "Organization kinds that grant it (e.g. peoples_committee); empty: the head of the "
            "proposing body itself, a body above it in its line, or the People's Committee of "
            "its territory."
        ),
    )
    authority_title = models.CharField(
        _("who grants it"), max_length=200, help_text=_("e.g. Chủ tịch UBND cấp tỉnh")
    )
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("award kind")
        verbose_name_plural = _("award kinds")
        ordering = ["position", "code"]
        indexes = [models.Index(fields=["active", "category"], name="emu_awardkind_active_idx")]

    def __str__(self) -> str:
        return self.name

    def accepts(self, recipient_kind: str) -> bool:
        return self.target == AwardTarget.BOTH or self.target == recipient_kind
