"""Meetings with the people and what comes of them: dialogues between a body's leaders and
the people, voter meetings, periodic briefings on the people's situation, and leaders'
citizen-reception days. Each meeting collects questions (online before it, or on the spot);
each question is answered on the spot, becomes a commitment (a body, a due date, done with
evidence, shown on a public status page), or becomes a citizen matter. The legal minimums
(how often, how far ahead announced, how soon the results are published) are data:
`MeetingRule`, with the text each comes from (decision 0028)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danvan.org.models import AdminUnit, Organization
from danvan.org.models.organizations import OrganizationLevel

__all__ = [
    "Commitment",
    "CommitmentReminder",
    "CommitmentState",
    "Meeting",
    "MeetingKind",
    "MeetingQuestion",
    "MeetingRule",
    "MeetingState",
    "QuestionOutcome",
]


def meeting_key() -> str:
    """A meeting's public address: unguessable, so a draft is not found before it is shown."""
    return secrets.token_urlsafe(8)


class MeetingKind(models.TextChoices):
    DIALOGUE = "dialogue", _("Dialogue with the people")
    VOTER_MEETING = "voter_meeting", _("Voter meeting")
    BRIEFING = "briefing", _("Briefing on the people's situation")
    RECEPTION = "reception", _("Citizen reception day")


class MeetingState(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("meeting", "Planned")
    ANNOUNCED = "announced", pgettext_lazy("meeting", "Announced")
    HELD = "held", pgettext_lazy("meeting", "Held")
    PUBLISHED = "published", pgettext_lazy("meeting", "Results published")
    CANCELLED = "cancelled", pgettext_lazy("meeting", "Cancelled")


class MeetingRule(models.Model):
    """A legal minimum for meetings of a kind held by bodies of a level, for a period. Only
    the numbers the text sets are filled; `confirmed` says whether the text was read."""

    kind = models.CharField(_("kind of meeting"), max_length=16, choices=MeetingKind.choices)
    level = models.CharField(
        _("level of the holding body"), max_length=10, choices=OrganizationLevel.choices
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    min_per_year = models.PositiveSmallIntegerField(_("at least, per year"), null=True, blank=True)
    min_days_per_month = models.PositiveSmallIntegerField(
        _("at least, days per month"), null=True, blank=True
    )
    min_days_per_week = models.PositiveSmallIntegerField(
        _("at least, days per week"), null=True, blank=True
    )
    notice_days = models.PositiveSmallIntegerField(
        _("announced at least (days before)"), null=True, blank=True
    )
    publish_within_days = models.PositiveSmallIntegerField(
        _("results published within (days after)"), null=True, blank=True
    )
    voter_request_percent = models.PositiveSmallIntegerField(
        _("also held when this share of voters asks (per cent)"), null=True, blank=True
    )
    basis = models.CharField(_("legal basis"), max_length=300)
    confirmed = models.BooleanField(_("read in the text"), default=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("rule for meetings")
        verbose_name_plural = _("rules for meetings")
        ordering = ["kind", "level", "valid_from"]
        indexes = [models.Index(fields=["kind", "level", "valid_from"], name="meeting_rule_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.level}) — {self.basis}"


class Meeting(models.Model):
    kind = models.CharField(_("kind"), max_length=16, choices=MeetingKind.choices)
    host = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="meetings",
        verbose_name=_("held by"),
    )
    # The place whose people are invited (the public schedule's filter); the host's own by default.
    unit = models.ForeignKey(
        AdminUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("for the people of"),
    )
    title = models.CharField(_("title"), max_length=255)
    agenda = models.TextField(_("content"), blank=True)
    chaired_by = models.CharField(_("chaired by"), max_length=255, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300)
    online_link = models.URLField(_("online link"), blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=MeetingState.choices, default=MeetingState.PLANNED
    )
    questions_open = models.BooleanField(
        _("people may send questions before the meeting"), default=True
    )
    key = models.CharField(_("public key"), max_length=20, unique=True, default=meeting_key)
    announced_at = models.DateTimeField(_("announced at"), null=True, blank=True)
    held_at = models.DateTimeField(_("recorded as held at"), null=True, blank=True)
    published_at = models.DateTimeField(_("results published at"), null=True, blank=True)
    attendance = models.PositiveIntegerField(_("people attending"), null=True, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    results = models.TextField(_("results, as published"), blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting with the people")
        verbose_name_plural = _("meetings with the people")
        ordering = ["-starts_at"]
        indexes = [
            models.Index(fields=["host", "kind", "starts_at"], name="meeting_host_idx"),
            models.Index(fields=["state", "starts_at"], name="meeting_state_idx"),
            models.Index(fields=["unit", "starts_at"], name="meeting_unit_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=models.F("starts_at")),
                name="meeting_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        """Shown on the public schedule: announced, held or published (not a plan, not
        cancelled before it was announced)."""
        return self.state != MeetingState.PLANNED and not (
            self.state == MeetingState.CANCELLED and self.announced_at is None
        )


class QuestionOutcome(models.TextChoices):
    PENDING = "pending", _("Awaiting an answer")
    ANSWERED = "answered", _("Answered at the meeting")
    COMMITTED = "committed", _("Turned into a commitment")
    MATTER = "matter", _("Turned into a citizen matter")
    NOT_ADMITTED = "not_admitted", _("Not taken up")


class MeetingQuestion(models.Model):
    """A question, opinion or recommendation raised for a meeting. Its asker is named only as
    they chose to be shown; no contact is kept here (a matter made of it keeps its own)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="questions", verbose_name=_("meeting")
    )
    text = models.TextField(_("question"))
    asked_by = models.CharField(_("asked by (as shown)"), max_length=120, blank=True)
    online = models.BooleanField(_("sent online before the meeting"), default=False)
    key = models.CharField(_("submission key"), max_length=64, blank=True)
    outcome = models.CharField(
        _("outcome"),
        max_length=14,
        choices=QuestionOutcome.choices,
        default=QuestionOutcome.PENDING,
    )
    answer = models.TextField(_("answer"), blank=True)
    not_admitted_reason = models.CharField(_("reason not taken up"), max_length=300, blank=True)
    case = models.OneToOneField(
        "cases.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_question",
        verbose_name=_("citizen matter"),
    )
    raised_at = models.DateTimeField(_("raised at"))
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )

    class Meta:
        verbose_name = _("question raised at a meeting")
        verbose_name_plural = _("questions raised at meetings")
        ordering = ["raised_at", "pk"]
        indexes = [models.Index(fields=["meeting", "outcome"], name="meeting_question_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "key"], condition=~Q(key=""), name="meeting_question_once"
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]


class CommitmentState(models.TextChoices):
    OPEN = "open", pgettext_lazy("commitment", "Under way")
    DONE = "done", pgettext_lazy("commitment", "Done")
    DROPPED = "dropped", pgettext_lazy("commitment", "Withdrawn")


class Commitment(models.Model):
    """What a body promised at a meeting, followed to done with evidence, in public."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="commitments", verbose_name=_("meeting")
    )
    question = models.OneToOneField(
        MeetingQuestion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commitment",
        verbose_name=_("from the question"),
    )
    owner = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="meeting_commitments",
        verbose_name=_("body responsible"),
    )
    text = models.TextField(_("commitment"))
    due_on = models.DateField(_("due on"))
    state = models.CharField(
        _("state"), max_length=8, choices=CommitmentState.choices, default=CommitmentState.OPEN
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    evidence = models.TextField(_("what was done"), blank=True)
    evidence_file = models.FileField(
        _("evidence (file)"), upload_to="participation/commitments/%Y/", blank=True
    )
    dropped_reason = models.CharField(_("reason withdrawn"), max_length=300, blank=True)
    # The latest briefing at which it was still open and carried forward.
    carried_to = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_commitments",
        verbose_name=_("carried to"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["owner", "state", "due_on"], name="commitment_owner_idx"),
            models.Index(fields=["state", "due_on"], name="commitment_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="done") | Q(done_on__isnull=False),
                name="commitment_done_has_a_date",
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]


class CommitmentReminder(models.Model):
    """A reminder sent to a person about a commitment near or past its due date: one per
    person, kind and due date, so a sweep run twice does not remind twice (moving the due
    date reminds again)."""

    class Kind(models.TextChoices):
        APPROACHING = "approaching", _("Due soon")
        OVERDUE = "overdue", _("Overdue")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("recipient"),
    )
    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("commitment"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    due_on = models.DateField(_("due date"))
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("commitment reminder")
        verbose_name_plural = _("commitment reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "commitment", "due_on"], name="commitment_remind_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.commitment_id} {self.kind} {self.due_on:%d/%m/%Y}"
