"""Award proposals (đề nghị khen thưởng): a body proposes recipients for an award kind to the
competent granting body, with the dossier's documents; every step is an event row."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from danvan.org.models import AdminUnit, Organization

from .awards import AwardKind, RecipientKind
from .movements import Movement


class ProposalState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", pgettext_lazy("award proposal", "Submitted")
    RETURNED = "returned", _("Returned for more documents")
    APPROVED = "approved", _("Approved (decision issued)")
    REJECTED = "rejected", _("Rejected")


class Proposal(models.Model):
    proposer = models.ForeignKey(
        Organization,
        verbose_name=_("proposing body"),
        on_delete=models.PROTECT,
        related_name="award_proposals",
    )
    authority = models.ForeignKey(
        Organization,
        verbose_name=_("granting body"),
        on_delete=models.PROTECT,
        related_name="award_proposals_received",
    )
    award_kind = models.ForeignKey(
        AwardKind, verbose_name=_("award"), on_delete=models.PROTECT, related_name="proposals"
    )
    year = models.PositiveSmallIntegerField(_("year of the achievements"))
    reference = models.CharField(
        _("submission number"), max_length=60, blank=True, help_text=_("e.g. 45/TTr-UBND")
    )
    summary = models.TextField(_("summary of achievements"))
    movement = models.ForeignKey(
        Movement,
        verbose_name=_("movement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    exemplar = models.ForeignKey(
        "exemplars.Exemplar",
        verbose_name=_("“Dân vận khéo” model"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="award_proposals",
    )
    state = models.CharField(
        _("state"), max_length=10, choices=ProposalState.choices, default=ProposalState.DRAFT
    )
    province = models.ForeignKey(
        AdminUnit,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
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
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("award proposal")
        verbose_name_plural = _("award proposals")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["proposer", "state"], name="emu_proposal_proposer_idx"),
            models.Index(fields=["authority", "state"], name="emu_proposal_authority_idx"),
            models.Index(fields=["province", "state"], name="emu_proposal_province_idx"),
            models.Index(fields=["award_kind", "year"], name="emu_proposal_kind_year_idx"),
            models.Index(fields=["state", "created_at"], name="emu_proposal_state_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.award_kind} — {self.proposer} ({self.year})"


class ProposalRecipient(models.Model):
    """A proposed recipient. For a person only what the decision needs (name, position,
    unit); the name is published only with `public_consent`."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="recipients"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=RecipientKind.choices)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("collective (a body)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("name of the collective or person"), max_length=255)
    position = models.CharField(_("position"), max_length=150, blank=True)
    unit_name = models.CharField(_("unit"), max_length=255, blank=True)
    achievements = models.TextField(_("achievements"), blank=True)
    public_consent = models.BooleanField(
        _("the person agrees that their name is published"), default=False
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("proposed recipient")
        verbose_name_plural = _("proposed recipients")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="collective") | Q(organization__isnull=True),
                name="emu_proposal_recipient_person_has_no_body",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class DocumentType(models.TextChoices):
    SUBMISSION = "submission", _("Submission (tờ trình)")
    ACHIEVEMENT_REPORT = "report", _("Report of achievements")
    COUNCIL_MINUTES = "minutes", _("Minutes of the emulation council meeting")
    OTHER = "other", _("Other document")


def _document_path(instance: ProposalDocument, filename: str) -> str:
    # Never the uploaded file name on disk: it may carry personal data.
    return f"emulation/proposals/{instance.proposal_id}/{instance.sha256[:16]}"


class ProposalDocument(models.Model):
    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="documents"
    )
    doc_type = models.CharField(_("document type"), max_length=12, choices=DocumentType.choices)
    file = models.FileField(_("file"), upload_to=_document_path)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("proposal document")
        verbose_name_plural = _("proposal documents")
        ordering = ["uploaded_at", "id"]
        indexes = [models.Index(fields=["proposal", "doc_type"], name="emu_proposal_doc_type_idx")]

    def __str__(self) -> str:
        return self.original_name


class ProposalAction(models.TextChoices):
    CREATED = "created", _("Created")
    SUBMITTED = "submitted", pgettext_lazy("award proposal", "Submitted")
    RETURNED = "returned", _("Returned for more documents")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    APPROVED = "approved", _("Approved: decision issued")
    REJECTED = "rejected", _("Rejected")


class ProposalEvent(models.Model):
    """One step of a proposal: who, when, from which state to which, and the note."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=12, choices=ProposalAction.choices)
    from_state = models.CharField(
        _("from"), max_length=10, choices=ProposalState.choices, blank=True
    )
    to_state = models.CharField(_("to"), max_length=10, choices=ProposalState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("proposal step")
        verbose_name_plural = _("proposal steps")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} — {self.at:%d/%m/%Y %H:%M}"
