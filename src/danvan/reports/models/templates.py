"""Report templates (mẫu báo cáo): what a body asks the bodies below it to report, in
versions. A version is drafted, then published; a published version never changes, and each
report keeps the version it was opened with."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.org.models import Organization

from .periods import PeriodKind


class Topic(models.TextChoices):
    MASS_MOBILIZATION = "mass_mobilization", _("Mass-mobilization work")
    CITIZEN_MATTERS = "citizen_matters", _("Citizen reception and letters")
    SKILFUL_MOBILIZATION = "skilful", _("The “Dân vận khéo” movement")
    PEOPLES_SITUATION = "situation", _("The people's situation and what they raise")
    OTHER = "other", _("Other")


class ReportTemplate(models.Model):
    owner = models.ForeignKey(
        Organization,
        verbose_name=_("defining body"),
        on_delete=models.PROTECT,
        related_name="report_templates",
    )
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=255)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    description = models.TextField(_("description"), blank=True)
    active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("report template")
        verbose_name_plural = _("report templates")
        ordering = ["name"]
        indexes = [models.Index(fields=["owner", "active"], name="template_owner_idx")]

    def __str__(self) -> str:
        return self.name


class ReportSchedule(models.Model):
    """A kind of period the template is reported for, and when it is due: `due_days` after
    the period's figures are cut off."""

    template = models.ForeignKey(
        ReportTemplate,
        verbose_name=_("template"),
        on_delete=models.CASCADE,
        related_name="schedules",
    )
    period_kind = models.CharField(_("kind of period"), max_length=12, choices=PeriodKind.choices)
    due_days = models.PositiveSmallIntegerField(_("due, days after the cut-off"), default=5)
    remind_days = models.PositiveSmallIntegerField(
        _("reminder, days before the due date"), default=3
    )

    class Meta:
        verbose_name = _("reporting schedule")
        verbose_name_plural = _("reporting schedules")
        constraints = [
            models.UniqueConstraint(
                fields=["template", "period_kind"], name="schedule_template_kind_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.template} · {self.get_period_kind_display()}"


class VersionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class TemplateVersion(models.Model):
    template = models.ForeignKey(
        ReportTemplate,
        verbose_name=_("template"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveSmallIntegerField(_("version"))
    applies_from = models.DateField(
        _("applies to periods ending on or after"),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=VersionState.choices, default=VersionState.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("what changed"), blank=True)

    class Meta:
        verbose_name = _("template version")
        verbose_name_plural = _("template versions")
        ordering = ["template", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="version_number_unique"),
        ]
        indexes = [
            models.Index(fields=["template", "state", "applies_from"], name="version_applies_idx")
        ]

    def __str__(self) -> str:
        return f"{self.template} v{self.number}"


class Section(models.Model):
    version = models.ForeignKey(
        TemplateVersion,
        verbose_name=_("template version"),
        on_delete=models.CASCADE,
        related_name="sections",
    )
    position = models.PositiveSmallIntegerField(_("position"))
    heading = models.CharField(_("heading"), max_length=20, blank=True, help_text=_("e.g. I, 1, a"))
    title = models.CharField(_("title"), max_length=255)
    guidance = models.TextField(_("guidance"), blank=True)
    narrative = models.BooleanField(_("has narrative text"), default=True)
    issue_table = models.BooleanField(
        _("holds the issues people raise"),
        default=False,
        help_text=_(
            "A table of issues (topic, place, people affected, severity, trend, handling "
            "proposed), as in a report on the people's situation."
        ),
    )

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="section_position_unique")
        ]

    def __str__(self) -> str:
        return f"{self.heading}. {self.title}" if self.heading else self.title


class ValueType(models.TextChoices):
    COUNT = "count", _("Count")
    DECIMAL = "decimal", _("Decimal number")
    MONEY = "money", _("Money (VND)")
    PERCENT = "percent", _("Percent")
    AREA = "area", _("Area (m²)")
    YES_NO = "yes_no", _("Yes / no")


class Consolidation(models.TextChoices):
    SUM = "sum", _("Sum")
    WEIGHTED_AVERAGE = "weighted_avg", _("Average weighted by another indicator")
    MINIMUM = "min", _("Minimum")
    MAXIMUM = "max", _("Maximum")
    LATEST = "latest", _("Latest submitted")
    RATIO = "ratio", _("Ratio of two sums")
    COUNT_YES = "count_yes", _("Count of “yes”")


class Indicator(models.Model):
    version = models.ForeignKey(
        TemplateVersion,
        verbose_name=_("template version"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.CASCADE, related_name="indicators"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    code = models.SlugField(_("code"), max_length=60)
    label = models.CharField(_("indicator"), max_length=300)
    depth = models.PositiveSmallIntegerField(
        _("indent"), default=0, help_text=_("1 for a row “of which …” under the row above.")
    )
    value_type = models.CharField(_("type"), max_length=10, choices=ValueType.choices)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    definition = models.TextField(_("definition"), blank=True)
    required = models.BooleanField(_("required"), default=True)
    minimum = models.DecimalField(
        _("smallest value"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    maximum = models.DecimalField(
        _("largest value"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    consolidation = models.CharField(
        _("consolidated upward by"),
        max_length=14,
        choices=Consolidation.choices,
        default=Consolidation.SUM,
    )
    weight = models.ForeignKey(
        "self",
        verbose_name=_("weighted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    numerator = models.ForeignKey(
        "self",
        verbose_name=_("numerator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    denominator = models.ForeignKey(
        "self",
        verbose_name=_("denominator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source = models.CharField(
        _("filled from"),
        max_length=80,
        blank=True,
        help_text=_(
            "A figure the platform knows (the registry of figure sources); empty when typed."
        ),
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="indicator_code_unique"),
            models.UniqueConstraint(
                fields=["version", "position"], name="indicator_position_unique"
            ),
            models.CheckConstraint(
                condition=~Q(consolidation="weighted_avg") | Q(weight__isnull=False),
                name="indicator_weighted_has_weight",
            ),
            models.CheckConstraint(
                condition=~Q(consolidation="ratio")
                | Q(numerator__isnull=False, denominator__isnull=False),
                name="indicator_ratio_has_terms",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class CheckKind(models.TextChoices):
    SUM_EQUALS = "sum_equals", _("The parts add up to the total")
    AT_MOST = "at_most", _("At most another indicator")


class IndicatorCheck(models.Model):
    """A check across indicators: "collectives + individuals = total" (SUM_EQUALS: the
    parts add up to `subject`), "on time ≤ resolved" (AT_MOST: `subject` ≤ the one part)."""

    version = models.ForeignKey(
        TemplateVersion,
        verbose_name=_("template version"),
        on_delete=models.CASCADE,
        related_name="checks",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=CheckKind.choices)
    subject = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="+"
    )
    parts = models.ManyToManyField(Indicator, verbose_name=_("compared with"), related_name="+")

    class Meta:
        verbose_name = _("check")
        verbose_name_plural = _("checks")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject}"
