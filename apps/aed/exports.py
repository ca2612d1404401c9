"""AED sites for auditors, with the newest inspection."""

from django.utils.translation import gettext_lazy as _

from apps.core.exports import Export, register

from .models import AedSite


@register
class AedSiteExport(Export):
    name = "aed-sites"
    title = _("AED sites")
    model = AedSite
    columns = [
        ("serial_number", _("serial number")),
        ("name", _("place")),
        ("address", _("address")),
        ("district", _("district")),
        ("latitude", _("latitude (WGS-84)")),
        ("longitude", _("longitude (WGS-84)")),
        ("venue_type", _("venue type")),
        ("location_detail", _("location in the building")),
        ("access", _("access")),
        ("opening_hours", _("opening hours")),
        ("manufacturer", _("manufacturer")),
        ("device_model", _("device model")),
        ("installed_on", _("installed on")),
        ("status", _("status")),
        ("keeper", _("keeping unit")),
        ("last_inspected_on", _("last inspected on")),
        ("battery_expires_on", _("battery expires on")),
        ("pads_expire_on", _("pads expire on")),
    ]

    def prepare(self, queryset):
        return queryset.select_related("district").order_by("pk")

    def row(self, s, *, mask):
        # Public places: the address is not a person's, so it is never masked.
        return [
            s.serial_number,
            s.name,
            s.address,
            s.district.name,
            s.latitude,
            s.longitude,
            s.get_venue_type_display(),
            s.location_detail,
            s.get_access_display(),
            s.opening_hours,
            s.manufacturer,
            s.device_model,
            s.installed_on,
            s.get_status_display(),
            s.keeper,
            s.last_inspected_on,
            s.battery_expires_on,
            s.pads_expire_on,
        ]
