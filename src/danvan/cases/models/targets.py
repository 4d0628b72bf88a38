"""A province's own target for answering feedback and proposals in a field.

Not a legal limit: the laws set none for answering feedback (only for forwarding it), so a
province may set a service level per field. It is shown as the province's target, never as
a legal limit, and counted like one only for sorting and reminders.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from danvan.org.models import AdminUnit

from .fields import CaseField


class TargetDayType(models.TextChoices):
    WORKING = "working", _("Working days")
    CALENDAR = "calendar", _("Calendar days")


class ServiceTarget(models.Model):
    province = models.ForeignKey(
        AdminUnit, verbose_name=_("province"), on_delete=models.PROTECT, related_name="+"
    )
    field = models.ForeignKey(
        CaseField,
        verbose_name=_("field"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Leave empty for every field without a target of its own."),
    )
    days = models.PositiveSmallIntegerField(_("days"))
    day_type = models.CharField(
        _("day type"), max_length=10, choices=TargetDayType.choices, default=TargetDayType.WORKING
    )
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    source = models.CharField(
        _("source"),
        max_length=200,
        help_text=_("The province's document that sets the target, e.g. Kế hoạch 12/KH-UBND."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("province target for feedback")
        verbose_name_plural = _("province targets for feedback")
        ordering = ["province__name", "field__name", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "field", "effective_from"], name="service_target_unique"
            ),
            models.CheckConstraint(condition=Q(days__gte=1), name="service_target_days_positive"),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=F("effective_from")),
                name="service_target_period_ordered",
                violation_error_message=_("The end date must not be before the start date."),
            ),
        ]
        indexes = [
            models.Index(fields=["province", "effective_from"], name="service_target_lookup_idx")
        ]

    def __str__(self) -> str:
        return f"{self.province} — {self.field or '*'}: {self.days}"
