"""Reporting periods and the rules that cut their figures off (Nghị định 09/2019/NĐ-CP,
Điều 12), kept as editable rows: a period's dates are data, never arithmetic in a view."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Monthly")
    QUARTER = "quarter", _("Quarterly")
    HALF_YEAR = "half_year", _("6-month")
    NINE_MONTHS = "nine_months", _("9-month")
    YEAR = "year", _("Annual")
    AD_HOC = "ad_hoc", _("Ad hoc")


class CutoffRule(models.Model):
    """How a kind of period cuts its figures off, from a date on.

    A period covering the calendar months m1..m2 runs from `start_day` of the month before
    m1 (or of m1 itself when `starts_month_before` is off) to the day before `start_day`
    of m2 — the decree's "from the 15th of the previous month to the 14th".
    """

    kind = models.CharField(_("kind of period"), max_length=12, choices=PeriodKind.choices)
    start_day = models.PositiveSmallIntegerField(
        _("first day of the figures"),
        default=15,
        help_text=_("1 for calendar months; 15 under Nghị định 09/2019/NĐ-CP."),
    )
    starts_month_before = models.BooleanField(
        _("starts in the month before the period"), default=True
    )
    effective_from = models.DateField(_("applies to periods ending on or after"))
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("cut-off rule")
        verbose_name_plural = _("cut-off rules")
        ordering = ["kind", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "effective_from"], name="cutoffrule_kind_from_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(start_day__gte=1, start_day__lte=28),
                name="cutoffrule_start_day_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.start_day}"


class ReportingPeriod(models.Model):
    """One period: "Tháng 11/2026", "Quý IV/2026", "6 tháng đầu năm 2026"; its figures run
    from `starts_on` to `ends_on`, both days included."""

    kind = models.CharField(_("kind of period"), max_length=12, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(
        _("number"), help_text=_("The month, quarter or half; 1 for 9-month and annual periods.")
    )
    # Named by its kind and number ("Tháng 11/2026"), or by this label (ad hoc periods).
    label = models.CharField(_("name"), max_length=120, blank=True)
    starts_on = models.DateField(_("figures from"))
    ends_on = models.DateField(_("figures up to"))

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["-ends_on", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "year", "number"], name="reportingperiod_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(starts_on__lte=models.F("ends_on")),
                name="reportingperiod_dates_ordered",
            ),
        ]
        indexes = [models.Index(fields=["kind", "ends_on"], name="period_kind_end_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return period_title(self)


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def period_title(period: ReportingPeriod) -> str:
    n, year = period.number, period.year
    match period.kind:
        case PeriodKind.MONTH:
            return gettext("Month %(n)s/%(year)s") % {"n": n, "year": year}
        case PeriodKind.QUARTER:
            return gettext("Quarter %(n)s/%(year)s") % {"n": ROMAN.get(n, n), "year": year}
        case PeriodKind.HALF_YEAR:
            if n == 1:
                return gettext("First 6 months of %(year)s") % {"year": year}
            return gettext("Last 6 months of %(year)s") % {"year": year}
        case PeriodKind.NINE_MONTHS:
            return gettext("9 months of %(year)s") % {"year": year}
        case PeriodKind.YEAR:
            return gettext("Year %(year)s") % {"year": year}
    return period.label
