"""Emulation movements (phong trào thi đua) with their criteria, and the yearly registrations
(đăng ký thi đua) of the bodies that take part."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from danvan.org.models import AdminUnit, Organization

from .awards import AwardKind


class MovementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    LAUNCHED = "launched", _("Launched")
    CLOSED = "closed", _("Closed")


class Movement(models.Model):
    name = models.CharField(_("name"), max_length=300)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("launching body"),
        on_delete=models.PROTECT,
        related_name="emulation_movements",
    )
    # Kept on the row for scope filters and figures without joins.
    province = models.ForeignKey(
        AdminUnit,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    start_date = models.DateField(_("starts on"))
    end_date = models.DateField(_("ends on"), null=True, blank=True)
    description = models.TextField(_("description"))
    status = models.CharField(
        _("status"), max_length=10, choices=MovementStatus.choices, default=MovementStatus.DRAFT
    )
    search_text = models.TextField(editable=False, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    launched_on = models.DateField(_("launched on"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("emulation movement")
        verbose_name_plural = _("emulation movements")
        ordering = ["-start_date", "-id"]
        indexes = [
            models.Index(fields=["organization", "status"], name="emu_movement_org_status_idx"),
            models.Index(fields=["province", "status"], name="emu_movement_province_idx"),
            models.Index(fields=["status", "start_date"], name="emu_movement_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="emu_movement_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def runs_in(self, year: int) -> bool:
        return self.start_date.year <= year and (
            self.end_date is None or self.end_date.year >= year
        )


class MovementCriterion(models.Model):
    """Tiêu chí thi đua: scored out of `max_score`; `position` orders them on the sheet."""

    movement = models.ForeignKey(
        Movement, verbose_name=_("movement"), on_delete=models.CASCADE, related_name="criteria"
    )
    name = models.CharField(_("name"), max_length=300)
    max_score = models.DecimalField(_("highest score"), max_digits=6, decimal_places=2)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("emulation criterion")
        verbose_name_plural = _("emulation criteria")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["movement", "name"], name="emu_criterion_name_once"),
            models.CheckConstraint(condition=Q(max_score__gt=0), name="emu_criterion_max_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class Registration(models.Model):
    """Đăng ký thi đua: one per body, movement and year."""

    movement = models.ForeignKey(
        Movement,
        verbose_name=_("movement"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("registering body"),
        on_delete=models.PROTECT,
        related_name="emulation_registrations",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    commitments = models.TextField(_("commitments and targets"))
    target_title = models.ForeignKey(
        AwardKind,
        verbose_name=_("title aimed for"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    registered_on = models.DateField(_("registered on"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("emulation registration")
        verbose_name_plural = _("emulation registrations")
        ordering = ["-year", "organization__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["movement", "organization", "year"], name="emu_registration_once_per_year"
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "year"], name="emu_registration_org_year_idx"),
            models.Index(fields=["movement", "year"], name="emu_registration_movement_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} — {self.movement} ({self.year})"
