"""Boai homes for auditors, and homes per district from the public selector."""

from django.utils.translation import gettext_lazy as _

from apps.core.exports import Export, register

from .models import BoaiHome
from .selectors import boai_homes_by_district


@register
class BoaiHomeExport(Export):
    name = "boai-homes"
    title = _("Boai homes")
    model = BoaiHome
    columns = [
        ("id", _("ID")),
        ("name", _("name")),
        ("district", _("district")),
        ("community", _("community")),
        ("address", _("address")),
        ("latitude", _("latitude (WGS-84)")),
        ("longitude", _("longitude (WGS-84)")),
        ("opened_year", _("opened in")),
        ("excellent_year", _("rated excellent in")),
        ("services", _("services")),
        ("is_active", _("active")),
    ]

    def prepare(self, queryset):
        return queryset.select_related("district").prefetch_related("services").order_by("pk")

    def row(self, h, *, mask):
        return [
            h.pk,
            h.name,
            h.district.name,
            h.community,
            h.address,
            h.latitude,
            h.longitude,
            h.opened_year,
            h.excellent_year,
            "、".join(s.name for s in h.services.all()),
            h.is_active,
        ]


@register
class BoaiHomesByDistrict(Export):
    permission = "boai.view_boaihome"
    name = "boai-homes-by-district"
    title = _("Boai homes by district")
    columns = [
        ("district", _("district")),
        ("homes", _("Boai homes")),
        ("excellent", _("excellent Boai homes")),
    ]

    def iter_rows(self, queryset=None, *, mask=True):
        for district in boai_homes_by_district():
            yield [district.name, district.homes, district.excellent]
