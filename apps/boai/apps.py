from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BoaiConfig(AppConfig):
    name = "apps.boai"
    label = "boai"
    verbose_name = _("Boai homes")

    def ready(self):
        from apps.core.tallies import register, register_recount

        from . import latest
        from .tallies import ACTIVITIES, HOMES

        register(ACTIVITIES)
        register(HOMES)
        latest.watch()
        register_recount(latest.refresh_homes)
