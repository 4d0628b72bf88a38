from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "danvan.insights"
    label = "insights"
    verbose_name = _("The people's situation: text analysis, hotspots, forecasts")

    def ready(self) -> None:
        from . import rules  # noqa: F401
