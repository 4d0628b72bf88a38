"""Classifiers trained on officers' own classifications (decision 0029): each training run,
its held-out measures and its artifact; each suggestion shown at intake and what the officer
chose. A suggestion never decides."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ModelTarget(models.TextChoices):
    FIELD = "field", _("Field of a matter")
    KIND = "kind", _("Kind of a matter")
    # Not a classifier: the measured comparison of the similarity methods (similarity.evaluate).
    SIMILAR = "similar", _("Similar texts")


class RunOutcome(models.TextChoices):
    TRAINED = "trained", _("Trained")
    TOO_FEW = "too_few", _("Too few labelled matters")


class ModelRun(models.Model):
    target = models.CharField(_("suggests"), max_length=8, choices=ModelTarget.choices)
    outcome = models.CharField(_("outcome"), max_length=8, choices=RunOutcome.choices)
    trained_at = models.DateTimeField(_("trained at"))
    trained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trained by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    seed = models.PositiveIntegerField(_("random seed"), default=0)
    labels = models.PositiveIntegerField(_("labelled matters"), default=0)
    train_size = models.PositiveIntegerField(_("used for training"), default=0)
    test_size = models.PositiveIntegerField(_("held out"), default=0)
    # {"classes": {value: {"label", "precision", "recall", "f1", "support"}},
    #  "accuracy": float, "macro_f1": float}
    metrics = models.JSONField(_("measures on held-out matters"), default=dict)
    artifact = models.BinaryField(_("trained model"), null=True, blank=True, editable=False)
    active = models.BooleanField(_("in use"), default=False)
    seconds = models.FloatField(_("training time (s)"), default=0)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("training run")
        verbose_name_plural = _("training runs")
        ordering = ["-trained_at"]
        indexes = [models.Index(fields=["target", "active"], name="modelrun_active_idx")]

    def __str__(self) -> str:
        return f"{self.get_target_display()} · {self.trained_at:%d/%m/%Y}"


class Suggestion(models.Model):
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("matter"), on_delete=models.CASCADE, related_name="+"
    )
    run = models.ForeignKey(
        ModelRun, verbose_name=_("training run"), on_delete=models.CASCADE, related_name="+"
    )
    target = models.CharField(_("suggests"), max_length=8, choices=ModelTarget.choices)
    value = models.CharField(_("suggested value"), max_length=40)
    confidence = models.FloatField(_("confidence"))
    shown_at = models.DateTimeField(_("shown at"), auto_now_add=True)
    chosen = models.CharField(_("officer's choice"), max_length=40, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "target", "run"], name="suggestion_case_run_unique"
            )
        ]
        indexes = [models.Index(fields=["run", "decided_at"], name="suggestion_run_idx")]

    def __str__(self) -> str:
        return f"{self.case_id} · {self.target}: {self.value}"
