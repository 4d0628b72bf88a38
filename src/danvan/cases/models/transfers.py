from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.org.models import Organization

from .cases import Case


class TransferKind(models.TextChoices):
    FORWARD = "forward", _("Forwarded to the competent body")
    GUIDE = "guide", _("Citizen guided to the competent body")
    RETURN_DOWN = "return_down", _("Sent back to the lower level")


class CaseTransfer(models.Model):
    """Forwarding (chuyển đơn), guiding (hướng dẫn) or sending a matter back down, with the
    document that did it."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="transfers"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=TransferKind.choices)
    from_organization = models.ForeignKey(
        Organization,
        verbose_name=_("from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_organization = models.ForeignKey(
        Organization,
        verbose_name=_("to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_name = models.CharField(
        _("competent body (outside the platform)"), max_length=255, blank=True
    )
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    document_date = models.DateField(_("document date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%d/%m/%Y}"
