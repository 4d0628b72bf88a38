from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "danvan.demo"
    label = "demo"
    verbose_name = _("Demo and national data")
