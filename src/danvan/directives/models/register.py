"""The register of outgoing documents (sổ đăng ký văn bản đi) of each body: numbered per
type and year for a State body (Nghị định 30/2020, Điều 15: from 01 on 1 January) and per type
and term for a Party body (Hướng dẫn 36-HD/VPTW). Numbers come from a counter row locked while
a document is numbered, in the same transaction as the document: no number is skipped and no
two documents share one, however many officers issue at once."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.org.models import Organization

from .documents import Document, DocumentSystem


class NumberCounter(models.Model):
    body = models.ForeignKey(
        Organization, verbose_name=_("body"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("type"), max_length=8)  # the symbol's abbreviation: "KH", "BC"
    series = models.CharField(_("numbered within"), max_length=20)  # "2026" or "2025–2030"
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("number counter")
        verbose_name_plural = _("number counters")
        constraints = [
            models.UniqueConstraint(fields=["body", "kind", "series"], name="counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.body} {self.kind} {self.series}: {self.last}"


class OutgoingDocument(models.Model):
    body = models.ForeignKey(
        Organization,
        verbose_name=_("issuing body"),
        on_delete=models.PROTECT,
        related_name="outgoing_documents",
    )
    system = models.CharField(_("system"), max_length=8, choices=DocumentSystem.choices)
    kind = models.CharField(_("type"), max_length=8)
    series = models.CharField(_("numbered within"), max_length=20)
    number = models.PositiveIntegerField(_("number"))
    symbol = models.CharField(_("number and symbol"), max_length=60)
    title = models.CharField(_("title"), max_length=100, help_text=_("e.g. KẾ HOẠCH, THÔNG BÁO"))
    summary = models.CharField(_("summary"), max_length=500)
    text = models.TextField(_("text"), blank=True)
    signed_on = models.DateField(_("date signed"))
    signer_name = models.CharField(_("signer"), max_length=150)
    signer_title = models.CharField(_("signer's title"), max_length=150)
    signer_capacity = models.CharField(_("signing capacity"), max_length=150, blank=True)
    recipients = models.TextField(_("recipients (“Nơi nhận”, one per line)"), blank=True)
    # When the document directs (a plan, a programme), its entry in the registry.
    registered = models.OneToOneField(
        Document,
        verbose_name=_("in the registry of directing documents"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outgoing",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("issued at"), auto_now_add=True)

    class Meta:
        verbose_name = _("outgoing document")
        verbose_name_plural = _("outgoing documents")
        ordering = ["-signed_on", "-number", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "kind", "series", "number"], name="outgoing_number_unique"
            )
        ]
        indexes = [models.Index(fields=["body", "-signed_on"], name="outgoing_body_idx")]

    def __str__(self) -> str:
        return self.symbol
