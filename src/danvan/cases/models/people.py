"""Personal data of petitioners, apart from the matter and encrypted at rest.

A denouncer's identity is secret by law (Luật Tố cáo 2018, Art. 56): only the roles that
need it may read it, and every reading is logged.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.lib import crypto

from .cases import Case

ENCRYPTED = ("full_name", "phone", "email", "id_number", "address")


class Petitioner(models.Model):
    case = models.OneToOneField(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="petitioner"
    )
    anonymous = models.BooleanField(_("anonymous"), default=False)
    # Encrypted columns (Fernet tokens); read and write them through `data` / `set_data`.
    full_name_enc = models.TextField(blank=True)
    phone_enc = models.TextField(blank=True)
    email_enc = models.TextField(blank=True)
    id_number_enc = models.TextField(blank=True)
    address_enc = models.TextField(blank=True)
    # Keyed hashes for exact matching (same person) without decrypting.
    phone_index = models.CharField(max_length=64, blank=True, db_index=True)
    email_index = models.CharField(max_length=64, blank=True, db_index=True)
    id_number_index = models.CharField(max_length=64, blank=True, db_index=True)
    # The account that sent the matter, as a keyed hash (crypto.blind_index of its id): the
    # citizen's "my matters" list finds it; nobody reading the matter can tell whose it is.
    account_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    # Asked apart from the consent above: a one-time code for a satisfaction survey is sent
    # to the e-mail address when the matter closes (surveys.services.after_matters).
    survey_consent_at = models.DateTimeField(
        _("consent to a satisfaction survey given at"), null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("petitioner")
        verbose_name_plural = _("petitioners")

    def __str__(self) -> str:
        return f"#{self.pk}"  # never the name: this may end up in logs

    def set_data(self, **values: str) -> None:
        for name in ENCRYPTED:
            if name in values:
                setattr(self, f"{name}_enc", crypto.encrypt((values[name] or "").strip()))
        for name in ("phone", "email", "id_number"):
            if name in values:
                setattr(self, f"{name}_index", crypto.blind_index(values[name] or "", kind=name))

    @staticmethod
    def account_digest(user_id: int | None) -> str:
        return crypto.blind_index(str(user_id), kind="account") if user_id else ""

    def data(self) -> dict[str, str]:
        """Decrypted values. Callers outside the identity service must not use this."""
        return {name: crypto.decrypt(getattr(self, f"{name}_enc")) for name in ENCRYPTED}


class PersonalDataView(models.Model):
    """One reading of a petitioner's personal data: who, when, why."""

    petitioner = models.ForeignKey(
        Petitioner, verbose_name=_("petitioner"), on_delete=models.CASCADE, related_name="views"
    )
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("viewer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    viewed_at = models.DateTimeField(_("viewed at"), auto_now_add=True, db_index=True)
    purpose = models.CharField(_("purpose"), max_length=200)

    class Meta:
        verbose_name = _("personal data view")
        verbose_name_plural = _("personal data views")
        ordering = ["-viewed_at"]

    def __str__(self) -> str:
        return f"{self.viewer_id} @ {self.viewed_at:%d/%m/%Y %H:%M}"
