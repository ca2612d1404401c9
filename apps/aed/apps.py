from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AedConfig(AppConfig):
    name = "apps.aed"
    label = "aed"
    verbose_name = _("AED sites")

    def ready(self):
        from apps.core.tallies import register, register_recount

        from . import newest
        from .tallies import AEDS, STATUSES

        register(AEDS)
        register(STATUSES)
        newest.watch()
        register_recount(newest.refresh_sites)
