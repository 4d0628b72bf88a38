"""Award decisions (quyết định khen thưởng) and their recipients: the honor roll's rows."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from danvan.org.models import AdminUnit, Organization

from .awards import AwardKind, RecipientKind
from .proposals import Proposal


class AwardDecision(models.Model):
    authority = models.ForeignKey(
        Organization,
        verbose_name=_("signing body"),
        on_delete=models.PROTECT,
        related_name="award_decisions",
    )
    number = models.CharField(
        _("number and symbol"), max_length=60, help_text=_("e.g. 123/QĐ-UBND")
    )
    signed_on = models.DateField(_("date"))
    # The year of the date: State documents are numbered per year (unique per body and year).
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    award_kind = models.ForeignKey(
        AwardKind, verbose_name=_("award"), on_delete=models.PROTECT, related_name="decisions"
    )
    proposal = models.OneToOneField(
        Proposal,
        verbose_name=_("proposal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decision",
    )
    subject = models.CharField(_("excerpt"), max_length=300, help_text=_("“Về việc khen thưởng …”"))
    decider_title = models.CharField(
        _("deciding authority"),
        max_length=255,
        help_text=_("e.g. CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG"),
    )
    grounds = models.TextField(_("legal grounds (“Căn cứ …”, one per line)"))
    signing_capacity = models.CharField(
        _("signing capacity"), max_length=150, blank=True, help_text=_("e.g. KT. CHỦ TỊCH")
    )
    signer_title = models.CharField(_("signer's title"), max_length=150)
    signer_name = models.CharField(_("signer's name"), max_length=150)
    place_name = models.CharField(_("place name on the document"), max_length=100)
    distribution = models.TextField(_("distribution (“Nơi nhận”, one per line)"), blank=True)
    province = models.ForeignKey(
        AdminUnit,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("award decision")
        verbose_name_plural = _("award decisions")
        ordering = ["-signed_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "year", "number"], name="emu_decision_number_once_per_year"
            ),
        ]
        indexes = [
            models.Index(fields=["authority", "signed_on"], name="emu_decision_authority_idx"),
            models.Index(fields=["province", "signed_on"], name="emu_decision_province_idx"),
            models.Index(fields=["award_kind", "signed_on"], name="emu_decision_kind_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.signed_on:%d/%m/%Y})"


class DecisionRecipient(models.Model):
    """A recipient named in a decision. The decision's award, date, year and province are
    copied on the row (decisions do not change once entered), so that the honor roll and the
    figures read one table."""

    decision = models.ForeignKey(
        AwardDecision,
        verbose_name=_("decision"),
        on_delete=models.CASCADE,
        related_name="recipients",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=RecipientKind.choices)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("collective (a body)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards_received",
    )
    name = models.CharField(_("name of the collective or person"), max_length=255)
    position = models.CharField(_("position"), max_length=150, blank=True)
    unit_name = models.CharField(_("unit"), max_length=255, blank=True)
    achievements = models.TextField(_("achievements"), blank=True)
    public_consent = models.BooleanField(
        _("the person agrees that their name is published"), default=False
    )
    reward_amount = models.DecimalField(
        _("reward (VND)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # Copied from the decision.
    award_kind = models.ForeignKey(
        AwardKind, verbose_name=_("award"), on_delete=models.PROTECT, related_name="+"
    )
    signed_on = models.DateField(_("date"))
    year = models.PositiveSmallIntegerField(_("year"))
    province = models.ForeignKey(
        AdminUnit,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # What the public may search: never the name of a person who did not agree.
    search_text = models.TextField(editable=False, blank=True)

    class Meta:
        verbose_name = _("award recipient")
        verbose_name_plural = _("award recipients")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="collective") | Q(organization__isnull=True),
                name="emu_decision_recipient_person_has_no_body",
            ),
            models.CheckConstraint(
                condition=Q(reward_amount__isnull=True) | Q(reward_amount__gte=0),
                name="emu_decision_recipient_reward_positive",
            ),
        ]
        indexes = [
            models.Index(fields=["signed_on", "id"], name="emu_recipient_signed_idx"),
            models.Index(fields=["year", "award_kind"], name="emu_recipient_year_kind_idx"),
            models.Index(fields=["province", "signed_on"], name="emu_recipient_province_idx"),
            models.Index(fields=["award_kind", "signed_on"], name="emu_recipient_kind_idx"),
            models.Index(
                fields=["signed_on", "kind", "award_kind", "year", "province"],
                name="emu_recipient_figures_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def shows_name_publicly(self) -> bool:
        return self.kind == RecipientKind.COLLECTIVE or self.public_consent
