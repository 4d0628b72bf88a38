"""Measurable results as typed figures, so that reports can add them up."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .exemplars import Exemplar


class Metric(models.TextChoices):
    MONEY_RAISED = "money_raised", _("Money raised (VND)")
    LAND_DONATED = "land_donated", _("Land donated (m²)")
    ROAD_BUILT = "road_built", _("Road built or repaired (km)")
    HOUSEHOLDS_HELPED = "households_helped", _("Households helped")
    WORKDAYS = "workdays", _("Workdays contributed")
    HOUSES_BUILT = "houses_built", _("Houses built or repaired")


class ExemplarResult(models.Model):
    exemplar = models.ForeignKey(
        Exemplar,
        verbose_name=_("model or exemplar"),
        on_delete=models.CASCADE,
        related_name="results",
    )
    metric = models.CharField(_("measure"), max_length=20, choices=Metric.choices)
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        constraints = [
            models.UniqueConstraint(fields=["exemplar", "metric"], name="exemplar_metric_once"),
            models.CheckConstraint(
                condition=models.Q(value__gte=0), name="exemplar_result_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_metric_display()}: {self.value}"
