"""A citizen matter (đơn thư, hồ sơ): what was asked, where, by which channel, and its state.

The petitioner's identity is not here: it lives, encrypted, in `Petitioner` (the identity
store), and so does the link to the citizen's account, if they sent it signed in. Nothing on
the matter, its events or its history rows points at the citizen's account.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from danvan.org.models import AdminUnit, Organization

from .fields import CaseField


class CaseKind(models.TextChoices):
    UNCLASSIFIED = "unclassified", _("Not yet classified")
    FEEDBACK = "feedback", _("Feedback")
    PROPOSAL = "proposal", _("Proposal")
    COMPLAINT = "complaint", _("Complaint")
    DENUNCIATION = "denunciation", _("Denunciation")
    MIXED = "mixed", _("Mixed (several kinds)")


class DeclaredKind(models.TextChoices):
    """What the sender thinks the matter is, said on the public form or through the API: kept
    beside the officers' classification by content (`Case.kind`), never instead of it (a
    letter is classified by what it says, not by its title: TT 05/2021/TT-TTCP)."""

    FEEDBACK = CaseKind.FEEDBACK.value, CaseKind.FEEDBACK.label
    PROPOSAL = CaseKind.PROPOSAL.value, CaseKind.PROPOSAL.label
    COMPLAINT = CaseKind.COMPLAINT.value, CaseKind.COMPLAINT.label
    DENUNCIATION = CaseKind.DENUNCIATION.value, CaseKind.DENUNCIATION.label
    MIXED = CaseKind.MIXED.value, CaseKind.MIXED.label
    UNKNOWN = "unknown", _("I don't know")


class Processability(models.TextChoices):
    PENDING = "pending", _("Not yet examined")
    PROCESSABLE = "processable", _("Can be processed")
    NOT_PROCESSABLE = "not_processable", _("Cannot be processed")


class NotProcessableReason(models.TextChoices):
    ANONYMOUS = "anonymous", _("Anonymous")
    DUPLICATE = "duplicate", _("Duplicate")
    OUTSIDE_COMPETENCE = "outside_competence", _("Outside competence")
    MISSING_INFORMATION = "missing_information", _("Missing information")


class CaseState(models.TextChoices):
    RECEIVED = "received", _("Received")
    CLASSIFIED = "classified", _("Classified")
    ACCEPTED = "accepted", _("Accepted")
    FORWARDED = "forwarded", _("Forwarded")
    GUIDED = "guided", _("Guided to the competent body")
    NOT_PROCESSABLE = "not_processable", _("Not processable")
    IN_PROGRESS = "in_progress", _("In progress")
    EXTENDED = "extended", _("Extended")
    SUSPENDED = "suspended", _("Suspended")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")


OPEN_STATES = frozenset(
    {
        CaseState.RECEIVED,
        CaseState.CLASSIFIED,
        CaseState.ACCEPTED,
        CaseState.IN_PROGRESS,
        CaseState.EXTENDED,
        CaseState.SUSPENDED,
        CaseState.REOPENED,
    }
)


class Channel(models.TextChoices):
    WEB = "web", _("Web form")
    IN_PERSON = "in_person", _("Received in person")
    LETTER = "letter", _("Paper letter")
    IMPORT = "import", _("Bulk import")
    API = "api", _("API")
    OPEN311 = "open311", _("Open311")
    MEETING = "meeting", _("Raised at a meeting with the people")


class Publication(models.TextChoices):
    """What the public list (Open311) may show of a matter: the citizen's choice."""

    SUMMARY = "summary", _("Field, place and state only")
    FULL = "full", _("Also the content and the answer (never the sender)")


class Complexity(models.TextChoices):
    NORMAL = "normal", _("Normal")
    COMPLEX = "complex", _("Complex")
    ESPECIALLY_COMPLEX = "especially_complex", _("Especially complex")


class ComplaintRound(models.TextChoices):
    FIRST = "first", _("First complaint")
    SECOND = "second", _("Second complaint")


class Case(models.Model):
    tracking_code = models.CharField(_("tracking code"), max_length=20, unique=True)
    access_digest = models.CharField(max_length=64, editable=False)
    kind = models.CharField(
        _("kind"), max_length=20, choices=CaseKind.choices, default=CaseKind.UNCLASSIFIED
    )
    # The sender's own word on the kind (blank: not said). Officers classify by content into
    # `kind`; this is kept as the sender said it and never sets `kind`.
    declared_kind = models.CharField(
        _("kind declared by the sender"),
        max_length=20,
        choices=DeclaredKind.choices,
        blank=True,
        default="",
    )
    processability = models.CharField(
        _("processability"),
        max_length=20,
        choices=Processability.choices,
        default=Processability.PENDING,
    )
    not_processable_reason = models.CharField(
        _("reason it cannot be processed"),
        max_length=30,
        choices=NotProcessableReason.choices,
        blank=True,
    )
    field = models.ForeignKey(
        CaseField,
        verbose_name=_("field"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    title = models.CharField(_("title"), max_length=200)
    content = models.TextField(_("content"))
    search_text = models.TextField(editable=False, blank=True)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    received_at = models.DateTimeField(_("received at"), db_index=True)
    unit = models.ForeignKey(
        AdminUnit,
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    # The handling body's province (the place's while no body handles it), kept on the row
    # for scope filters (see selectors.visible_cases) and, later, sharding by province.
    province = models.ForeignKey(
        AdminUnit,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("handling body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    state = models.CharField(
        _("state"), max_length=20, choices=CaseState.choices, default=CaseState.RECEIVED
    )
    complexity = models.CharField(
        _("complexity"), max_length=20, choices=Complexity.choices, default=Complexity.NORMAL
    )
    remote_area = models.BooleanField(_("remote area"), default=False)
    complaint_round = models.CharField(
        _("complaint round"),
        max_length=10,
        choices=ComplaintRound.choices,
        default=ComplaintRound.FIRST,
    )
    several_places = models.BooleanField(_("checks in several places"), default=False)
    outside_competence = models.BooleanField(
        _("outside this body's competence"),
        default=False,
        help_text=_("The body must forward it to the competent body within the legal limit."),
    )
    # The handling body's clock: the day the current body received the matter (the first
    # receipt, then each forwarding or sending down). `leg` counts the moves; each body's
    # deadlines are kept under its own leg.
    handled_since = models.DateTimeField(_("with this body since"), null=True, blank=True)
    leg = models.PositiveSmallIntegerField(default=0, editable=False)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned officer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_cases",
    )
    # The client-scoped digest of the submission's Idempotency-Key (services.intake), never
    # the key itself: a key must not open anyone else's matter.
    idempotency_key = models.CharField(
        max_length=80, null=True, blank=True, unique=True, editable=False
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
    )
    duplicate_reason = models.CharField(_("why it is a duplicate"), max_length=200, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    next_due_date = models.DateField(_("next due date"), null=True, blank=True)
    public_answer = models.TextField(_("public answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Publication by consent: the safe default shows no free text; the content and the answer
    # are public only when the citizen agreed (on the form, by the API or in writing for a
    # letter or a visit), and never for a denunciation (open311.serializers).
    publication = models.CharField(
        _("publication"),
        max_length=10,
        choices=Publication.choices,
        default=Publication.SUMMARY,
    )
    publication_consent_at = models.DateTimeField(
        _("consent to publication given at"), null=True, blank=True
    )
    rating = models.PositiveSmallIntegerField(_("satisfaction (1–5)"), null=True, blank=True)
    rating_comment = models.TextField(_("comment on the answer"), blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["search_text", "access_digest", "idempotency_key"])

    class Meta:
        verbose_name = _("citizen case")
        verbose_name_plural = _("citizen cases")
        ordering = ["-received_at"]
        indexes = [
            models.Index(
                fields=["organization", "state", "received_at"], name="case_org_state_idx"
            ),
            models.Index(fields=["province", "state", "received_at"], name="case_prov_state_idx"),
            models.Index(fields=["state", "next_due_date"], name="case_due_idx"),
            models.Index(fields=["kind", "received_at"], name="case_kind_idx"),
            models.Index(fields=["field", "received_at"], name="case_field_idx"),
            models.Index(fields=["unit", "received_at"], name="case_unit_idx"),
            models.Index(fields=["channel", "received_at"], name="case_channel_idx"),
            models.Index(fields=["assigned_to", "state"], name="case_assignee_idx"),
            models.Index(fields=["province", "received_at"], name="case_prov_recv_idx"),
            # The inbox sorted by the soonest due date, in a province or a body's own list.
            models.Index(fields=["province", "next_due_date"], name="case_prov_due_idx"),
            models.Index(fields=["organization", "next_due_date"], name="case_org_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="case_rating_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code} — {self.title}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES
