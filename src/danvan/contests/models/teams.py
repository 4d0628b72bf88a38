"""Teams (đội thi) registered by bodies, with their members and performance."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from danvan.org.models import Organization

from .contests import Contest


class Team(models.Model):
    contest = models.ForeignKey(
        Contest, verbose_name=_("contest"), on_delete=models.CASCADE, related_name="teams"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("registering body"),
        on_delete=models.PROTECT,
        related_name="contest_teams",
    )
    name = models.CharField(_("team name"), max_length=200)
    performance_title = models.CharField(_("title of the performance"), max_length=300)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["contest", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "organization"], name="one_team_per_body_per_contest"
            ),
        ]
        indexes = [
            models.Index(fields=["organization"], name="team_organization_idx"),
            # The "entries received" report figure: teams registered in a period.
            models.Index(fields=["contest", "registered_at"], name="team_contest_registered_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class MemberRole(models.TextChoices):
    CAPTAIN = "captain", _("Team captain")
    MEMBER = "member", _("Member")


class TeamMember(models.Model):
    """A member as the contest shows them: name, position, role in the team. Nothing else
    (no phone, no date of birth): the names are public with the results."""

    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="members"
    )
    full_name = models.CharField(_("full name"), max_length=150)
    position = models.CharField(_("position"), max_length=200, blank=True)
    role = models.CharField(
        _("role in the team"), max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["team", "order", "id"]

    def __str__(self) -> str:
        return self.full_name
