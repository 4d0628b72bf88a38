"""Community teams (tổ COVID cộng đồng, tổ tự quản, tổ hòa giải): volunteer and self-managed
teams a commune's Front sets up, their members, tasks and activity log; their figures go to
the reports through the figure registry."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.lib import crypto

from ._common import org_fk, unit_fk, user_fk


class TeamKind(models.TextChoices):
    COVID = "covid", _("Community COVID-19 team")
    SELF_MANAGED = "self_managed", _("Self-managed team")
    MEDIATION = "mediation", _("Grassroots mediation team")
    SECURITY = "security", _("Neighbourhood security team")
    VOLUNTEER = "volunteer", _("Volunteer team")


class CommunityTeam(models.Model):
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=14, choices=TeamKind.choices)
    organization = org_fk(_("set up by"), "community_teams")
    commune = unit_fk(_("commune"))
    province = unit_fk(_("province"))
    area = models.CharField(_("area"), max_length=300, help_text=_("Village, residential group"))
    founded_on = models.DateField(_("set up on"))
    founding_decision = models.CharField(_("founding decision"), max_length=120, blank=True)
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    description = models.TextField(_("tasks of the team"), blank=True)
    search_text = models.TextField(editable=False, blank=True)
    created_by = user_fk(_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("community team")
        verbose_name_plural = _("community teams")
        ordering = ["name", "pk"]
        indexes = [
            models.Index(fields=["organization", "kind"], name="camp_team_org_idx"),
            models.Index(fields=["province", "kind"], name="camp_team_prov_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class MemberRole(models.TextChoices):
    LEADER = "leader", _("Team leader")
    DEPUTY = "deputy", _("Deputy leader")
    MEMBER = "member", _("Member")


class TeamMember(models.Model):
    team = models.ForeignKey(
        CommunityTeam, verbose_name=_("team"), on_delete=models.CASCADE, related_name="members"
    )
    full_name = models.CharField(_("full name"), max_length=150)
    role = models.CharField(_("role"), max_length=8, choices=MemberRole.choices)
    occupation = models.CharField(_("occupation or position"), max_length=150, blank=True)
    phone_enc = models.TextField(blank=True, editable=False)
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["role", "full_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="camp_member_leaves_after_joining",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def set_phone(self, phone: str) -> None:
        self.phone_enc = crypto.encrypt((phone or "").strip())

    def phone(self) -> str:
        return crypto.decrypt(self.phone_enc)


class TaskState(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class TeamTask(models.Model):
    team = models.ForeignKey(
        CommunityTeam, verbose_name=_("team"), on_delete=models.CASCADE, related_name="tasks"
    )
    title = models.CharField(_("task"), max_length=300)
    description = models.TextField(_("details"), blank=True)
    assigned_on = models.DateField(_("assigned on"))
    due_on = models.DateField(_("due on"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=TaskState.choices, default=TaskState.OPEN
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("team task")
        verbose_name_plural = _("team tasks")
        ordering = ["state", "due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class TeamActivity(models.Model):
    team = models.ForeignKey(
        CommunityTeam,
        verbose_name=_("team"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    task = models.ForeignKey(
        TeamTask,
        verbose_name=_("task"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    held_on = models.DateField(_("held on"))
    title = models.CharField(_("activity"), max_length=300)
    description = models.TextField(_("what was done"), blank=True)
    participants = models.PositiveIntegerField(_("members taking part"), default=0)
    people_reached = models.PositiveIntegerField(_("people reached"), default=0)
    households_visited = models.PositiveIntegerField(_("households visited"), default=0)
    idempotency_key = models.CharField(max_length=64, blank=True, editable=False)
    recorded_by = user_fk(_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("team activity")
        verbose_name_plural = _("team activities")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["team", "held_on"], name="camp_activity_day_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="camp_activity_idempotent",
            ),
        ]

    def __str__(self) -> str:
        return self.title
