"""Who reports to whom on which template (nghĩa vụ báo cáo): rows made by a rule ("every
commune People's Committee of the province") or by hand."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.org.models import Organization
from danvan.org.models.organizations import OrganizationKind, OrganizationLevel
from danvan.org.models.validity import Validity, ValidityQuerySet

from .templates import ReportTemplate


class RuleKind(models.TextChoices):
    BELOW = "below", _("Every body of a kind at a level inside the receiver's territory")
    CHILDREN = "children", _("Every body directly under the receiver")
    CHOSEN = "chosen", _("A chosen list of bodies")


class ObligationRule(models.Model):
    template = models.ForeignKey(
        ReportTemplate,
        verbose_name=_("template"),
        on_delete=models.CASCADE,
        related_name="obligation_rules",
    )
    receiver = models.ForeignKey(
        Organization,
        verbose_name=_("receiving body"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("rule"), max_length=10, choices=RuleKind.choices)
    organization_kind = models.CharField(
        _("kind of body"), max_length=20, choices=OrganizationKind.choices, blank=True
    )
    level = models.CharField(
        _("level"), max_length=10, choices=OrganizationLevel.choices, blank=True
    )
    chosen = models.ManyToManyField(
        Organization, verbose_name=_("chosen bodies"), blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("obligation rule")
        verbose_name_plural = _("obligation rules")

    def __str__(self) -> str:
        return f"{self.template} → {self.receiver}"


class ObligationQuerySet(ValidityQuerySet["Obligation"]):
    pass


class Obligation(Validity):
    template = models.ForeignKey(
        ReportTemplate,
        verbose_name=_("template"),
        on_delete=models.PROTECT,
        related_name="obligations",
    )
    reporter = models.ForeignKey(
        Organization,
        verbose_name=_("reporting body"),
        on_delete=models.PROTECT,
        related_name="report_obligations",
    )
    receiver = models.ForeignKey(
        Organization,
        verbose_name=_("receiving body"),
        on_delete=models.PROTECT,
        related_name="report_obligations_received",
    )
    rule = models.ForeignKey(
        ObligationRule,
        verbose_name=_("made by rule"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="obligations",
    )

    objects = ObligationQuerySet.as_manager()

    class Meta:
        verbose_name = _("reporting obligation")
        verbose_name_plural = _("reporting obligations")
        constraints = [
            models.UniqueConstraint(
                fields=["template", "reporter"],
                condition=Q(valid_to__isnull=True),
                name="obligation_open_unique",
            ),
            models.CheckConstraint(
                condition=~Q(reporter=models.F("receiver")), name="obligation_not_self"
            ),
        ]
        indexes = [
            models.Index(fields=["receiver", "template"], name="obligation_receiver_idx"),
            models.Index(fields=["reporter", "template"], name="obligation_reporter_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reporter} → {self.receiver}"
