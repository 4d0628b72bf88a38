"""A directive cascaded down the levels (triển khai): the bodies a rule names each owe a study
session (học tập, quán triệt) and their own programme or plan by due dates. A body's duty
keeps the dates it was done on, so that "who has done what, as of any date" is one read of
the duties (decision 0023)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.org.models import Organization, OrganizationKind
from danvan.org.models.organizations import OrganizationLevel

from .documents import Document


class CascadeRule(models.TextChoices):
    BELOW = "below", _("Every body of the chosen kinds at a level inside the issuer's territory")
    CHILDREN = "children", _("Every body directly under the issuer")
    CHOSEN = "chosen", _("A chosen list of bodies")


# "The Front and its member organizations", as one choice of kinds.
FRONT_KINDS = (
    OrganizationKind.FATHERLAND_FRONT,
    OrganizationKind.FARMERS_ASSOCIATION,
    OrganizationKind.WOMENS_UNION,
    OrganizationKind.VETERANS_ASSOCIATION,
    OrganizationKind.YOUTH_UNION,
    OrganizationKind.TRADE_UNION,
)


class Cascade(models.Model):
    document = models.ForeignKey(
        Document, verbose_name=_("directive"), on_delete=models.PROTECT, related_name="cascades"
    )
    issuer = models.ForeignKey(
        Organization,
        verbose_name=_("cascading body"),
        on_delete=models.PROTECT,
        related_name="directive_cascades",
    )
    # The duty this cascade carries out further down (a province passing the directive to
    # its communes); empty at the top.
    parent_duty = models.ForeignKey(
        "Duty",
        verbose_name=_("made under the duty"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cascades",
    )
    rule = models.CharField(_("bodies named by"), max_length=10, choices=CascadeRule.choices)
    organization_kinds = models.JSONField(_("kinds of body"), default=list, blank=True)
    level = models.CharField(
        _("level"), max_length=10, choices=OrganizationLevel.choices, blank=True
    )
    chosen = models.ManyToManyField(
        Organization, verbose_name=_("chosen bodies"), blank=True, related_name="+"
    )
    requires_study = models.BooleanField(_("hold a study session"), default=True)
    study_due = models.DateField(_("study session due"), null=True, blank=True)
    requires_plan = models.BooleanField(_("issue a programme or plan"), default=True)
    plan_due = models.DateField(_("programme or plan due"), null=True, blank=True)
    started_on = models.DateField(_("cascaded on"))
    note = models.CharField(_("note"), max_length=500, blank=True)
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
        verbose_name = _("cascade of a directive")
        verbose_name_plural = _("cascades of directives")
        ordering = ["started_on", "id"]
        indexes = [models.Index(fields=["document", "issuer"], name="cascade_document_idx")]

    def __str__(self) -> str:
        return f"{self.document.symbol} → {self.issuer}"


class Duty(models.Model):
    """What one body owes for one directive. `studied_on` and `plan_issued_on` are written by
        the services that record the session and register the plan, never typed. Where the body
    stands (its province, its commune) is read from the body itself, which the network keeps
    up to date through reorganizations."""

    cascade = models.ForeignKey(
        Cascade, verbose_name=_("cascade"), on_delete=models.CASCADE, related_name="duties"
    )
    document = models.ForeignKey(
        Document, verbose_name=_("directive"), on_delete=models.PROTECT, related_name="duties"
    )
    body = models.ForeignKey(
        Organization, verbose_name=_("body"), on_delete=models.PROTECT, related_name="duties"
    )
    requires_study = models.BooleanField(_("hold a study session"), default=True)
    study_due = models.DateField(_("study session due"), null=True, blank=True)
    studied_on = models.DateField(_("study session held on"), null=True, blank=True)
    requires_plan = models.BooleanField(_("issue a programme or plan"), default=True)
    plan_due = models.DateField(_("programme or plan due"), null=True, blank=True)
    plan = models.ForeignKey(
        Document,
        verbose_name=_("programme or plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    plan_issued_on = models.DateField(_("programme or plan issued on"), null=True, blank=True)
    reminded_on = models.DateField(_("last reminded on"), null=True, blank=True)
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("duty under a directive")
        verbose_name_plural = _("duties under directives")
        constraints = [
            models.UniqueConstraint(fields=["document", "body"], name="duty_once_per_body"),
        ]
        indexes = [
            models.Index(fields=["body", "document"], name="duty_body_idx"),
            models.Index(
                fields=["study_due"],
                condition=Q(studied_on__isnull=True, requires_study=True),
                name="duty_study_open_idx",
            ),
            models.Index(
                fields=["plan_due"],
                condition=Q(plan_issued_on__isnull=True, requires_plan=True),
                name="duty_plan_open_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document.symbol}: {self.body}"


class StudyForm(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    COMBINED = "combined", _("In person and online")


class StudySession(models.Model):
    """A conference to study and carry out a directive (hội nghị học tập, quán triệt)."""

    document = models.ForeignKey(
        Document, verbose_name=_("directive"), on_delete=models.PROTECT, related_name="studies"
    )
    body = models.ForeignKey(
        Organization,
        verbose_name=_("body"),
        on_delete=models.PROTECT,
        related_name="directive_studies",
    )
    held_on = models.DateField(_("held on"))
    form = models.CharField(_("form"), max_length=10, choices=StudyForm.choices)
    place = models.CharField(_("place"), max_length=255, blank=True)
    attendees = models.PositiveIntegerField(_("number attending"))
    party_members_attending = models.PositiveIntegerField(
        _("party members attending"), null=True, blank=True
    )
    party_members_total = models.PositiveIntegerField(
        _("party members of the body"), null=True, blank=True
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
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("study session")
        verbose_name_plural = _("study sessions")
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(party_members_attending__isnull=True)
                | Q(party_members_total__isnull=True)
                | Q(party_members_attending__lte=models.F("party_members_total")),
                name="study_members_within_total",
            ),
        ]
        indexes = [models.Index(fields=["document", "body"], name="study_document_idx")]

    def __str__(self) -> str:
        return f"{self.document.symbol}: {self.body} ({self.held_on:%d/%m/%Y})"

    @property
    def share_of_members(self) -> float | None:
        if not self.party_members_total or self.party_members_attending is None:
            return None
        return self.party_members_attending / self.party_members_total


class Progress(models.TextChoices):
    """Where one step of a duty stands on a given day."""

    ON_TIME = "on_time", _("Done on time")
    LATE = "late", _("Done late")
    OVERDUE = "overdue", _("Not yet, past due")
    PENDING = "pending", _("Not yet, not due")
    NOT_REQUIRED = "not_required", _("Not required")


def progress(*, required: bool, due: dt.date | None, done: dt.date | None, on: dt.date) -> str:
    """The step's state on `on`: a step done after `on` was not yet done then."""
    if not required:
        return Progress.NOT_REQUIRED
    if done is not None and done <= on:
        return Progress.ON_TIME if due is None or done <= due else Progress.LATE
    if due is not None and due < on:
        return Progress.OVERDUE
    return Progress.PENDING
