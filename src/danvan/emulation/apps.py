from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmulationConfig(AppConfig):
    name = "danvan.emulation"
    label = "emulation"
    verbose_name = _("Emulation and awards")

    def ready(self) -> None:
        from . import figure_sources

        figure_sources.register()
