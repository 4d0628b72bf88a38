"""Rounds of a contest: preliminary rounds (sơ khảo), one per cluster or group of bodies,
and the final (chung khảo); their judges and the teams entered in each."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from danvan.org.models import EmulationCluster, Organization

from .contests import Contest


class RoundKind(models.TextChoices):
    PRELIMINARY = "preliminary", _("Preliminary round")
    FINAL = "final", _("Final")


class RoundState(models.TextChoices):
    OPEN = "open", _("Open for scoring")
    CLOSED = "closed", _("Closed")


class Round(models.Model):
    contest = models.ForeignKey(
        Contest, verbose_name=_("contest"), on_delete=models.CASCADE, related_name="rounds"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=RoundKind.choices)
    name = models.CharField(_("name"), max_length=200)
    # A preliminary round gathers the bodies of an emulation cluster, or a named group.
    cluster = models.ForeignKey(
        EmulationCluster,
        verbose_name=_("emulation cluster"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contest_rounds",
    )
    bodies = models.ManyToManyField(
        Organization, verbose_name=_("bodies in the group"), blank=True, related_name="+"
    )
    held_on = models.DateField(_("date"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    state = models.CharField(
        _("state"), max_length=8, choices=RoundState.choices, default=RoundState.OPEN
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["contest", "-kind", "name", "id"]  # preliminary rounds before the final
        constraints = [
            models.UniqueConstraint(
                fields=["contest"], condition=Q(kind="final"), name="contest_one_final"
            ),
            models.UniqueConstraint(fields=["contest", "name"], name="round_name_once"),
        ]
        indexes = [
            models.Index(fields=["contest", "kind"], name="round_contest_kind_idx"),
            # The "contests held" report figure: rounds of a body's contests held in a period.
            models.Index(fields=["contest", "held_on"], name="round_contest_held_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_final(self) -> bool:
        return self.kind == RoundKind.FINAL

    @property
    def is_open(self) -> bool:
        return self.state == RoundState.OPEN


class Judge(models.Model):
    """A user assigned as judge (giám khảo) of a round; one of them is the head judge."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="judges"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("judge"),
        on_delete=models.PROTECT,
        related_name="contest_judgings",
    )
    # The body the judge works for: its team is not theirs to score (conflict of interest).
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("judge's body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_head = models.BooleanField(_("head judge"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    submitted_at = models.DateTimeField(_("sheet submitted at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("judge")
        verbose_name_plural = _("judges")
        ordering = ["round", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="judge_once_per_round"),
            models.UniqueConstraint(
                fields=["round"], condition=Q(is_head=True), name="one_head_judge_per_round"
            ),
        ]
        indexes = [models.Index(fields=["user", "round"], name="judge_user_round_idx")]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def submitted(self) -> bool:
        return self.submitted_at is not None


class Entry(models.Model):
    """A team entered in a round. A team is in one preliminary round, and in the final when
    it advances (`kind` repeats the round's, so that the database enforces both)."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="entries"
    )
    team = models.ForeignKey(
        "contests.Team", verbose_name=_("team"), on_delete=models.CASCADE, related_name="entries"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=RoundKind.choices, editable=False)
    order = models.PositiveSmallIntegerField(_("order of performance"), default=0)

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        ordering = ["round", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["team", "kind"], name="entry_once_per_kind"),
        ]
        indexes = [models.Index(fields=["round", "order"], name="entry_round_order_idx")]

    def __str__(self) -> str:
        return f"{self.team} → {self.round}"
