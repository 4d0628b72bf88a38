"""The registry of directing documents (văn bản chỉ đạo): Party and State documents with
their number and symbol, issuer, signer, dates and full text, and the links between them
("43-KL/TW continues 25-NQ/TW"). One row per document for the whole country: a province's
programme and the Politburo's directive it implements live in the same registry."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from danvan.org.models import Organization


class DocumentSystem(models.TextChoices):
    PARTY = "party", pgettext_lazy("document system", "Party")
    STATE = "state", pgettext_lazy("document system", "State")


class DocumentKind(models.TextChoices):
    RESOLUTION = "resolution", pgettext_lazy("document type", "Resolution")
    CONCLUSION = "conclusion", pgettext_lazy("document type", "Conclusion")
    DIRECTIVE = "directive", pgettext_lazy("document type", "Directive")
    REGULATION = "regulation", pgettext_lazy("document type", "Regulation")
    DECISION = "decision", pgettext_lazy("document type", "Decision")
    GUIDANCE = "guidance", pgettext_lazy("document type", "Guidance")
    PROGRAMME = "programme", pgettext_lazy("document type", "Programme")
    PLAN = "plan", pgettext_lazy("document type", "Plan")
    CONCLUSION_NOTICE = "conclusion_notice", pgettext_lazy("document type", "Notice of conclusions")
    NOTICE = "notice", pgettext_lazy("document type", "Notice")
    LAW = "law", pgettext_lazy("document type", "Law")
    DECREE = "decree", pgettext_lazy("document type", "Decree")
    CIRCULAR = "circular", pgettext_lazy("document type", "Circular")
    OFFICIAL_LETTER = "official_letter", pgettext_lazy("document type", "Official letter")
    REPORT = "report", pgettext_lazy("document type", "Report")
    OTHER = "other", pgettext_lazy("document type", "Other")


# Kinds whose documents a body carries out (and may cascade); the rest inform.
DIRECTING_KINDS = frozenset(
    {
        DocumentKind.RESOLUTION,
        DocumentKind.CONCLUSION,
        DocumentKind.DIRECTIVE,
        DocumentKind.REGULATION,
        DocumentKind.DECISION,
        DocumentKind.GUIDANCE,
        DocumentKind.PROGRAMME,
        DocumentKind.PLAN,
        DocumentKind.CONCLUSION_NOTICE,
        DocumentKind.LAW,
        DocumentKind.DECREE,
        DocumentKind.CIRCULAR,
    }
)
# A body's own answer to a directive (chương trình hành động, kế hoạch thực hiện).
PLAN_KINDS = frozenset({DocumentKind.PROGRAMME, DocumentKind.PLAN})


class DocumentState(models.TextChoices):
    CONFIRMED = "confirmed", _("In the registry")
    # Found cited in a text and not yet checked by an officer.
    PROPOSED = "proposed", _("Proposed, to be confirmed")


def _path(instance: Document, filename: str) -> str:
    # The stored name says nothing about the content; the original name is kept in the row.
    return f"directives/{uuid.uuid4().hex}"


class Document(models.Model):
    system = models.CharField(_("system"), max_length=8, choices=DocumentSystem.choices)
    kind = models.CharField(_("type"), max_length=20, choices=DocumentKind.choices)
    symbol = models.CharField(
        _("number and symbol"), max_length=60, help_text=_("e.g. 25-NQ/TW, 1207/QĐ-UBND")
    )
    number = models.PositiveIntegerField(_("number"), editable=False)
    # The symbol's issuer part ("TW", "UBND", "CP"): documents are numbered per issuer.
    symbol_issuer = models.CharField(max_length=30, editable=False)
    issuer = models.ForeignKey(
        Organization,
        verbose_name=_("issuing body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued_documents",
        help_text=_("A body of the network; leave empty for a central body named below."),
    )
    issuer_name = models.CharField(
        _("issuing body's name"), max_length=255, help_text=_("e.g. Bộ Chính trị")
    )
    term = models.CharField(
        _("term"), max_length=10, blank=True, help_text=_("Party documents: e.g. XIII")
    )
    signer_name = models.CharField(_("signer"), max_length=150, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=150, blank=True)
    signed_on = models.DateField(_("date signed"))
    effective_from = models.DateField(
        _("in force from"), null=True, blank=True, help_text=_("Empty: from the date signed.")
    )
    expires_on = models.DateField(_("in force until"), null=True, blank=True)
    summary = models.CharField(_("summary"), max_length=500)
    text = models.TextField(_("full text"), blank=True)
    # Folded (no diacritics, lower case) for the search that ignores diacritics.
    text_folded = models.TextField(blank=True, editable=False)
    search_text = models.CharField(max_length=1000, blank=True, editable=False, db_index=True)
    pages = models.PositiveIntegerField(_("pages"), default=0)
    file = models.FileField(_("file"), upload_to=_path, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    file_type = models.CharField(max_length=100, blank=True, editable=False)
    file_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    public = models.BooleanField(_("shown on the public pages"), default=False)
    state = models.CharField(
        _("state"), max_length=10, choices=DocumentState.choices, default=DocumentState.CONFIRMED
    )
    registrar = models.ForeignKey(
        Organization,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        related_name="registered_documents",
        help_text=_("The body whose officers keep this entry."),
    )
    source = models.CharField(_("source"), max_length=500, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["text", "text_folded", "search_text"])

    class Meta:
        verbose_name = _("directing document")
        verbose_name_plural = _("directing documents")
        ordering = ["-signed_on", "-id"]
        constraints = [
            # Party numbers restart each term and State numbers each year, and every commune
            # Party committee writes "…-KH/ĐU": the date and the issuer tell them apart.
            models.UniqueConstraint(
                fields=["symbol", "signed_on", "issuer_name"], name="document_symbol_unique"
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=models.F("signed_on")),
                name="document_expires_after_signing",
            ),
        ]
        indexes = [
            models.Index(fields=["symbol"], name="document_symbol_idx"),
            models.Index(fields=["issuer", "-signed_on"], name="document_issuer_idx"),
            models.Index(fields=["registrar", "-signed_on"], name="document_registrar_idx"),
            models.Index(fields=["kind", "-signed_on"], name="document_kind_idx"),
            models.Index(fields=["state", "-signed_on"], name="document_state_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.symbol}"

    @property
    def in_force_from(self) -> dt.date:
        return self.effective_from or self.signed_on


class LinkKind(models.TextChoices):
    IMPLEMENTS = "implements", _("implements")
    CONTINUES = "continues", _("continues")
    AMENDS = "amends", _("amends")
    REPLACES = "replaces", _("replaces")
    GUIDES = "guides", _("guides")


class DocumentLink(models.Model):
    """`source` <kind> `target`: "43-KL/TW continues 25-NQ/TW"."""

    source = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="links_out"
    )
    kind = models.CharField(_("link"), max_length=12, choices=LinkKind.choices)
    target = models.ForeignKey(
        Document,
        verbose_name=_("linked document"),
        on_delete=models.CASCADE,
        related_name="links_in",
    )
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
        verbose_name = _("link between documents")
        verbose_name_plural = _("links between documents")
        constraints = [
            models.UniqueConstraint(fields=["source", "kind", "target"], name="link_unique"),
            models.CheckConstraint(condition=~Q(source=models.F("target")), name="link_not_self"),
        ]
        indexes = [models.Index(fields=["target", "kind"], name="link_target_idx")]

    def __str__(self) -> str:
        return f"{self.source.symbol} {self.get_kind_display()} {self.target.symbol}"
