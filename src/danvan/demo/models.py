from django.db import models
from django.utils.translation import gettext_lazy as _


class SeedRun(models.Model):
    """Marks a database that holds generated data, so every page can say so."""

    profile = models.CharField(_("profile"), max_length=20)
    finished_at = models.DateTimeField(_("finished at"), auto_now=True)
    summary = models.JSONField(_("summary"), default=dict)

    class Meta:
        verbose_name = _("seed run")
        verbose_name_plural = _("seed runs")

    def __str__(self) -> str:
        return self.profile
