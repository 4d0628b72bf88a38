"""Judges' scores, and each round's results as computed when it closes."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .contests import Criterion
from .rounds import Judge, Round
from .teams import Team


class Score(models.Model):
    """One judge's score for one team on one criterion in one round (corrections are kept
    in the history)."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="scores"
    )
    judge = models.ForeignKey(
        Judge, verbose_name=_("judge"), on_delete=models.CASCADE, related_name="scores"
    )
    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="scores"
    )
    value = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["judge", "team", "criterion"], name="score_once_per_judge_team_criterion"
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="score_not_negative"),
        ]
        indexes = [models.Index(fields=["round", "team"], name="score_round_team_idx")]

    def __str__(self) -> str:
        return f"{self.team} / {self.criterion}: {self.value}"


class Prize(models.TextChoices):
    FIRST = "first", _("First prize")
    SECOND = "second", _("Second prize")
    THIRD = "third", _("Third prize")
    CONSOLATION = "consolation", _("Consolation prize")


class RoundResult(models.Model):
    """A team's result in a closed round: weighted total, rank (shared when tied after every
    tie-break), advancing (preliminary) or prize (final). Computed by `computation` when the
    round closes; the scores stay the record."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="results"
    )
    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="results"
    )
    total = models.DecimalField(_("total"), max_digits=9, decimal_places=2)
    rank = models.PositiveSmallIntegerField(_("rank"))
    advances = models.BooleanField(_("advances to the final"), default=False)
    prize = models.CharField(_("prize"), max_length=12, choices=Prize.choices, blank=True)
    # Per criterion id: the aggregated score, as text ("8.50"), for the results pages.
    aggregates = models.JSONField(_("aggregated scores per criterion"), default=dict)
    decided_by = models.CharField(_("tie broken by"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("round result")
        verbose_name_plural = _("round results")
        ordering = ["round", "rank", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "team"], name="result_once_per_round_team"),
        ]
        indexes = [models.Index(fields=["round", "rank"], name="result_round_rank_idx")]

    def __str__(self) -> str:
        return f"{self.round}: {self.rank}. {self.team}"
