"""What people answered. A response names no person: the channel it came by, the body it is
about, when, and a key that makes sending it twice harmless. Answers are one row per
question (per chosen choice, per matrix row), with numbers kept as numbers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.org.models import Organization

from .surveys import Choice, MatrixRow, Question, Survey, SurveyVersion


class Channel(models.TextChoices):
    LINK = "link", _("Public link")
    QR = "qr", _("QR code")
    CODE = "code", _("One-time code")
    PAPER = "paper", _("Paper form, entered by an officer")


class Response(models.Model):
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("survey")
    )
    version = models.ForeignKey(
        SurveyVersion, on_delete=models.PROTECT, related_name="responses", verbose_name=_("version")
    )
    body = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="survey_responses",
        verbose_name=_("about the body"),
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    key = models.CharField(
        _("submission key"), max_length=64, help_text=_("Sending the same answers twice keeps one.")
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("paper form entered by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), db_index=False)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            models.UniqueConstraint(fields=["survey", "key"], name="response_once_per_key")
        ]
        indexes = [
            models.Index(fields=["survey", "submitted_at"], name="response_survey_time_idx"),
            models.Index(fields=["survey", "body", "submitted_at"], name="response_body_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.survey} #{self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers", verbose_name=_("response")
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="answers", verbose_name=_("question")
    )
    choice = models.ForeignKey(
        Choice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="answers",
        verbose_name=_("choice"),
    )
    row = models.ForeignKey(
        MatrixRow,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="answers",
        verbose_name=_("matrix row"),
    )
    # A rating, a number, or a ranking's place (1 = first).
    number = models.DecimalField(_("number"), max_digits=14, decimal_places=2, null=True)
    text = models.TextField(_("words"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [
            models.Index(fields=["question", "choice"], name="answer_question_choice_idx"),
            # The results' latest words of a question, newest first, without reading the
            # question's other answers.
            models.Index(
                fields=["question", "-id"], condition=~Q(text=""), name="answer_words_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.choice_id or self.number or self.text[:40]}"


class Invitation(models.Model):
    """A one-time code: whoever holds it may answer once. Only its keyed hash is kept, and no
    response points back to it, so an answer cannot be traced to whom the code was given."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("survey")
    )
    code_hash = models.CharField(_("code's hash"), max_length=64, unique=True)
    batch = models.CharField(_("batch"), max_length=100, blank=True)
    # For a code sent when a matter closed: a keyed hash of the matter (crypto.blind_index),
    # so a matter is sent one code however often it closes, and no code names its matter.
    source = models.CharField(_("sent for"), max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("one-time code")
        verbose_name_plural = _("one-time codes")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "source"],
                condition=~models.Q(source=""),
                name="invitation_once_per_source",
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey} ({self.batch or self.pk})"
