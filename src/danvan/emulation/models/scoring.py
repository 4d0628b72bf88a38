"""Scoring within a cluster or bloc (chấm điểm thi đua trong cụm, khối): for a movement and a
year, each member body's self-assessed and cluster-assessed score per criterion."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from danvan.org.models import EmulationCluster, Organization

from .movements import Movement, MovementCriterion


class ScoringStatus(models.TextChoices):
    OPEN = "open", _("Open for scoring")
    CLOSED = "closed", _("Closed")


class ClusterScoring(models.Model):
    """The scoring sheet of one cluster for one movement (the cluster's year is the year)."""

    movement = models.ForeignKey(
        Movement, verbose_name=_("movement"), on_delete=models.PROTECT, related_name="scorings"
    )
    cluster = models.ForeignKey(
        EmulationCluster,
        verbose_name=_("emulation cluster or bloc"),
        on_delete=models.PROTECT,
        related_name="emulation_scorings",
    )
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=ScoringStatus.choices, default=ScoringStatus.OPEN
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cluster scoring")
        verbose_name_plural = _("cluster scorings")
        ordering = ["-year", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["movement", "cluster"], name="emu_scoring_once_per_cluster"
            ),
        ]
        indexes = [models.Index(fields=["movement", "year"], name="emu_scoring_movement_year_idx")]

    def __str__(self) -> str:
        return f"{self.cluster} — {self.movement}"


class Score(models.Model):
    scoring = models.ForeignKey(
        ClusterScoring, verbose_name=_("scoring"), on_delete=models.CASCADE, related_name="scores"
    )
    member = models.ForeignKey(
        Organization, verbose_name=_("member body"), on_delete=models.PROTECT, related_name="+"
    )
    criterion = models.ForeignKey(
        MovementCriterion,
        verbose_name=_("criterion"),
        on_delete=models.PROTECT,
        related_name="scores",
    )
    self_score = models.DecimalField(
        _("self-assessed score"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    assessed_score = models.DecimalField(
        _("score assessed by the cluster"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["scoring", "member", "criterion"], name="emu_score_once_per_criterion"
            ),
            models.CheckConstraint(
                condition=Q(self_score__isnull=True) | Q(self_score__gte=0),
                name="emu_score_self_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(assessed_score__isnull=True) | Q(assessed_score__gte=0),
                name="emu_score_assessed_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["scoring", "member"], name="emu_score_scoring_member_idx")]

    def __str__(self) -> str:
        return f"{self.member} — {self.criterion}"
