"""The steps after registration: evaluation, recognition, replication, periodic review."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from danvan.org.models import Organization

from .exemplars import Exemplar, RecognitionLevel


class Evaluation(models.Model):
    """Thẩm định by the level above: scores per criterion, and a verdict."""

    exemplar = models.ForeignKey(
        Exemplar,
        verbose_name=_("model or exemplar"),
        on_delete=models.CASCADE,
        related_name="evaluations",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("evaluating body"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("evaluated by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    scores = models.JSONField(_("scores per criterion"), default=dict)
    total = models.DecimalField(_("total score"), max_digits=6, decimal_places=2)
    passed = models.BooleanField(_("meets the criteria"))
    comment = models.TextField(_("comment"), blank=True)
    evaluated_on = models.DateField(_("evaluated on"))

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-evaluated_on", "-id"]

    def __str__(self) -> str:
        return f"{self.exemplar} — {self.total}"


class Recognition(models.Model):
    """Công nhận at a level, by a decision with its number and date."""

    exemplar = models.ForeignKey(
        Exemplar,
        verbose_name=_("model or exemplar"),
        on_delete=models.CASCADE,
        related_name="recognitions",
    )
    level = models.CharField(_("level"), max_length=10, choices=RecognitionLevel.choices)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("recognizing body"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_number = models.CharField(_("decision number"), max_length=60)
    decision_date = models.DateField(_("decision date"))
    recognized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")
        ordering = ["decision_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["exemplar", "level"], name="recognized_once_per_level"),
        ]

    def __str__(self) -> str:
        return f"{self.decision_number} ({self.get_level_display()})"


class Replication(models.Model):
    """Nhân rộng: a unit that adopted the model."""

    exemplar = models.ForeignKey(
        Exemplar,
        verbose_name=_("model or exemplar"),
        on_delete=models.CASCADE,
        related_name="replications",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("adopting body"),
        on_delete=models.PROTECT,
        related_name="adopted_exemplars",
    )
    adopted_on = models.DateField(_("adopted on"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("replication")
        verbose_name_plural = _("replications")
        constraints = [
            models.UniqueConstraint(fields=["exemplar", "organization"], name="adopted_once"),
        ]

    def __str__(self) -> str:
        return f"{self.exemplar} → {self.organization}"


class ReviewOutcome(models.TextChoices):
    MAINTAINED = "maintained", _("Maintained")
    IMPROVED = "improved", _("Improved")
    DECLINED = "declined", _("Declined")
    DISCONTINUED = "discontinued", _("Discontinued")


class Review(models.Model):
    """A periodic review: is the model still working?"""

    exemplar = models.ForeignKey(
        Exemplar,
        verbose_name=_("model or exemplar"),
        on_delete=models.CASCADE,
        related_name="reviews",
    )
    reviewed_on = models.DateField(_("reviewed on"))
    outcome = models.CharField(_("outcome"), max_length=14, choices=ReviewOutcome.choices)
    note = models.TextField(_("note"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-reviewed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.exemplar} — {self.reviewed_on}"


class Criterion(models.Model):
    """A scoring criterion for evaluation, managed in the admin (e.g. "effectiveness", out of
    40 points)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    max_score = models.PositiveSmallIntegerField(_("highest score"))
    pass_share = models.PositiveSmallIntegerField(
        _("share of the total needed to pass (%)"), default=50
    )
    active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("evaluation criterion")
        verbose_name_plural = _("evaluation criteria")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name


class Inquiry(models.Model):
    """A question about replicating a model, asked by an officer of another body from the
    showcase and answered by the registering body's staff on the model's page. Between
    officers, so no citizen's personal data is collected (citizens use the published contact
    or the feedback form)."""

    exemplar = models.ForeignKey(
        Exemplar,
        verbose_name=_("model or exemplar"),
        on_delete=models.CASCADE,
        related_name="inquiries",
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    asking_body = models.ForeignKey(
        Organization,
        verbose_name=_("asking body"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    question = models.TextField(_("question"))
    asked_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("question about replicating")
        verbose_name_plural = _("questions about replicating")
        ordering = ["-asked_at", "-id"]
        indexes = [models.Index(fields=["exemplar", "answered_at"], name="inquiry_open_idx")]

    def __str__(self) -> str:
        return f"{self.exemplar} — {self.asking_body}"
