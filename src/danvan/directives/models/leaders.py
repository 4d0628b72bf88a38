"""Leaders in charge of mass-mobilization work (phân công lãnh đạo phụ trách công tác dân vận)
and each commune's mass-mobilization bloc (khối dân vận), with the dates they held, so that
"the share of agencies that have assigned a leader" can be asked as of any date."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.org.models import Organization
from danvan.org.models.validity import Validity, ValidityQuerySet


class LeaderInChargeQuerySet(ValidityQuerySet["LeaderInCharge"]):
    pass


class LeaderInCharge(Validity):
    body = models.ForeignKey(
        Organization,
        verbose_name=_("body"),
        on_delete=models.PROTECT,
        related_name="mass_mobilization_leaders",
    )
    name = models.CharField(_("leader's name"), max_length=150)
    position = models.CharField(_("position"), max_length=150, help_text=_("e.g. Phó Giám đốc Sở"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision = models.CharField(_("assigned by (number and symbol)"), max_length=60, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    objects = LeaderInChargeQuerySet.as_manager()

    class Meta:
        verbose_name = _("leader in charge of mass mobilization")
        verbose_name_plural = _("leaders in charge of mass mobilization")
        ordering = ["-valid_from", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["body"], condition=Q(valid_to__isnull=True), name="leader_open_unique"
            ),
        ]
        indexes = [models.Index(fields=["body", "valid_from"], name="leader_body_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.body})"


class BlocQuerySet(ValidityQuerySet["MassMobilizationBloc"]):
    pass


class MassMobilizationBloc(Validity):
    """A commune's khối dân vận, headed by the standing deputy secretary of its Party
    committee; its members are the commune's Front, associations and People's Committee."""

    party_committee = models.ForeignKey(
        Organization,
        verbose_name=_("commune Party committee"),
        on_delete=models.PROTECT,
        related_name="mass_mobilization_blocs",
    )
    head_name = models.CharField(_("head of the bloc"), max_length=150)
    head_position = models.CharField(
        _("head's position"), max_length=150, default="Phó Bí thư Thường trực Đảng ủy"
    )
    members = models.ManyToManyField(
        Organization, verbose_name=_("member bodies"), blank=True, related_name="+"
    )
    decision = models.CharField(_("established by (number and symbol)"), max_length=60, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    objects = BlocQuerySet.as_manager()

    class Meta:
        verbose_name = _("mass-mobilization bloc")
        verbose_name_plural = _("mass-mobilization blocs")
        ordering = ["-valid_from", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["party_committee"],
                condition=Q(valid_to__isnull=True),
                name="bloc_open_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party_committee}: {self.head_name}"
