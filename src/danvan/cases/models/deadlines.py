from django.db import models
from django.utils.translation import gettext_lazy as _

from .cases import Case


class CaseDeadline(models.Model):
    """A due date of one step of a matter, with the rule it came from (shown to officers)."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="deadlines"
    )
    step = models.CharField(_("step"), max_length=30)
    due_date = models.DateField(_("due date"))
    start_date = models.DateField(_("counted from"))
    days = models.PositiveSmallIntegerField(_("days"))
    day_type = models.CharField(_("day type"), max_length=10)
    legal_basis = models.CharField(_("legal basis"), max_length=200)
    rule_id = models.PositiveIntegerField(null=True, blank=True)
    met_at = models.DateTimeField(_("met at"), null=True, blank=True)

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due_date"]
        constraints = [
            models.UniqueConstraint(fields=["case", "step"], name="casedeadline_unique_step"),
        ]

    def __str__(self) -> str:
        return f"{self.step} {self.due_date:%d/%m/%Y}"
