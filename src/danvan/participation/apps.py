from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "danvan.participation"
    label = "participation"
    verbose_name = _("Participation: consultations, supervision, dialogues")

    def ready(self) -> None:
        from . import rules  # noqa: F401
