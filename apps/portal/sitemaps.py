from django.contrib.sitemaps import Sitemap
from django.urls import NoReverseMatch, reverse

from apps.aed.models import AedSite
from apps.boai.models import BoaiHome
from apps.core.models import District
from apps.honors.models import Honor
from apps.organizations.models import Organization

AREA_PAGES = [
    "portal:home",
    "portal:districts",
    "honors:index",
    "organizations:index",
    "aed:index",
    "training:index",
    "donations:index",
    "boai:index",
    "portal:data",
]


class PortalSitemap(Sitemap):
    """Sitemaps list each page in both languages, with links to the other."""

    i18n = True
    alternates = True
    x_default = True


class AreaPagesSitemap(PortalSitemap):
    def items(self):
        return [name for name in AREA_PAGES if _reverses(name)]

    def location(self, item):
        return reverse(item)


class DistrictSitemap(PortalSitemap):
    def items(self):
        return list(District.objects.values_list("code", flat=True))

    def location(self, item):
        return reverse("portal:district", args=[item])


class DetailSitemap(PortalSitemap):
    """Detail pages of one area's public records, by URL name."""

    url_name = ""
    queryset = None

    def items(self):
        if not _reverses(self.url_name, args=[0]):
            return []
        return self.queryset.order_by("pk").values_list("pk", flat=True)

    def location(self, item):
        return reverse(self.url_name, args=[item])


class HonorSitemap(DetailSitemap):
    url_name = "honors:detail"
    queryset = Honor.objects.published()


class OrganizationSitemap(DetailSitemap):
    url_name = "organizations:detail"
    queryset = Organization.objects.active()


class AedSitemap(DetailSitemap):
    url_name = "aed:detail"
    queryset = AedSite.objects.in_service()


class BoaiHomeSitemap(DetailSitemap):
    url_name = "boai:detail"
    queryset = BoaiHome.objects.active()


def _reverses(name, args=()):
    try:
        reverse(name, args=args)
    except NoReverseMatch:
        return False
    return True


SITEMAPS = {
    "pages": AreaPagesSitemap,
    "districts": DistrictSitemap,
    "honors": HonorSitemap,
    "organizations": OrganizationSitemap,
    "aed": AedSitemap,
    "boai": BoaiHomeSitemap,
}
