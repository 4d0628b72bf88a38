"""Models of the supervision subdomain: the Fatherland Front's supervision (giám sát) and
social critique (phản biện xã hội), Luật MTTQVN 75/2015/QH13 (amended by 97/2025/QH15)
Điều 25–36, and the commune's People's Inspection Board (Ban Thanh tra nhân dân) and
community investment supervision board (Ban Giám sát đầu tư của cộng đồng), Luật Thực hiện
dân chủ ở cơ sở 10/2022/QH15 and NĐ 59/2023/NĐ-CP.

The time the supervised body has to answer a recommendation, and the time the drafter has
to reply to a critique, are not confirmed in the texts found (decision 0027, searched again
on 05/12/2026): they are data on each record, defaulting to the settings
SUPERVISION_RESPONSE_DAYS and CRITIQUE_REPLY_DAYS.

A programme may be published (`published_at`): its public summary shows the programme, the
bodies supervised, the recommendations and the responses' text, never the findings nor any
person's name (selectors.supervision_public)."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from . import consultations as _consultations

__all__ = [
    "BoardKind",
    "BoardReport",
    "Critique",
    "CritiqueForm",
    "CritiqueState",
    "Delegation",
    "DelegationState",
    "Finding",
    "InspectionBoard",
    "Recommendation",
    "RecommendationResponse",
    "RecommendationState",
    "ReminderKind",
    "SupervisionForm",
    "SupervisionProgramme",
    "SupervisionReminder",
]

# The texts found do not confirm either limit (NQLT 403/2017 and the amended Luật MTTQ were
# not readable in the sources searched, decision 0027): 30 is a placeholder, changed by a
# setting and on each record. Set the confirmed number here once a source gives it.
DEFAULT_RESPONSE_DAYS = 30
DEFAULT_REPLY_DAYS = 30

# Whether the consultations subdomain has its model yet: the link from a critique to the
# consultation on the same draft exists only then (three people build this app at once).
HAS_CONSULTATION = "Consultation" in getattr(_consultations, "__all__", [])


def response_days() -> int:
    return int(getattr(settings, "SUPERVISION_RESPONSE_DAYS", DEFAULT_RESPONSE_DAYS))


def reply_days() -> int:
    return int(getattr(settings, "CRITIQUE_REPLY_DAYS", DEFAULT_REPLY_DAYS))


def _path(instance: Any, filename: str) -> str:
    # The stored name says nothing about the content: the person's name is kept in the row.
    return f"participation/supervision/{uuid.uuid4().hex}"


def _user(verbose: Any, related: str = "+") -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name=related,
    )


class SupervisionForm(models.TextChoices):
    """Điều 27 of the Law on the Vietnam Fatherland Front."""

    DOCUMENTS = "documents", _("Study and review of documents")
    DELEGATION = "delegation", _("Supervision delegation")
    BOARDS = "boards", _("Through the People's Inspection Board or the investment board")
    JOINT = "joint", _("Jointly with a competent authority")


class SupervisionProgramme(models.Model):
    """A year's supervision programme or plan of a Front committee or member organization."""

    organizer = models.ForeignKey(
        "org.Organization",
        verbose_name=_("conducted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=300)
    subject = models.TextField(_("what is supervised"), blank=True)
    form = models.CharField(
        _("form of supervision"), max_length=12, choices=SupervisionForm.choices
    )
    plan_number = models.CharField(_("plan number"), max_length=60, blank=True)
    plan_date = models.DateField(_("plan date"), null=True, blank=True)
    response_days = models.PositiveSmallIntegerField(
        _("days to respond to a recommendation"), default=response_days
    )
    created_by = _user(_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    published_at = models.DateTimeField(
        _("summary published at"), null=True, blank=True, db_index=True
    )

    class Meta:
        verbose_name = _("supervision programme")
        verbose_name_plural = _("supervision programmes")
        ordering = ["-year", "-pk"]
        indexes = [
            models.Index(fields=["organizer", "year"], name="supervision_prog_org_year"),
            models.Index(fields=["year", "form"], name="supervision_prog_year_form"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="supervision_prog_year"
            ),
            models.CheckConstraint(
                condition=Q(response_days__gte=1, response_days__lte=365),
                name="supervision_prog_days",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class DelegationState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    UNDER_WAY = "under_way", _("Under way")
    REPORTED = "reported", _("Reported")


class Delegation(models.Model):
    """A supervision delegation (đoàn giám sát): its head and members, the bodies it
    supervises, its schedule."""

    programme = models.ForeignKey(
        SupervisionProgramme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="delegations",
    )
    name = models.CharField(_("name"), max_length=200)
    head = _user(_("head"))
    head_name = models.CharField(_("head (name)"), max_length=200, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("members with an account"),
        blank=True,
        related_name="+",
    )
    member_names = models.TextField(_("other members, one per line"), blank=True)
    bodies = models.ManyToManyField(
        "org.Organization", verbose_name=_("bodies supervised"), related_name="+"
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    state = models.CharField(
        _("state"), max_length=10, choices=DelegationState.choices, default=DelegationState.PLANNED
    )

    class Meta:
        verbose_name = _("supervision delegation")
        verbose_name_plural = _("supervision delegations")
        ordering = ["starts_on", "pk"]
        indexes = [models.Index(fields=["programme", "starts_on"], name="supervision_deleg_prog")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="supervision_deleg_dates"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Finding(models.Model):
    """What the supervision found at a body (from a delegation, or from documents)."""

    programme = models.ForeignKey(
        SupervisionProgramme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="findings",
    )
    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("delegation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="findings",
    )
    body = models.ForeignKey(
        "org.Organization", verbose_name=_("body"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("finding"))
    found_on = models.DateField(_("date"))
    created_by = _user(_("recorded by"))

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["found_on", "pk"]
        indexes = [models.Index(fields=["programme", "found_on"], name="supervision_find_prog")]

    def __str__(self) -> str:
        return self.text[:80]


class RecommendationState(models.TextChoices):
    SENT = "sent", _("Awaiting a response")
    ANSWERED = "answered", _("Answered")
    DONE = "done", _("Done")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")


OPEN_RECOMMENDATION_STATES = (RecommendationState.SENT, RecommendationState.ANSWERED)


class Recommendation(models.Model):
    """A recommendation (kiến nghị) of the supervision, addressed to a body that must
    respond by a date."""

    programme = models.ForeignKey(
        SupervisionProgramme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="recommendations",
    )
    finding = models.ForeignKey(
        Finding,
        verbose_name=_("finding"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recommendations",
    )
    addressed_to = models.ForeignKey(
        "org.Organization",
        verbose_name=_("addressed to"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("recommendation"))
    sent_on = models.DateField(_("sent on"))
    due_on = models.DateField(_("response due"))
    state = models.CharField(
        _("state"),
        max_length=12,
        choices=RecommendationState.choices,
        default=RecommendationState.SENT,
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closing_note = models.TextField(_("assessment of the response"), blank=True)
    created_by = _user(_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["state", "due_on"], name="supervision_rec_state_due"),
            models.Index(fields=["addressed_to", "state"], name="supervision_rec_body_state"),
            models.Index(fields=["programme", "state"], name="supervision_rec_prog_state"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=F("sent_on")), name="supervision_rec_due_after_sent"
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]


class RecommendationResponse(models.Model):
    """A response of the addressed body, as received and recorded."""

    recommendation = models.ForeignKey(
        Recommendation,
        verbose_name=_("recommendation"),
        on_delete=models.CASCADE,
        related_name="responses",
    )
    text = models.TextField(_("response"))
    responded_on = models.DateField(_("date of the response"))
    file = models.FileField(_("evidence file"), upload_to=_path, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    file_type = models.CharField(_("file type"), max_length=100, blank=True)
    recorded_by = _user(_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("response to a recommendation")
        verbose_name_plural = _("responses to recommendations")
        ordering = ["responded_on", "pk"]
        indexes = [
            models.Index(fields=["recommendation", "responded_on"], name="supervision_resp_rec")
        ]

    def __str__(self) -> str:
        return self.text[:80]


class CritiqueForm(models.TextChoices):
    """Điều 34 of the Law on the Vietnam Fatherland Front."""

    CONFERENCE = "conference", _("Critique conference")
    WRITTEN = "written", _("Written comments on the draft")
    DIALOGUE = "dialogue", _("Direct dialogue")


class CritiqueState(models.TextChoices):
    RECEIVED = "received", _("Draft received")
    SENT = "sent", _("Awaiting the reply")
    REPLIED = "replied", _("Replied")


class Critique(models.Model):
    """A social critique (phản biện xã hội) of a draft: the critique document the Front sent
    and the drafting body's reply."""

    organizer = models.ForeignKey(
        "org.Organization",
        verbose_name=_("conducted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    draft_title = models.CharField(_("draft"), max_length=300)
    drafting_body = models.ForeignKey(
        "org.Organization",
        verbose_name=_("drafting body"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    if HAS_CONSULTATION:
        consultation = models.ForeignKey(
            "participation.Consultation",
            verbose_name=_("consultation on the draft"),
            null=True,
            blank=True,
            on_delete=models.SET_NULL,
            related_name="critiques",
        )
    form = models.CharField(_("form of critique"), max_length=12, choices=CritiqueForm.choices)
    received_on = models.DateField(_("draft received on"))
    state = models.CharField(
        _("state"), max_length=10, choices=CritiqueState.choices, default=CritiqueState.RECEIVED
    )
    reply_days = models.PositiveSmallIntegerField(_("days for the reply"), default=reply_days)
    document_number = models.CharField(_("critique document number"), max_length=60, blank=True)
    document_date = models.DateField(_("critique document date"), null=True, blank=True)
    document_file = models.FileField(_("critique document"), upload_to=_path, blank=True)
    document_file_name = models.CharField(_("file name"), max_length=200, blank=True)
    document_file_type = models.CharField(_("file type"), max_length=100, blank=True)
    reply_due_on = models.DateField(_("reply due"), null=True, blank=True)
    reply_text = models.TextField(_("the drafter's reply"), blank=True)
    reply_on = models.DateField(_("reply date"), null=True, blank=True)
    reply_file = models.FileField(_("reply file"), upload_to=_path, blank=True)
    reply_file_name = models.CharField(_("file name"), max_length=200, blank=True)
    reply_file_type = models.CharField(_("file type"), max_length=100, blank=True)
    created_by = _user(_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("social critique")
        verbose_name_plural = _("social critiques")
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(fields=["organizer", "received_on"], name="supervision_crit_org"),
            models.Index(fields=["state", "reply_due_on"], name="supervision_crit_state_due"),
            models.Index(fields=["drafting_body", "state"], name="supervision_crit_drafter"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(reply_days__gte=1, reply_days__lte=365), name="supervision_crit_days"
            )
        ]

    def __str__(self) -> str:
        return self.draft_title


class BoardKind(models.TextChoices):
    INSPECTION = "inspection", _("People's Inspection Board")
    INVESTMENT = "investment", _("Community investment supervision board")


class InspectionBoard(models.Model):
    """A commune's People's Inspection Board, or a community investment supervision board
    for a project, organized by the commune's Front committee."""

    kind = models.CharField(_("kind"), max_length=12, choices=BoardKind.choices)
    commune_body = models.ForeignKey(
        "org.Organization",
        verbose_name=_("commune body"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=300)
    project = models.CharField(_("investment project supervised"), max_length=300, blank=True)
    members = models.TextField(_("members, one per line"))
    term_from = models.DateField(_("term from"))
    term_to = models.DateField(_("term to"))
    created_by = _user(_("created by"))

    class Meta:
        verbose_name = _("inspection or supervision board")
        verbose_name_plural = _("inspection and supervision boards")
        ordering = ["kind", "name", "pk"]
        indexes = [models.Index(fields=["commune_body", "kind"], name="supervision_board_body")]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_to__gte=F("term_from")), name="supervision_board_term"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def member_list(self) -> list[str]:
        return [m.strip() for m in self.members.splitlines() if m.strip()]


class BoardReport(models.Model):
    """A board's report for a period."""

    board = models.ForeignKey(
        InspectionBoard, verbose_name=_("board"), on_delete=models.CASCADE, related_name="reports"
    )
    period_from = models.DateField(_("period from"))
    period_to = models.DateField(_("period to"))
    text = models.TextField(_("report"))
    findings_count = models.PositiveIntegerField(_("number of findings"), default=0)
    file = models.FileField(_("file"), upload_to=_path, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    file_type = models.CharField(_("file type"), max_length=100, blank=True)
    created_by = _user(_("recorded by"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("board report")
        verbose_name_plural = _("board reports")
        ordering = ["-period_to", "-pk"]
        indexes = [models.Index(fields=["board", "period_to"], name="supervision_report_board")]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_to__gte=F("period_from")), name="supervision_report_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.board} {self.period_from:%d/%m/%Y}–{self.period_to:%d/%m/%Y}"


class ReminderKind(models.TextChoices):
    APPROACHING = "approaching", _("Response due soon")
    OVERDUE = "overdue", _("Response overdue")


class SupervisionReminder(models.Model):
    """A reminder sent to a person about a recommendation or a critique's reply: one per
    person, kind and due date, so a task run twice does not remind twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ReminderKind.choices)
    recommendation = models.ForeignKey(
        Recommendation,
        verbose_name=_("recommendation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    critique = models.ForeignKey(
        Critique,
        verbose_name=_("social critique"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    due_on = models.DateField(_("due date"))
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("supervision reminder")
        verbose_name_plural = _("supervision reminders")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "created_at"], name="supervision_remind_user")]
        constraints = [
            models.CheckConstraint(
                condition=Q(recommendation__isnull=False, critique__isnull=True)
                | Q(recommendation__isnull=True, critique__isnull=False),
                name="supervision_remind_one_subject",
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "recommendation", "due_on"],
                condition=Q(recommendation__isnull=False),
                name="supervision_remind_rec_once",
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "critique", "due_on"],
                condition=Q(critique__isnull=False),
                name="supervision_remind_crit_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_on:%d/%m/%Y}"
