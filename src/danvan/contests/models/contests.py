"""A "Dân vận khéo" contest (Hội thi) and its scoring criteria."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from danvan.org.models import Organization


class ContestStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REGISTRATION = "registration", _("Registration open")
    PRELIMINARY = "preliminary", _("Preliminary rounds")
    FINAL = "final", _("Final")
    PUBLISHED = "published", _("Results published")


class Aggregation(models.TextChoices):
    MEAN = "mean", _("Mean of the judges' scores")
    TRIMMED = "trimmed", _("Drop the highest and the lowest score, then the mean")


class Contest(models.Model):
    name = models.CharField(_("name"), max_length=300)
    organizer = models.ForeignKey(
        Organization,
        verbose_name=_("organizing body"),
        on_delete=models.PROTECT,
        related_name="organized_contests",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    description = models.TextField(_("description"), blank=True)
    aggregation = models.CharField(
        _("how the judges' scores are combined"),
        max_length=10,
        choices=Aggregation.choices,
        default=Aggregation.TRIMMED,
    )
    trim_min_judges = models.PositiveSmallIntegerField(
        _("drop the highest and lowest from this many judges"),
        default=5,
        validators=[MinValueValidator(3)],
    )
    tie_break_best_judge = models.BooleanField(
        _("after the criteria, ties are broken by the best judge's total"), default=True
    )
    advance_count = models.PositiveSmallIntegerField(
        _("teams advancing from each preliminary round"),
        default=2,
        validators=[MinValueValidator(1)],
    )
    first_prizes = models.PositiveSmallIntegerField(_("first prizes"), default=1)
    second_prizes = models.PositiveSmallIntegerField(_("second prizes"), default=1)
    third_prizes = models.PositiveSmallIntegerField(_("third prizes"), default=1)
    consolation_prizes = models.PositiveSmallIntegerField(_("consolation prizes"), default=2)
    registration_deadline = models.DateField(_("registration closes on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=14, choices=ContestStatus.choices, default=ContestStatus.DRAFT
    )
    published_at = models.DateTimeField(_("results published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contest")
        verbose_name_plural = _("contests")
        ordering = ["-year", "-id"]
        indexes = [
            models.Index(fields=["organizer", "year"], name="contest_organizer_year_idx"),
            models.Index(fields=["status", "year"], name="contest_status_year_idx"),
            # The "contests concluded" report figure: results published in a period.
            models.Index(fields=["organizer", "published_at"], name="contest_organizer_pub_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(trim_min_judges__gte=3), name="contest_trim_min_3"),
            models.CheckConstraint(condition=Q(advance_count__gte=1), name="contest_advance_min_1"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"

    @property
    def is_published(self) -> bool:
        return self.status == ContestStatus.PUBLISHED

    @property
    def prize_counts(self) -> tuple[int, int, int, int]:
        return (self.first_prizes, self.second_prizes, self.third_prizes, self.consolation_prizes)


class Criterion(models.Model):
    """A scoring criterion (tiêu chí chấm): a maximum score and a weight in the total.

    Criteria with a tie-break position break ties, in that order, before the best judge's
    total."""

    contest = models.ForeignKey(
        Contest, verbose_name=_("contest"), on_delete=models.CASCADE, related_name="criteria"
    )
    name = models.CharField(_("name"), max_length=200)
    max_score = models.DecimalField(
        _("highest score"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    tie_break = models.PositiveSmallIntegerField(
        _("tie-break order"),
        null=True,
        blank=True,
        help_text=_("1 breaks ties first; empty: not used to break ties."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("scoring criterion")
        verbose_name_plural = _("scoring criteria")
        ordering = ["contest", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "name"], name="criterion_name_once"),
            models.UniqueConstraint(
                fields=["contest", "tie_break"],
                condition=Q(tie_break__isnull=False),
                name="criterion_tie_break_once",
            ),
            models.CheckConstraint(condition=Q(max_score__gt=0), name="criterion_max_positive"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="criterion_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.name
