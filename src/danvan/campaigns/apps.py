from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "danvan.campaigns"
    label = "campaigns"
    verbose_name = _("Campaigns, funds and households supported")

    def ready(self) -> None:
        from . import figures_campaigns, figures_funds, figures_teams, rules  # noqa: F401
