from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .cases import Case


def _path(instance: "CaseAttachment", filename: str) -> str:
    # Never the citizen's file name on disk: it may carry personal data.
    case = instance.case
    return f"cases/{case.received_at:%Y/%m}/{case.tracking_code}/{instance.sha256[:16]}"


class AttachmentPurpose(models.TextChoices):
    EVIDENCE = "evidence", _("Citizen's evidence")
    DECISION = "decision", _("Decision or official document")
    OTHER = "other", _("Other document")


class CaseAttachment(models.Model):
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=_path)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    purpose = models.CharField(
        _("purpose"),
        max_length=10,
        choices=AttachmentPurpose.choices,
        default=AttachmentPurpose.EVIDENCE,
    )
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    document_date = models.DateField(_("document date"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    public = models.BooleanField(
        _("shown to the citizen"),
        default=False,
        help_text=_("Whether the citizen sees this document on the public page of the matter."),
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name
