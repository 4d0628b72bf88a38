"""Situation reports from the grassroots (báo cáo tình hình nhân dân): the issues people are
raising, one row each, in the section of a report whose template marks it as the issue table
(`Section.issue_table`). A consolidated report holds copies of the issues of the reports it
consolidates, each pointing to the issue it came from; rows the consolidating body merged
stay, hidden, under the row they were merged into, so that every origin is still known."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.org.models import AdminUnit

from .reports import Report


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    SERIOUS = "serious", _("Serious")


# Highest first: a merged row takes the most severe of its rows.
SEVERITY_ORDER = [Severity.SERIOUS, Severity.HIGH, Severity.MEDIUM, Severity.LOW]


class Trend(models.TextChoices):
    NEW = "new", _("New")
    RISING = "rising", _("Rising")
    STABLE = "stable", _("Stable")
    FALLING = "falling", _("Falling")


class SituationIssue(models.Model):
    report = models.ForeignKey(
        Report,
        verbose_name=_("report"),
        on_delete=models.CASCADE,
        related_name="situation_issues",
    )
    position = models.PositiveIntegerField(_("position"))
    topic = models.CharField(_("issue raised"), max_length=255)
    place = models.ForeignKey(
        AdminUnit,
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    people_affected = models.PositiveIntegerField(_("people affected"), null=True, blank=True)
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.MEDIUM
    )
    trend = models.CharField(
        _("trend since the last report"), max_length=10, choices=Trend.choices, default=Trend.NEW
    )
    handling = models.TextField(_("handling proposed"), blank=True)
    details = models.TextField(_("details"), blank=True)
    origin = models.ForeignKey(
        "self",
        verbose_name=_("consolidated from"),
        null=True,
        blank=True,
        # The report below may be corrected after it was consolidated: the copy stays.
        on_delete=models.SET_NULL,
        related_name="copies",
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="merged",
    )
    # The add form's one-time token: the same form sent twice adds one row.
    token = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("issue raised by the people")
        verbose_name_plural = _("issues raised by the people")
        ordering = ["report", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["report", "token"], name="situationissue_token"),
        ]
        indexes = [
            models.Index(fields=["report", "position"], name="situationissue_report_idx"),
        ]

    def __str__(self) -> str:
        return self.topic
