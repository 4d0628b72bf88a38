"""Periodic reports (báo cáo định kỳ): one per obligation and period, its figures and
sections, every submitted version, the receiver's comments and every step as an event."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danvan.org.models import AdminUnit, Organization

from .obligations import Obligation
from .periods import ReportingPeriod
from .templates import Indicator, ReportTemplate, Section, TemplateVersion


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Being written")
    APPROVED = "approved", _("Approved by the leader")
    SUBMITTED = "submitted", pgettext_lazy("report", "Submitted")
    RETURNED = "returned", _("Returned for correction")
    ACCEPTED = "accepted", pgettext_lazy("report", "Accepted")


class Report(models.Model):
    obligation = models.ForeignKey(
        Obligation, verbose_name=_("obligation"), on_delete=models.PROTECT, related_name="reports"
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("period"), on_delete=models.PROTECT, related_name="reports"
    )
    version = models.ForeignKey(
        TemplateVersion,
        verbose_name=_("template version"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    # Copied from the obligation so that boards and consolidation filter one table.
    template = models.ForeignKey(
        ReportTemplate, verbose_name=_("template"), on_delete=models.PROTECT, related_name="+"
    )
    reporter = models.ForeignKey(
        Organization,
        verbose_name=_("reporting body"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    receiver = models.ForeignKey(
        Organization,
        verbose_name=_("receiving body"),
        on_delete=models.PROTECT,
        related_name="reports_received",
    )
    province = models.ForeignKey(
        AdminUnit,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    state = models.CharField(
        _("state"), max_length=10, choices=ReportState.choices, default=ReportState.DRAFT
    )
    due_on = models.DateField(_("due on"))
    number = models.CharField(
        _("document number"), max_length=60, blank=True, help_text=_("e.g. 24-BC/BTGDVTU")
    )
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("last submitted at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reminded_on = models.DateField(_("reminded on"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("periodic report")
        verbose_name_plural = _("periodic reports")
        ordering = ["-due_on", "reporter__code"]
        constraints = [
            models.UniqueConstraint(fields=["obligation", "period"], name="report_unique"),
        ]
        indexes = [
            models.Index(fields=["receiver", "template", "period"], name="report_receiver_idx"),
            models.Index(fields=["reporter", "period"], name="report_reporter_idx"),
            models.Index(fields=["state", "due_on"], name="report_state_due_idx"),
            models.Index(fields=["province", "period"], name="report_province_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reporter} · {self.period}"


class FigureValue(models.Model):
    """One indicator's value in one report. `platform_value` is what the platform counted;
    `value` is what the report says (the same unless overridden, with a reason)."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="values"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="+"
    )
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4, null=True, blank=True)
    platform_value = models.DecimalField(
        _("counted by the platform"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    override_reason = models.TextField(_("why it differs from the platform's count"), blank=True)
    counted_at = models.DateTimeField(_("counted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="figure_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value}"

    @property
    def overridden(self) -> bool:
        return self.platform_value is not None and self.value != self.platform_value


class SectionText(models.Model):
    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="texts"
    )
    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("section text")
        verbose_name_plural = _("section texts")
        constraints = [
            models.UniqueConstraint(fields=["report", "section"], name="sectiontext_unique"),
        ]

    def __str__(self) -> str:
        return str(self.section)


class ReportVersion(models.Model):
    """What was submitted, as it was: figures by indicator code and texts by section."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    content = models.JSONField(_("content"))

    class Meta:
        verbose_name = _("submitted version")
        verbose_name_plural = _("submitted versions")
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="reportversion_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"


class ReturnComment(models.Model):
    """The receiver's comment on a returned version: on the whole report, a section or a
    figure."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="comments"
    )
    version = models.ForeignKey(
        ReportVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("comment"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment on a returned report")
        verbose_name_plural = _("comments on returned reports")
        ordering = ["report", "created_at"]

    def __str__(self) -> str:
        return self.text[:60]


class EventKind(models.TextChoices):
    OPENED = "opened", _("Opened")
    FILLED = "filled", _("Figures counted by the platform")
    EDITED = "edited", _("Edited")
    OVERRIDDEN = "overridden", _("Figure overridden")
    APPROVED = "approved", _("Approved")
    SUBMITTED = "submitted", pgettext_lazy("report", "Submitted")
    RETURNED = "returned", _("Returned for correction")
    ACCEPTED = "accepted", pgettext_lazy("report", "Accepted")
    REMINDED = "reminded", _("Reminder sent")


class ReportEvent(models.Model):
    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=EventKind.choices)
    at = models.DateTimeField(_("at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("report event")
        verbose_name_plural = _("report events")
        ordering = ["report", "at", "pk"]
        indexes = [models.Index(fields=["report", "kind", "at"], name="reportevent_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%d/%m/%Y}"


def _attachment_path(instance: Attachment, filename: str) -> str:
    # Never the uploaded file name on disk: it may carry personal data.
    return f"reports/{instance.report_id}/{instance.sha256[:16]}"


class Attachment(models.Model):
    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=_attachment_path)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name
