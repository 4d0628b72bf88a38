from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .cases import Case


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    CLASSIFIED = "classified", _("Classified")
    ROUTED = "routed", _("Routed")
    ACCEPTED = "accepted", _("Accepted")
    ASSIGNED = "assigned", _("Assigned")
    UNASSIGNED = "unassigned", _("Returned to the body")
    NOTE = "note", _("Internal note")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")
    RATED = "rated", _("Rated")
    NOT_PROCESSABLE = "not_processable", _("Marked not processable")
    EXTENDED = "extended", _("Resolution period extended")
    SUSPENDED = "suspended", _("Resolution suspended")
    RESUMED = "resumed", _("Resolution resumed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DOCUMENT = "document", _("Document attached")


class Visibility(models.TextChoices):
    INTERNAL = "internal", _("Internal")
    PUBLIC = "public", _("Public")


class CaseEvent(models.Model):
    """The matter's timeline. Internal entries never reach the citizen's page."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.INTERNAL
    )
    text = models.TextField(_("text"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["case", "at"], name="caseevent_case_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%d/%m/%Y}"
