from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "apps.portal"
    label = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from apps.core.tallies import register_recount

        from . import snapshot

        snapshot.watch_models()
        register_recount(snapshot.refresh)
