from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import index as sitemap_index
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from apps.core.views import healthz
from apps.donations.admin import reconciliation_view
from apps.portal.sitemaps import SITEMAPS

admin.site.site_header = _("Wuxi Red Cross Society · staff")
admin.site.site_title = _("Wuxi Red Cross Society")
admin.site.index_title = _("Records")

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sitemap.xml", sitemap_index, {"sitemaps": SITEMAPS}, name="sitemap-index"),
    path(
        "sitemap-<section>.xml",
        sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path(
        f"{settings.ADMIN_URL}donations/reconciliation/",
        admin.site.admin_view(reconciliation_view),
        name="donations-reconciliation",
    ),
    path(settings.ADMIN_URL, admin.site.urls),
]
urlpatterns += i18n_patterns(
    path("", include("apps.portal.urls")),
    path("honors/", include("apps.honors.urls")),
    path("organizations/", include("apps.organizations.urls")),
    path("aed/", include("apps.aed.urls")),
    path("training/", include("apps.training.urls")),
    path("donations/", include("apps.donations.urls")),
    path("boai/", include("apps.boai.urls")),
    prefix_default_language=False,
)
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
