from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DonationsConfig(AppConfig):
    name = "apps.donations"
    label = "donations"
    verbose_name = _("Donations and aid")

    def ready(self):
        from apps.core.tallies import register

        from .tallies import DISBURSEMENTS, DONATIONS, LIFE_DONATIONS

        register(DONATIONS)
        register(DISBURSEMENTS)
        register(LIFE_DONATIONS)
