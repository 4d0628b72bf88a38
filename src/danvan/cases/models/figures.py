"""Monthly figures of matters, kept so that dashboards read a few hundred rows instead of
scanning a province's matters (DESIGN.md: pre-aggregation where a dashboard would scan).

One row per month, province, handling body, and one value of one dimension (kind or field):
a matter counts once under "kind" and once under "field", so totals come from either
dimension alone. The month is the month in Asia/Ho_Chi_Minh of each event: received in the
month (received), closed in it (closed, closed_on_time), rated in it (rated, rating_sum).
Written only by services.figures.refresh_months; decision 0016."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class FigureDimension(models.TextChoices):
    KIND = "kind", _("Kind")
    FIELD = "field", _("Field")


class CaseMonthlyFigure(models.Model):
    month = models.DateField(_("month"))
    province = models.ForeignKey(
        "org.AdminUnit",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    organization = models.ForeignKey(
        "org.Organization",
        verbose_name=_("handling body"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    dimension = models.CharField(_("dimension"), max_length=10, choices=FigureDimension.choices)
    value = models.CharField(_("value"), max_length=30, blank=True)
    received = models.PositiveIntegerField(_("received"), default=0)
    closed = models.PositiveIntegerField(_("closed"), default=0)
    closed_on_time = models.PositiveIntegerField(_("closed on time"), default=0)
    rated = models.PositiveIntegerField(_("rated"), default=0)
    rating_sum = models.PositiveIntegerField(_("sum of ratings"), default=0)

    class Meta:
        verbose_name = _("monthly figure of matters")
        verbose_name_plural = _("monthly figures of matters")
        indexes = [
            # Every column a dashboard sums, in the key: a province's year (tens of thousands
            # of rows, by body) is read from the index alone on PostgreSQL, never the table.
            models.Index(
                fields=[
                    "province",
                    "dimension",
                    "month",
                    "value",
                    "organization",
                    "received",
                    "closed",
                    "closed_on_time",
                    "rated",
                    "rating_sum",
                ],
                name="figure_prov_cover_idx",
            ),
            models.Index(fields=["organization", "dimension", "month"], name="figure_org_idx"),
            models.Index(fields=["month", "dimension"], name="figure_month_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%m/%Y} {self.dimension}={self.value}"


class FigureRefresh(models.Model):
    """When each month was last recomputed: the dashboards say how fresh their figures are."""

    month = models.DateField(_("month"), unique=True)
    refreshed_at = models.DateTimeField(_("refreshed at"))

    class Meta:
        verbose_name = _("refresh of monthly figures")
        verbose_name_plural = _("refreshes of monthly figures")

    def __str__(self) -> str:
        return f"{self.month:%m/%Y}"
