from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.org.models import Organization

from .cases import Case


class DeadlineBasis(models.TextChoices):
    LAW = "law", _("Legal time limit")
    TARGET = "target", _("The province's target")


class CaseDeadline(models.Model):
    """A due date of one step of a matter, with the rule it came from (shown to officers).

    Each body that held the matter keeps its own rows (`leg`): forwarding starts the next
    body's clock and leaves the sender's deadlines, met or closed, as the record of its step.
    """

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="deadlines"
    )
    leg = models.PositiveSmallIntegerField(default=0)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    step = models.CharField(_("step"), max_length=30)
    basis = models.CharField(
        _("basis"), max_length=10, choices=DeadlineBasis.choices, default=DeadlineBasis.LAW
    )
    due_date = models.DateField(_("due date"))
    start_date = models.DateField(_("counted from"))
    days = models.PositiveSmallIntegerField(_("days"))
    day_type = models.CharField(_("day type"), max_length=10)
    legal_basis = models.CharField(_("legal basis"), max_length=200)
    rule_id = models.PositiveIntegerField(null=True, blank=True)
    # Suspensions (Luật 136/2025/QH15): finished ones lengthen the limit by their days; an
    # open one stops the clock, and the matter has no next due date until it is resumed.
    paused_days = models.PositiveSmallIntegerField(_("days suspended"), default=0)
    paused_since = models.DateField(_("suspended since"), null=True, blank=True)
    met_at = models.DateTimeField(_("met at"), null=True, blank=True)
    # A step that no longer applies (the matter was withdrawn, refused, forwarded): closed,
    # neither met nor missed.
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["leg", "due_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "leg", "step"], name="casedeadline_unique_leg_step"
            ),
        ]
        indexes = [
            models.Index(
                fields=["case"],
                condition=Q(met_at__isnull=True, closed_at__isnull=True),
                name="casedeadline_open_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.step} {self.due_date:%d/%m/%Y}"

    @property
    def is_open(self) -> bool:
        return self.met_at is None and self.closed_at is None
