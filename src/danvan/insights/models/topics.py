"""Topics discovered over the texts of a scope and period (decision 0029): a model run, its
topics with their top words and the label officers give them (kept across runs by
`topics.labels`), which text belongs to which topic, and the weekly counts per place that
hotspots and forecasts read."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.org.models import AdminUnit

from .texts import Text


class TopicModel(models.Model):
    # None: the whole country.
    scope = models.ForeignKey(
        AdminUnit,
        verbose_name=_("scope"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    method = models.CharField(_("method"), max_length=20, default="nmf")
    topic_count = models.PositiveSmallIntegerField(_("topics"))
    text_count = models.PositiveIntegerField(_("texts"), default=0)
    trained_at = models.DateTimeField(_("trained at"))
    trained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trained by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    engine = models.CharField(_("run on"), max_length=20, default="local")
    seconds = models.FloatField(_("training time (s)"), default=0)
    # Mean coherence of the topics' top words (quality shown beside the model).
    quality = models.JSONField(_("measured quality"), default=dict)
    # The vectorizer and factorization, to place new texts in this model's topics.
    artifact = models.BinaryField(_("trained model"), null=True, blank=True, editable=False)
    active = models.BooleanField(_("in use"), default=False)

    class Meta:
        verbose_name = _("topic model")
        verbose_name_plural = _("topic models")
        ordering = ["-trained_at"]
        indexes = [models.Index(fields=["scope", "active"], name="topicmodel_active_idx")]

    def __str__(self) -> str:
        return f"{self.period_start:%d/%m/%Y}–{self.period_end:%d/%m/%Y}"


class Topic(models.Model):
    model = models.ForeignKey(
        TopicModel, verbose_name=_("topic model"), on_delete=models.CASCADE, related_name="topics"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    # [[word, weight], …], the strongest first.
    words = models.JSONField(_("top words"), default=list)
    label = models.CharField(_("label"), max_length=120, blank=True)
    label_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("labelled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    label_at = models.DateTimeField(_("labelled at"), null=True, blank=True)
    size = models.PositiveIntegerField(_("texts"), default=0)
    # Ids of the texts nearest the topic, the nearest first; shown only through access.
    representatives = models.JSONField(_("representative texts"), default=list)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["model", "number"]
        constraints = [
            models.UniqueConstraint(fields=["model", "number"], name="topic_number_unique")
        ]

    def __str__(self) -> str:
        # Words are stored segmented ("nước_thải"); people read them with spaces.
        return self.label or ", ".join(str(w[0]).replace("_", " ") for w in self.words[:4])


class TopicMembership(models.Model):
    model = models.ForeignKey(TopicModel, on_delete=models.CASCADE, related_name="+")
    text = models.ForeignKey(Text, on_delete=models.CASCADE, related_name="memberships")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="memberships")
    weight = models.FloatField(_("weight"))

    class Meta:
        verbose_name = _("topic membership")
        verbose_name_plural = _("topic memberships")
        constraints = [
            models.UniqueConstraint(fields=["model", "text"], name="membership_model_text_unique")
        ]
        indexes = [models.Index(fields=["topic", "weight"], name="membership_topic_idx")]

    def __str__(self) -> str:
        return f"{self.text_id} → {self.topic_id}"


class TopicWeekCount(models.Model):
    """Texts of a topic in one week and one place (the commune when known, else the province)."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="week_counts")
    week = models.DateField(_("week"))
    province = models.ForeignKey(
        AdminUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        AdminUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    count = models.PositiveIntegerField(_("texts"))

    class Meta:
        verbose_name = _("weekly topic count")
        verbose_name_plural = _("weekly topic counts")
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "week", "province", "unit"],
                # A row without a place repeats nothing: the weekly recount (topics.training)
                # deletes a week's rows before writing them again.
                name="topicweek_unique",
            )
        ]
        indexes = [
            models.Index(fields=["topic", "week"], name="topicweek_topic_idx"),
            models.Index(fields=["week", "province"], name="topicweek_province_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.topic_id} · {self.week:%d/%m/%Y}: {self.count}"
