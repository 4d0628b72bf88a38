"""Time limits as data: one row per legal provision, versioned by effective date.

Laws change limits (Luật 136/2025/QH15 from 01/07/2026, decrees after it), so a change is a
new row with a later `effective_from`, and a provision that is repealed gets an
`effective_to`; the code never holds a number of days.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from danvan.org.models import AdminUnit

from .calendar import CalendarException, ExceptionKind


class Matter(models.TextChoices):
    # Every letter, whatever it turns out to be, is first handled (xử lý đơn).
    LETTER = "letter", _("Every letter received")
    COMPLAINT_FIRST = "complaint_first", _("First complaint")
    COMPLAINT_SECOND = "complaint_second", _("Second complaint")
    DENUNCIATION = "denunciation", _("Denunciation")
    CITIZEN_RECEPTION = "citizen_reception", _("Citizen reception")
    FEEDBACK = "feedback", _("Feedback and petitions")


class Step(models.TextChoices):
    # In the order a matter goes through them: due dates are listed in this order.
    FILING_LIMIT = "filing_limit", _("Time limit for filing")
    HANDLING = "handling", _("Letter handling")
    INITIAL_PROCESSING = "initial_processing", _("Initial processing")
    FORWARDING = "forwarding", _("Forwarding to the competent body")
    ACCEPTANCE = "acceptance", _("Acceptance")
    RESOLUTION = "resolution", _("Resolution")
    REPLY = "reply", _("Reply on the handling")


class Complexity(models.TextChoices):
    NORMAL = "normal", _("Normal")
    COMPLEX = "complex", _("Complex")
    ESPECIALLY_COMPLEX = "especially_complex", _("Especially complex")


# A case of some complexity falls back to the limit of the nearest lower one.
COMPLEXITY_RANK = {
    Complexity.NORMAL: 0,
    Complexity.COMPLEX: 1,
    Complexity.ESPECIALLY_COMPLEX: 2,
}


class DayType(models.TextChoices):
    WORKING = "working", _("Working days")
    CALENDAR = "calendar", _("Calendar days")


class DeadlineRule(models.Model):
    matter = models.CharField(_("matter"), max_length=20, choices=Matter.choices)
    step = models.CharField(_("step"), max_length=20, choices=Step.choices)
    days = models.PositiveSmallIntegerField(_("days"))
    day_type = models.CharField(_("day type"), max_length=10, choices=DayType.choices)
    complexity = models.CharField(
        _("complexity"), max_length=20, choices=Complexity.choices, default=Complexity.NORMAL
    )
    remote_area = models.BooleanField(
        _("remote area"),
        default=False,
        help_text=_("For remote areas with difficult travel (vùng sâu, vùng xa)."),
    )
    several_places = models.BooleanField(
        _("checks in several places"),
        default=False,
        help_text=_("When the facts must be checked in several places."),
    )
    effective_from = models.DateField(
        _("effective from"),
        help_text=_(
            "A row applies to a step that starts on a day within its period: handling, "
            "acceptance, initial processing, forwarding and the reply start on the day the "
            "handling body received the letter; resolution on the day of acceptance. A step "
            "under way keeps its row when the law changes; a transitional article that says "
            "otherwise is entered as rows of its own."
        ),
    )
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=200)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")
        ordering = ["matter", "step", "complexity", "remote_area", "several_places"]
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "matter",
                    "step",
                    "complexity",
                    "remote_area",
                    "several_places",
                    "effective_from",
                ],
                name="deadline_rule_unique_version",
            ),
            models.CheckConstraint(
                condition=Q(days__gte=1),
                name="deadline_rule_days_positive",
                violation_error_message=_("A time limit counts at least one day."),
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=F("effective_from")),
                name="deadline_rule_period_ordered",
                violation_error_message=_("The end date must not be before the start date."),
            ),
        ]
        indexes = [
            models.Index(
                fields=["matter", "step", "effective_from"], name="deadline_rule_lookup_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_matter_display()} — {self.get_step_display()}: {self.days}"


class RemoteCommune(models.Model):
    """A commune whose matters get the remote-area limits (vùng sâu, vùng xa đi lại khó khăn).

    An editable list with its source, because the lists change (communes merged in 2025, a new
    list of especially difficult communes by decision of the Prime Minister): the matter takes
    the flag from its place when it is classified, and the officer may still correct it.
    """

    unit = models.ForeignKey(
        AdminUnit, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(
        _("source"),
        max_length=200,
        help_text=_("The decision that lists the commune, e.g. Quyết định 861/QĐ-TTg."),
    )
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("remote commune")
        verbose_name_plural = _("remote communes")
        ordering = ["unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "effective_from"], name="remote_commune_unique_version"
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=F("effective_from")),
                name="remote_commune_period_ordered",
                violation_error_message=_("The end date must not be before the start date."),
            ),
        ]
        indexes = [models.Index(fields=["unit", "effective_from"], name="remote_commune_idx")]

    def __str__(self) -> str:
        return f"{self.unit} ({self.source})"


__all__ = [
    "COMPLEXITY_RANK",
    "CalendarException",
    "Complexity",
    "DayType",
    "DeadlineRule",
    "ExceptionKind",
    "Matter",
    "RemoteCommune",
    "Step",
]
