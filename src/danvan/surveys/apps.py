from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "danvan.surveys"
    label = "surveys"
    verbose_name = _("Surveys and the satisfaction index")

    def ready(self) -> None:
        from . import figure_sources, rules  # noqa: F401

        figure_sources.register()
