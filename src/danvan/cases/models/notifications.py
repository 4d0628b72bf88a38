from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .cases import Case


class NotificationKind(models.TextChoices):
    REMINDER = "reminder", _("Deadline approaching")
    ESCALATION = "escalation", _("Deadline missed")


class Notification(models.Model):
    """A reminder to the assigned officer, or an escalation to the leaders, about a deadline."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="case_notifications",
    )
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=NotificationKind.choices)
    step = models.CharField(_("step"), max_length=30)
    due_date = models.DateField(_("due date"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        constraints = [
            # A task run twice (retries, two workers) must not notify twice.
            models.UniqueConstraint(
                fields=["user", "case", "kind", "step", "due_date"], name="notification_once"
            ),
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_id}"
