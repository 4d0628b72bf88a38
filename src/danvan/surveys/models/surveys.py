"""A survey and what it asks: versions, sections, questions with their choices, matrix rows
and display conditions. What a survey asks is frozen once anybody has answered it: a change
then makes a new version, so every answer stays read against the questions it was given
(decision 0024)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danvan.org.models import Organization


def public_key() -> str:
    """The survey's address in its public link and QR code: unguessable, short to type."""
    return secrets.token_urlsafe(9)


class SurveyState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("survey", "Draft")
    OPEN = "open", pgettext_lazy("survey", "Open")
    CLOSED = "closed", pgettext_lazy("survey", "Closed")


class Survey(models.Model):
    owner = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="surveys",
        verbose_name=_("conducted by"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("introduction"), blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=SurveyState.choices, default=SurveyState.DRAFT
    )
    opens_on = models.DateField(_("open from"), null=True, blank=True)
    closes_on = models.DateField(_("open until"), null=True, blank=True)
    key = models.CharField(_("public key"), max_length=20, unique=True, default=public_key)
    public_link = models.BooleanField(
        _("anyone with the link may answer"),
        default=True,
        help_text=_("Otherwise only those given a one-time code, and paper answers."),
    )
    after_matters = models.BooleanField(
        _("sent to citizens whose matter has closed"),
        default=False,
        help_text=_(
            "When a citizen's matter handled by this body or one under it closes, and the "
            "citizen agreed, a one-time code for this survey is sent to them."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        indexes = [models.Index(fields=["owner", "state"], name="survey_owner_state_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__isnull=True)
                | Q(opens_on__isnull=True)
                | Q(closes_on__gte=models.F("opens_on")),
                name="survey_closes_after_it_opens",
            )
        ]

    def __str__(self) -> str:
        return self.title


class SurveyVersion(models.Model):
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="versions", verbose_name=_("survey")
    )
    number = models.PositiveSmallIntegerField(_("version"))
    frozen_at = models.DateTimeField(
        _("frozen at"), null=True, blank=True, help_text=_("When the first answer came.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("survey version")
        verbose_name_plural = _("survey versions")
        constraints = [
            models.UniqueConstraint(fields=["survey", "number"], name="survey_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.survey} (v{self.number})"


class Section(models.Model):
    version = models.ForeignKey(
        SurveyVersion, on_delete=models.CASCADE, related_name="sections", verbose_name=_("version")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("introduction"), blank=True)

    class Meta:
        verbose_name = _("survey section")
        verbose_name_plural = _("survey sections")
        ordering = ["position"]

    def __str__(self) -> str:
        return self.title


class QuestionKind(models.TextChoices):
    RATING = "rating", _("Rating scale")
    SINGLE = "single", _("One choice")
    MULTIPLE = "multiple", _("Several choices")
    MATRIX = "matrix", _("Matrix (a rating per row)")
    NUMBER = "number", _("Number")
    RANKING = "ranking", _("Ranking")
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")


CHOICE_KINDS = frozenset(
    {QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.MATRIX, QuestionKind.RANKING}
)
TEXT_KINDS = frozenset({QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT})


class ConditionKind(models.TextChoices):
    ANSWERED = "answered", _("was answered")
    NOT_ANSWERED = "not_answered", _("was not answered")
    EQUALS = "equals", _("has this choice")
    NOT_EQUALS = "not_equals", _("does not have this choice")


class Question(models.Model):
    version = models.ForeignKey(
        SurveyVersion,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("version"),
    )
    section = models.ForeignKey(
        Section,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("section"),
    )
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("type"), max_length=12, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(_("explanation"), max_length=300, blank=True)
    required = models.BooleanField(_("an answer is required"), default=False)
    # A rating: 1 to scale_max, its two ends named ("Rất không hài lòng" … "Rất hài lòng").
    scale_max = models.PositiveSmallIntegerField(_("highest rating"), default=5)
    low_label = models.CharField(_("label of the lowest rating"), max_length=60, blank=True)
    high_label = models.CharField(_("label of the highest rating"), max_length=60, blank=True)
    # A number's bounds; several choices' most.
    min_value = models.DecimalField(
        _("smallest number"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("largest number"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    max_choices = models.PositiveSmallIntegerField(_("most choices"), null=True, blank=True)
    # Where the question comes from in the library (e.g. "sipas.staff.1"): the index reads it.
    code = models.CharField(_("library code"), max_length=40, blank=True)
    # Shown only when another question of the same version was (not) answered, or has (not)
    # a given choice.
    shown_if = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("shown depending on"),
    )
    shown_if_kind = models.CharField(
        _("condition"), max_length=12, choices=ConditionKind.choices, blank=True
    )
    shown_if_choice = models.ForeignKey(
        "Choice",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("choice of the condition"),
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position"]
        indexes = [models.Index(fields=["version", "position"], name="question_order_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(scale_max__gte=2, scale_max__lte=10), name="question_scale_2_to_10"
            )
        ]

    def __str__(self) -> str:
        return self.text


class Choice(models.Model):
    """A choice of a single, multiple or ranking question; a matrix's columns."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="choices", verbose_name=_("question")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.CharField(_("choice"), max_length=300)
    free_text = models.BooleanField(
        _("asks for words"), default=False, help_text=_("“Other (please say)”.")
    )

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["position"]

    def __str__(self) -> str:
        return self.text


class MatrixRow(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="rows", verbose_name=_("question")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.CharField(_("row"), max_length=300)

    class Meta:
        verbose_name = _("matrix row")
        verbose_name_plural = _("matrix rows")
        ordering = ["position"]

    def __str__(self) -> str:
        return self.text
