"""Emulation clusters and blocs (cụm, khối thi đua), formed anew each year."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .organizations import Organization
from .units import AdminUnit


class EmulationClusterKind(models.TextChoices):
    CLUSTER = "cluster", _("Emulation cluster (by territory)")
    BLOC = "bloc", _("Emulation bloc (by sector)")


class EmulationCluster(models.Model):
    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=EmulationClusterKind.choices)
    organizer = models.ForeignKey(
        Organization,
        verbose_name=_("organizing body"),
        on_delete=models.PROTECT,
        related_name="organized_clusters",
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
    members = models.ManyToManyField(
        Organization, verbose_name=_("members"), related_name="emulation_clusters", blank=True
    )
    leader = models.ForeignKey(
        Organization,
        verbose_name=_("cluster head"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        verbose_name = _("emulation cluster or bloc")
        verbose_name_plural = _("emulation clusters and blocs")
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organizer", "year", "name"], name="cluster_unique_per_year"
            ),
        ]
        indexes = [models.Index(fields=["province", "year"], name="cluster_province_year_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"
