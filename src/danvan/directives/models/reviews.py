"""Reviews of a directive's implementation (sơ kết, tổng kết): a round asks the bodies below
for their review reports by a date, tracks who has sent theirs, compiles them into a draft of
the level's own report (figures added up, texts collated by section with their source body
named), and records the conference that closes it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.emulation.models import AwardDecision
from danvan.org.models import Organization
from danvan.org.models.organizations import OrganizationLevel

from .cascade import CascadeRule
from .documents import Document


class ReviewKind(models.TextChoices):
    INTERIM = "interim", _("Interim review (sơ kết)")
    FINAL = "final", _("Final review (tổng kết)")


# The parts of a review report, in the order the compiled draft writes them.
SECTIONS = ("results", "shortcomings", "lessons", "proposals")


class ReviewRound(models.Model):
    document = models.ForeignKey(
        Document, verbose_name=_("directive"), on_delete=models.PROTECT, related_name="reviews"
    )
    caller = models.ForeignKey(
        Organization,
        verbose_name=_("reviewing body"),
        on_delete=models.PROTECT,
        related_name="review_rounds",
    )
    kind = models.CharField(_("kind"), max_length=8, choices=ReviewKind.choices)
    years = models.PositiveSmallIntegerField(
        _("years of implementation"), null=True, blank=True, help_text=_("e.g. 5, 10")
    )
    title = models.CharField(_("title"), max_length=300)
    period_from = models.DateField(_("reviewed from"))
    period_to = models.DateField(_("reviewed until"))
    due_on = models.DateField(_("reports due"))
    rule = models.CharField(_("bodies asked"), max_length=10, choices=CascadeRule.choices)
    organization_kinds = models.JSONField(_("kinds of body"), default=list, blank=True)
    level = models.CharField(
        _("level"), max_length=10, choices=OrganizationLevel.choices, blank=True
    )
    # The figures each body reports ("Số hội nghị quán triệt", …): the compiled draft adds
    # them up.
    figure_labels = models.JSONField(_("figures asked"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("review round")
        verbose_name_plural = _("review rounds")
        ordering = ["-period_to", "-id"]
        indexes = [
            models.Index(fields=["caller", "period_to"], name="review_caller_idx"),
            models.Index(fields=["document"], name="review_document_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class ReviewSubmission(models.Model):
    round = models.ForeignKey(
        ReviewRound, verbose_name=_("review"), on_delete=models.CASCADE, related_name="submissions"
    )
    body = models.ForeignKey(
        Organization, verbose_name=_("body"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_on = models.DateField(_("sent on"), null=True, blank=True)
    results = models.TextField(_("results"), blank=True)
    shortcomings = models.TextField(_("shortcomings and their causes"), blank=True)
    lessons = models.TextField(_("lessons learned"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("review report of a body")
        verbose_name_plural = _("review reports of bodies")
        ordering = ["round", "body__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "body"], name="review_submission_once")
        ]
        indexes = [models.Index(fields=["body", "submitted_on"], name="review_body_idx")]

    def __str__(self) -> str:
        return f"{self.round}: {self.body}"


class ReviewConference(models.Model):
    round = models.OneToOneField(
        ReviewRound, verbose_name=_("review"), on_delete=models.CASCADE, related_name="conference"
    )
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    participants = models.PositiveIntegerField(_("participants"))
    commended = models.ManyToManyField(
        AwardDecision,
        verbose_name=_("award decisions for the collectives commended"),
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("review conference")
        verbose_name_plural = _("review conferences")
        indexes = [models.Index(fields=["held_on"], name="review_conference_idx")]

    def __str__(self) -> str:
        return f"{self.round} ({self.held_on:%d/%m/%Y})"
