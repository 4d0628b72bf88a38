from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "danvan.cases"
    label = "cases"
    verbose_name = _("Citizen cases")

    def ready(self) -> None:
        from danvan.accounts.services import on_assignment_end

        from .services.assignments import release_on_assignment_end

        on_assignment_end(release_on_assignment_end)

        from . import figure_sources

        figure_sources.register()
