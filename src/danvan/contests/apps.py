from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContestsConfig(AppConfig):
    name = "danvan.contests"
    label = "contests"
    verbose_name = _("“Dân vận khéo” contests")

    def ready(self) -> None:
        from . import figure_sources

        figure_sources.register()
