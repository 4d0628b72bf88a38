from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from danvan.org.models import OrganizationKind
from danvan.org.models.organizations import OrganizationLevel

from .fields import CaseField


class RoutingRule(models.Model):
    """Which body handles a matter: by the level of the place and, optionally, its field and
    kind. The most specific rule in force wins; ties go to the lowest priority number."""

    level = models.CharField(
        _("level of the place"), max_length=10, choices=OrganizationLevel.choices
    )
    field = models.ForeignKey(
        CaseField, verbose_name=_("field"), null=True, blank=True, on_delete=models.CASCADE
    )
    case_kind = models.CharField(_("kind of matter"), max_length=20, blank=True)
    organization_kind = models.CharField(
        _("handled by"), max_length=20, choices=OrganizationKind.choices
    )
    priority = models.PositiveSmallIntegerField(_("priority"), default=100)
    active = models.BooleanField(_("in use"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["priority", "id"]

    def __str__(self) -> str:
        return f"{self.get_level_display()} → {self.get_organization_kind_display()}"
