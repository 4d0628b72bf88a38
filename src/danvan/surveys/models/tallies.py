"""A survey's answers counted by month (decision 0024, "Measured"): what the results page
reads for months already past, so that a million answers are a few thousand rows. The month
under way, a month not yet counted and any page filtered by a body are read from the answers
themselves. Written only by services.tallies; every row says how many answers (n) and, for
numbers and a ranking's places, their sum (total)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .surveys import Choice, MatrixRow, Question, SurveyVersion


class TallyKind(models.TextChoices):
    RESPONSES = "responses", _("responses to the version")
    ANSWERED = "answered", _("responses that answered the question")
    CHOICE = "choice", _("answers with this choice")
    RATING = "rating", _("answers with this rating")
    NUMBER = "number", _("numbers answered")
    PLACE = "place", _("places given to this choice")


class AnswerTally(models.Model):
    version = models.ForeignKey(
        SurveyVersion, on_delete=models.CASCADE, related_name="+", verbose_name=_("version")
    )
    month = models.DateField(_("month"))  # its first day, in Asia/Ho_Chi_Minh
    kind = models.CharField(_("what is counted"), max_length=10, choices=TallyKind.choices)
    question = models.ForeignKey(
        Question,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("question"),
    )
    choice = models.ForeignKey(
        Choice,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("choice"),
    )
    row = models.ForeignKey(
        MatrixRow,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("matrix row"),
    )
    value = models.SmallIntegerField(_("rating"), null=True, blank=True)
    n = models.PositiveIntegerField(_("answers"))
    total = models.FloatField(_("sum"), default=0)

    class Meta:
        verbose_name = _("monthly answer count")
        verbose_name_plural = _("monthly answer counts")
        indexes = [models.Index(fields=["version", "month"], name="tally_version_month_idx")]

    def __str__(self) -> str:
        return f"{self.month:%m/%Y} {self.kind} {self.n}"


class AnswerTallyRefresh(models.Model):
    """When each month's answer counts were last recomputed, and up to what moment they
    count (the month under way is counted up to a few minutes before the refresh; a month
    without a row is read from the answers)."""

    month = models.DateField(_("month"), unique=True)
    refreshed_at = models.DateTimeField(_("refreshed at"))
    # Empty: the whole month.
    covers_until = models.DateTimeField(_("counts answers received before"), null=True)

    class Meta:
        verbose_name = _("refresh of the answer counts")
        verbose_name_plural = _("refreshes of the answer counts")

    def __str__(self) -> str:
        return f"{self.month:%m/%Y}"
