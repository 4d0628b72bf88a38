"""The hotspot register (điểm nóng, decision 0029): what the scan found, its lifecycle
(detected → watched → being handled → settled), the records behind it, the body in charge,
officers' notes and who was alerted."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.org.models import AdminUnit, Organization

from .texts import Text
from .topics import Topic


class HotspotKind(models.TextChoices):
    TOPIC_SURGE = "topic_surge", _("A topic rising in a place")
    PLACE_SURGE = "place_surge", _("A place raising far more than usual")
    CLUSTER = "cluster", _("Many citizens raising one issue in one commune")
    BODY_COMPLAINTS = "body", _("Complaints and denunciations about one body rising")


class HotspotState(models.TextChoices):
    DETECTED = "detected", _("Detected")
    WATCHED = "watched", _("Watched")
    HANDLING = "handling", _("Being handled")
    SETTLED = "settled", _("Settled")
    DISMISSED = "dismissed", _("Dismissed (not a hotspot)")


OPEN_HOTSPOT_STATES = frozenset(
    {HotspotState.DETECTED, HotspotState.WATCHED, HotspotState.HANDLING}
)


class Hotspot(models.Model):
    # One per kind, subject and week: a scan run twice finds the same row (idempotent).
    key = models.CharField(max_length=120, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=12, choices=HotspotKind.choices)
    state = models.CharField(
        _("state"), max_length=10, choices=HotspotState.choices, default=HotspotState.DETECTED
    )
    title = models.CharField(_("title"), max_length=255)
    week = models.DateField(_("week"))
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("topic"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hotspots",
    )
    unit = models.ForeignKey(
        AdminUnit,
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    province = models.ForeignKey(
        AdminUnit,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The body the complaints are about (kind BODY_COMPLAINTS).
    subject_body = models.ForeignKey(
        Organization,
        verbose_name=_("body complained about"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    in_charge = models.ForeignKey(
        Organization,
        verbose_name=_("body in charge"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hotspots",
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer in charge"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    observed = models.PositiveIntegerField(_("this week"))
    baseline = models.FloatField(_("usual weekly count"))
    p_value = models.FloatField(_("p-value"), null=True, blank=True)
    adjusted_p = models.FloatField(
        _("p-value corrected for the places tested"), null=True, blank=True
    )
    # For a cluster: how many different senders raised it.
    people = models.PositiveIntegerField(_("people"), null=True, blank=True)
    detected_at = models.DateTimeField(_("detected at"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    settled_at = models.DateTimeField(_("settled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("hotspot")
        verbose_name_plural = _("hotspots")
        ordering = ["-week", "-observed"]
        indexes = [
            models.Index(fields=["province", "state", "week"], name="hotspot_province_idx"),
            models.Index(fields=["in_charge", "state"], name="hotspot_in_charge_idx"),
            models.Index(fields=["state", "week"], name="hotspot_state_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class HotspotLink(models.Model):
    hotspot = models.ForeignKey(Hotspot, on_delete=models.CASCADE, related_name="links")
    text = models.ForeignKey(Text, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("linked record")
        verbose_name_plural = _("linked records")
        constraints = [
            models.UniqueConstraint(fields=["hotspot", "text"], name="hotspot_link_unique")
        ]

    def __str__(self) -> str:
        return f"{self.hotspot_id} → {self.text_id}"


class HotspotNote(models.Model):
    hotspot = models.ForeignKey(Hotspot, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("note"), blank=True)
    state_from = models.CharField(max_length=10, choices=HotspotState.choices, blank=True)
    state_to = models.CharField(max_length=10, choices=HotspotState.choices, blank=True)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        verbose_name = _("note on a hotspot")
        verbose_name_plural = _("notes on hotspots")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.hotspot_id} · {self.created_at:%d/%m/%Y}"


class HotspotAlert(models.Model):
    """A leader alerted of a hotspot: once per person."""

    hotspot = models.ForeignKey(Hotspot, on_delete=models.CASCADE, related_name="alerts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("hotspot alert")
        verbose_name_plural = _("hotspot alerts")
        constraints = [
            models.UniqueConstraint(fields=["hotspot", "user"], name="hotspot_alert_unique")
        ]

    def __str__(self) -> str:
        return f"{self.hotspot_id} → {self.user_id}"
