"""Weekly forecasts per topic and province with intervals, their back-test on the platform's
own history, and officers' own assessment beside them (decision 0029)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.org.models import AdminUnit, Organization

from .topics import Topic


class Trend(models.TextChoices):
    RISING = "rising", _("Rising")
    STABLE = "stable", _("Stable")
    FALLING = "falling", _("Falling")


class Forecast(models.Model):
    # None: every topic (all texts); None province: the whole country.
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("topic"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="forecasts",
    )
    province = models.ForeignKey(
        AdminUnit,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    made_at = models.DateTimeField(_("made at"))
    method = models.CharField(_("method"), max_length=40)
    last_week = models.DateField(_("last week observed"))
    history_weeks = models.PositiveSmallIntegerField(_("weeks of history"))
    # Back-test over the last weeks of history (rolling origin): the model's error and a
    # naive seasonal forecast's on the same weeks, and how often the interval held the count.
    folds = models.PositiveSmallIntegerField(_("back-test folds"), default=0)
    mae = models.FloatField(_("mean absolute error"), null=True, blank=True)
    naive_mae = models.FloatField(_("naive forecast's mean absolute error"), null=True, blank=True)
    coverage = models.FloatField(_("interval coverage"), null=True, blank=True)
    current = models.BooleanField(_("latest"), default=True)

    class Meta:
        verbose_name = _("forecast")
        verbose_name_plural = _("forecasts")
        ordering = ["-made_at"]
        indexes = [
            models.Index(fields=["province", "topic", "current"], name="forecast_current_idx")
        ]

    def __str__(self) -> str:
        return f"{self.province or '—'} · {self.topic or '—'} · {self.made_at:%d/%m/%Y}"


class ForecastPoint(models.Model):
    forecast = models.ForeignKey(Forecast, on_delete=models.CASCADE, related_name="points")
    week = models.DateField(_("week"))
    mean = models.FloatField(_("expected"))
    lower = models.FloatField(_("lower bound"))
    upper = models.FloatField(_("upper bound"))

    class Meta:
        verbose_name = _("forecast week")
        verbose_name_plural = _("forecast weeks")
        ordering = ["forecast", "week"]
        constraints = [
            models.UniqueConstraint(fields=["forecast", "week"], name="forecast_point_unique")
        ]

    def __str__(self) -> str:
        return f"{self.week:%d/%m/%Y}: {self.mean:.1f}"


class Backtest(models.Model):
    """A whole back-test run over many series (the evaluation command and page)."""

    made_at = models.DateTimeField(_("made at"))
    method = models.CharField(_("method"), max_length=40)
    series = models.PositiveIntegerField(_("series"))
    horizon = models.PositiveSmallIntegerField(_("weeks ahead"))
    mae = models.FloatField(_("mean absolute error"))
    naive_mae = models.FloatField(_("naive forecast's mean absolute error"))
    coverage = models.FloatField(_("interval coverage"), null=True, blank=True)
    detail = models.JSONField(_("detail"), default=dict)

    class Meta:
        verbose_name = _("back-test")
        verbose_name_plural = _("back-tests")
        ordering = ["-made_at"]

    def __str__(self) -> str:
        return f"{self.method} · {self.made_at:%d/%m/%Y}"


class Assessment(models.Model):
    """An officer's own assessment of where a topic is heading, recorded beside the model's."""

    topic = models.ForeignKey(
        Topic,
        verbose_name=_("topic"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assessments",
    )
    province = models.ForeignKey(
        AdminUnit,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("body"), on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    week = models.DateField(_("from week"))
    trend = models.CharField(_("expected trend"), max_length=8, choices=Trend.choices)
    expected = models.PositiveIntegerField(_("expected weekly count"), null=True, blank=True)
    note = models.TextField(_("assessment"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("officers' assessment")
        verbose_name_plural = _("officers' assessments")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["province", "topic"], name="assessment_idx")]

    def __str__(self) -> str:
        return f"{self.get_trend_display()} · {self.week:%d/%m/%Y}"
