"""The receipt of a public submission: durable the moment the citizen is answered.

The REST API and Open311 write one narrow row and answer with the tracking code; a background
task turns receipts into matters (routing, the matter's indexes, its history, the petitioner's
encrypted record, the timeline). Under a rush the citizen is never kept waiting for that work,
and nothing is lost: a receipt stays until its matter exists and points to it.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .cases import Case, Channel


class SubmissionReceiptQuerySet(models.QuerySet["SubmissionReceipt"]):
    def waiting(self) -> SubmissionReceiptQuerySet:
        """The queue: receipts not yet matters and not set aside with an error."""
        return self.filter(registered_at__isnull=True, error="")


class SubmissionReceipt(models.Model):
    # Uniqueness of the code and the key comes from constraints in Meta, not unique=True: on
    # PostgreSQL unique=True adds a second, LIKE-pattern index per column, and every index is
    # one more write on the busiest insert there is.
    tracking_code = models.CharField(_("tracking code"), max_length=20)
    access_digest = models.CharField(max_length=64, editable=False)
    idempotency_key = models.CharField(max_length=80, null=True, blank=True, editable=False)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    received_at = models.DateTimeField(_("received at"))
    # What the matter will say (title, content, place, field, coordinates): no personal data.
    payload = models.JSONField(_("submission"), default=dict)
    # The petitioner's data, Fernet-encrypted as one JSON document; emptied once the matter's
    # own encrypted petitioner record exists.
    personal = models.TextField(blank=True, editable=False)
    # The sending account, as the petitioner record will hold it (Petitioner.account_index).
    account_index = models.CharField(max_length=64, blank=True, editable=False)
    # A digest of what was submitted: the same key with another request is refused.
    fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    case = models.OneToOneField(
        Case,
        verbose_name=_("citizen case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="receipt",
    )
    registered_at = models.DateTimeField(_("registered at"), null=True, blank=True)
    # Why registration failed (a place no longer in force, say): an administrator looks.
    error = models.TextField(_("registration error"), blank=True)

    objects = SubmissionReceiptQuerySet.as_manager()

    class Meta:
        verbose_name = _("submission receipt")
        verbose_name_plural = _("submission receipts")
        constraints = [
            models.UniqueConstraint(fields=["tracking_code"], name="receipt_code_uniq"),
            models.UniqueConstraint(fields=["idempotency_key"], name="receipt_key_uniq"),
        ]
        indexes = [
            # A citizen's own pending submissions (the "my matters" page).
            models.Index(
                fields=["account_index"],
                name="receipt_account_idx",
                condition=~Q(account_index=""),
            ),
            # The queue: only the receipts still waiting, so it stays tiny at any volume.
            models.Index(
                fields=["id"],
                name="receipt_pending_idx",
                condition=Q(registered_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.tracking_code

    @property
    def is_pending(self) -> bool:
        return self.registered_at is None
