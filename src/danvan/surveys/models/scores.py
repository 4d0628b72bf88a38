"""What the satisfaction index is computed from: for each response, its score on each
criterion of the question library it answered (the share of that criterion's items answered
above the middle of the scale), and its index (the mean of its SIPAS criteria). Written with
the answers (services.answering); rolled up by the index selectors with the body, its province
and the day copied here, so a nation's figures by province are one grouped read of this table
and never a join with the answers (decision 0025)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.org.models import AdminUnit, Organization

from .responses import Response


class ResponseScore(models.Model):
    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="scores", verbose_name=_("response")
    )
    # "sipas" (the index itself), "sipas.access", …, "papi.participation", …
    criterion = models.CharField(_("criterion"), max_length=40)
    body = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("body")
    )
    province = models.ForeignKey(
        AdminUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province"),
    )
    day = models.DateField(_("day"))  # in Asia/Ho_Chi_Minh
    score = models.FloatField(_("score (0–1)"))

    class Meta:
        verbose_name = _("response score")
        verbose_name_plural = _("response scores")
        constraints = [
            models.UniqueConstraint(fields=["response", "criterion"], name="score_once"),
            models.CheckConstraint(
                condition=models.Q(score__gte=0, score__lte=1), name="score_0_to_1"
            ),
        ]
        indexes = [
            # The nation or a province by province/body: read from the index alone.
            models.Index(
                fields=["criterion", "day", "province", "body", "score"], name="score_cover_idx"
            ),
            models.Index(fields=["body", "criterion", "day"], name="score_body_idx"),
            # The month under way (read live, the past months come from SatisfactionMonth):
            # a range of days read from the index alone, whatever the criteria.
            models.Index(
                fields=["day", "province", "criterion", "body", "score"],
                name="score_day_cover_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion} {self.score:.2f}"


class SatisfactionMonth(models.Model):
    """The scores of a month, summed by body and criterion: what the index reads for months
    already past (the month under way is read from the scores themselves), so that a nation's
    year is a few hundred thousand rows at most, never millions. Written only by
    services.figures; decision 0025."""

    month = models.DateField(_("month"))  # its first day, in Asia/Ho_Chi_Minh
    province = models.ForeignKey(
        AdminUnit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province"),
    )
    body = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("body")
    )
    criterion = models.CharField(_("criterion"), max_length=40)
    n = models.PositiveIntegerField(_("responses"))
    total = models.FloatField(_("sum of scores"))
    squares = models.FloatField(_("sum of squared scores"))

    class Meta:
        verbose_name = _("monthly satisfaction figure")
        verbose_name_plural = _("monthly satisfaction figures")
        constraints = [
            models.UniqueConstraint(
                fields=["month", "body", "criterion"], name="satisfaction_month_once"
            )
        ]
        indexes = [
            models.Index(
                fields=["criterion", "month", "province", "body", "n", "total", "squares"],
                name="satisfaction_month_cover_idx",
            ),
            models.Index(fields=["body", "criterion", "month"], name="satisfaction_month_body_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%m/%Y} {self.criterion}"


class SatisfactionRefresh(models.Model):
    """When each month's figures were last recomputed."""

    month = models.DateField(_("month"), unique=True)
    refreshed_at = models.DateTimeField(_("refreshed at"))

    class Meta:
        verbose_name = _("refresh of the satisfaction figures")
        verbose_name_plural = _("refreshes of the satisfaction figures")

    def __str__(self) -> str:
        return f"{self.month:%m/%Y}"
