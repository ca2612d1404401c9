from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"
    verbose_name = _("Reference data")

    def ready(self):
        from django.conf import settings
        from PIL import Image

        from . import signals  # noqa: F401  (logs every login and failed login)

        # Pillow refuses (not only warns about) pictures above twice this many pixels;
        # apps/core/images.py treats its warning as an error too.
        Image.MAX_IMAGE_PIXELS = settings.IMAGE_UPLOAD_MAX_PIXELS

        from . import changes, pagecache

        pagecache.watch_models()
        changes.watch_models()
        post_migrate.connect(changes.fill_missing, sender=self, dispatch_uid="changes:fill")
