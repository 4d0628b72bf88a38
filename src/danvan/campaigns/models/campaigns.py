"""Campaigns (cuộc vận động): what the Front and its organizations move people to give and do
— money, goods, land, labour, houses, roads — against targets set per participating body,
with the results each body reports rolling up the levels (organization tree).

Money and goods that pass through a fund are counted from the fund's ledger (entries carry
the campaign); a body reports here only what did not pass through a fund (land donated,
labour days, km of road, houses built, households helped), so nothing is counted twice.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ._common import org_fk, unit_fk, user_fk


class CampaignKind(models.TextChoices):
    STANDING = "standing", _("Standing campaign")
    TIME_BOUND = "time_bound", _("Time-bound campaign")
    EMERGENCY = "emergency", _("Emergency relief appeal")


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Under way")
    CLOSED = "closed", _("Closed")


class Measure(models.TextChoices):
    """What a target and a result count, each in its own unit (`MEASURE_UNITS`)."""

    MONEY = "money", _("Money (cash and transfers)")
    IN_KIND = "in_kind", _("Goods in kind (valued)")
    LAND = "land", _("Land donated")
    LABOUR = "labour", _("Labour days")
    HOUSEHOLDS = "households", _("Households helped")
    ROAD = "road", _("Rural roads built")
    HOUSES = "houses", _("Great-solidarity houses")


MEASURE_UNITS = {
    Measure.MONEY: pgettext_lazy("unit", "đồng"),
    Measure.IN_KIND: pgettext_lazy("unit", "đồng"),
    Measure.LAND: pgettext_lazy("unit", "m²"),
    Measure.LABOUR: pgettext_lazy("unit", "labour days"),
    Measure.HOUSEHOLDS: pgettext_lazy("unit", "households"),
    Measure.ROAD: pgettext_lazy("unit", "km"),
    Measure.HOUSES: pgettext_lazy("unit", "houses"),
}
# Measures whose results come from the funds' ledgers (entries tagged with the campaign).
LEDGER_MEASURES = frozenset({Measure.MONEY, Measure.IN_KIND})


class Campaign(models.Model):
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=12, choices=CampaignKind.choices)
    organizer = org_fk(_("organized by"), "campaigns")
    # The organizer's province (None for a central campaign): lists filter on it.
    province = unit_fk(_("province"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    criteria = models.TextField(_("criteria for evaluation"), blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    movement = models.ForeignKey(
        "emulation.Movement",
        verbose_name=_("emulation movement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="campaigns",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    search_text = models.TextField(editable=False, blank=True)
    created_by = user_fk(_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="camp_campaign_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["organizer", "status"], name="camp_campaign_org_idx"),
            models.Index(fields=["province", "status"], name="camp_campaign_prov_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class CampaignBody(models.Model):
    """A body taking part in a campaign: it has targets and reports results."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="bodies"
    )
    organization = org_fk(_("body"), "campaign_memberships")
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("participating body")
        verbose_name_plural = _("participating bodies")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "organization"], name="camp_body_once_per_campaign"
            ),
        ]
        indexes = [models.Index(fields=["organization"], name="camp_body_org_idx")]

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.organization_id}"


class Target(models.Model):
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="targets"
    )
    organization = org_fk(_("body"))
    measure = models.CharField(_("measure"), max_length=12, choices=Measure.choices)
    quantity = models.DecimalField(_("target"), max_digits=18, decimal_places=2)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "organization", "measure"], name="camp_target_once"
            ),
            models.CheckConstraint(condition=Q(quantity__gte=0), name="camp_target_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.quantity}"


class Result(models.Model):
    """A result a body reports (append-only: a correction is another row with the opposite
    quantity and `corrects` set)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="results"
    )
    organization = org_fk(_("reported by body"))
    measure = models.CharField(_("measure"), max_length=12, choices=Measure.choices)
    quantity = models.DecimalField(_("quantity"), max_digits=18, decimal_places=2)
    achieved_on = models.DateField(_("achieved on"))
    note = models.TextField(_("details"), blank=True)
    evidence = models.FileField(
        _("evidence"), upload_to="campaigns/evidence/%Y/%m/", blank=True, max_length=200
    )
    corrects = models.OneToOneField(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="correction",
    )
    idempotency_key = models.CharField(max_length=64, blank=True, editable=False)
    reported_by = user_fk(_("reported by"))
    reported_at = models.DateTimeField(_("reported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["-achieved_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="camp_result_idempotent",
            ),
        ]
        indexes = [
            models.Index(fields=["campaign", "organization", "measure"], name="camp_result_idx"),
            models.Index(fields=["organization", "achieved_on"], name="camp_result_org_day_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.quantity}"


class Rating(models.TextChoices):
    EXCELLENT = "excellent", _("Excellently completed")
    GOOD = "good", _("Well completed")
    DONE = "done", _("Completed")
    NOT_DONE = "not_done", _("Not completed")


class Evaluation(models.Model):
    """The organizer's evaluation of a participating body at the campaign's end; an excellent
    one can become a proposal for an award in the emulation app."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="evaluations"
    )
    organization = org_fk(_("body"))
    rating = models.CharField(_("rating"), max_length=10, choices=Rating.choices)
    # The share of the targets met when evaluated (percent, averaged over the measures).
    achieved_percent = models.DecimalField(
        _("targets met (%)"), max_digits=7, decimal_places=1, null=True, blank=True
    )
    remark = models.TextField(_("remarks"), blank=True)
    proposal = models.ForeignKey(
        "emulation.Proposal",
        verbose_name=_("award proposal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    evaluated_by = user_fk(_("evaluated by"))
    evaluated_at = models.DateTimeField(_("evaluated at"), auto_now=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "organization"], name="camp_evaluation_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id}: {self.rating}"
