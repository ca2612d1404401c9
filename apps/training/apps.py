from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "apps.training"
    label = "training"
    verbose_name = _("First-aid training")

    def ready(self):
        from apps.core.tallies import register

        from .tallies import AWARENESS, TRAINEES

        register(TRAINEES)
        register(AWARENESS)
