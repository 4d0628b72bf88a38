from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectivesConfig(AppConfig):
    name = "danvan.directives"
    label = "directives"
    verbose_name = _("Directives and their implementation")

    def ready(self) -> None:
        from . import figure_sources, rules  # noqa: F401

        figure_sources.register()
