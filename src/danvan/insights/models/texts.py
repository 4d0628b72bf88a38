"""The texts the analysis reads (decision 0029): one row per citizen matter, survey comment,
comment on a draft, question at a dialogue, report narrative and issue of a situation report,
copied in by `services.harvest` (new records only), with where and when it was raised.

A row is no door to its source: whoever reads a text's words reads them through the source's
own accessor (`access.readable_texts`). A denunciation's row is `restricted` and a row that
speaks of political or religious views is `sensitive` (Luật 91/2025/QH15): both are counted
only, never quoted on an analysis page or in a briefing.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.org.models import AdminUnit, Organization


class TextSource(models.TextChoices):
    CASE = "case", _("Citizen matter")
    SURVEY_ANSWER = "survey_answer", _("Survey comment")
    CONSULTATION_COMMENT = "consultation", _("Comment on a draft")
    MEETING_QUESTION = "meeting", _("Question at a dialogue")
    REPORT_NARRATIVE = "report", _("Periodic report")
    SITUATION_ISSUE = "situation", _("Issue in a situation report")


class TextQuerySet(models.QuerySet["Text"]):
    def raised_by_people(self) -> TextQuerySet:
        """What people raised: every source but the narratives of periodic reports, which are
        the bodies' own account of their work. Topics, hotspots and forecasts count these;
        the narratives are still read (the briefing cites them)."""
        return self.exclude(source=TextSource.REPORT_NARRATIVE)


class Text(models.Model):
    source = models.CharField(_("source"), max_length=14, choices=TextSource.choices)
    source_id = models.PositiveBigIntegerField(_("source record"))
    # A matter's kind (feedback, complaint, denunciation…); blank for the other sources.
    case_kind = models.CharField(_("kind of matter"), max_length=20, blank=True)
    restricted = models.BooleanField(_("denunciation: counted only"), default=False)
    sensitive = models.BooleanField(_("political or religious views: counted only"), default=False)
    unit = models.ForeignKey(
        AdminUnit,
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    province = models.ForeignKey(
        AdminUnit,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The body the text was addressed to or is about (a matter's handling body, a survey's
    # or draft's owner, a report's body).
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    occurred_at = models.DateTimeField(_("raised at"))
    week = models.DateField(_("week"))  # its Monday, in Asia/Ho_Chi_Minh
    content = models.TextField(_("text"))
    # Segmented and normalized (language.segment): compound words joined by "_", lower case.
    words = models.TextField(_("words"), blank=True)
    # Field of public life when the source says it (a matter's field), for labelled reading.
    field_id_hint = models.PositiveIntegerField(null=True, blank=True, editable=False)
    harvested_at = models.DateTimeField(_("read at"), auto_now_add=True)

    objects = TextQuerySet.as_manager()

    class Meta:
        verbose_name = _("analysed text")
        verbose_name_plural = _("analysed texts")
        constraints = [
            models.UniqueConstraint(fields=["source", "source_id"], name="text_source_unique")
        ]
        indexes = [
            models.Index(fields=["week", "province"], name="text_week_province_idx"),
            models.Index(fields=["province", "week"], name="text_province_week_idx"),
            models.Index(fields=["unit", "week"], name="text_unit_week_idx"),
            models.Index(fields=["organization", "week"], name="text_org_week_idx"),
            models.Index(fields=["case_kind", "week"], name="text_kind_week_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} #{self.source_id}"


class VectorMethod(models.TextChoices):
    E5 = "e5", _("Sentence embedding (multilingual-e5-small)")


class TextVector(models.Model):
    """A text's embedding, 384 numbers as float16 bytes (768 bytes a text)."""

    text = models.OneToOneField(
        Text, primary_key=True, on_delete=models.CASCADE, related_name="vector"
    )
    method = models.CharField(_("method"), max_length=8, choices=VectorMethod.choices)
    vector = models.BinaryField(_("vector"))
    embedded_at = models.DateTimeField(_("embedded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("text vector")
        verbose_name_plural = _("text vectors")

    def __str__(self) -> str:
        return f"{self.text_id} · {self.method}"


class HarvestCursor(models.Model):
    """How far `services.harvest` has read a source: the last primary key copied."""

    source = models.CharField(_("source"), max_length=14, choices=TextSource.choices, unique=True)
    last_id = models.PositiveBigIntegerField(_("last record read"), default=0)
    harvested_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("harvest cursor")
        verbose_name_plural = _("harvest cursors")

    def __str__(self) -> str:
        return f"{self.get_source_display()} ≤ {self.last_id}"


class SensitiveUse(models.Model):
    """Each use of texts marked sensitive (Luật 91/2025/QH15: political and religious views are
    sensitive personal data): who, for what, over how many texts, where."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    purpose = models.CharField(_("purpose"), max_length=60)
    texts = models.PositiveIntegerField(_("texts"))
    scope = models.ForeignKey(
        AdminUnit,
        verbose_name=_("scope"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("use of sensitive texts")
        verbose_name_plural = _("uses of sensitive texts")
        ordering = ["-at"]
        indexes = [models.Index(fields=["at"], name="sensitive_use_at_idx")]

    def __str__(self) -> str:
        return f"{self.purpose} · {self.texts}"
