"""Decisions that change a matter's handling period: extension, suspension and resumption,
withdrawal. Each names its document (number and date), as the laws require a written
decision; the period is recomputed from them (services.deadlines)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .cases import Case


class DecisionKind(models.TextChoices):
    EXTENSION = "extension", _("Extension of the resolution period")
    SUSPENSION = "suspension", _("Suspension of the resolution")
    RESUMPTION = "resumption", _("Resumption of the resolution")
    WITHDRAWAL = "withdrawal", _("Withdrawal")


class CaseDecision(models.Model):
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="decisions"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=DecisionKind.choices)
    effective_on = models.DateField(_("effective on"))
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    document_date = models.DateField(_("document date"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    # A withdrawal in part names what is withdrawn: it is not resolved again.
    whole = models.BooleanField(_("the whole matter"), default=True)
    withdrawn_part = models.TextField(_("withdrawn part"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("decision on the handling period")
        verbose_name_plural = _("decisions on the handling period")
        ordering = ["effective_on", "id"]
        indexes = [models.Index(fields=["case", "kind"], name="casedecision_kind_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.effective_on:%d/%m/%Y}"
