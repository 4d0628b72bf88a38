"""Evidence of a model: photos and documents (reports, minutes, decisions), kept out of public
URLs. A photo is shown in the public showcase only when marked public, and only once the
model is recognized; documents are for staff."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .exemplars import Exemplar


def _path(instance: EvidenceFile, filename: str) -> str:
    # The stored name says nothing about the content: the original name is kept in the row.
    return f"exemplars/{instance.exemplar_id}/{uuid.uuid4().hex}"


class EvidenceKind(models.TextChoices):
    PHOTO = "photo", _("Photo")
    DOCUMENT = "document", _("Document")


class EvidenceFile(models.Model):
    exemplar = models.ForeignKey(
        Exemplar,
        verbose_name=_("model or exemplar"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=EvidenceKind.choices)
    file = models.FileField(_("file"), upload_to=_path)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64, editable=False)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    public = models.BooleanField(_("shown in the public showcase"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["kind", "id"]
        indexes = [models.Index(fields=["exemplar", "kind"], name="exemplar_evidence_idx")]

    def __str__(self) -> str:
        return self.caption or self.original_name
