"""Grassroots organizations for auditors; the contact person's phone is personal data."""

from django.utils.translation import gettext_lazy as _

from apps.core.exports import Export, mask_phone, register

from .models import Organization


@register
class OrganizationExport(Export):
    name = "organizations"
    title = _("Organizations")
    model = Organization
    columns = [
        ("id", _("ID")),
        ("name", _("name")),
        ("kind", _("kind")),
        ("district", _("district")),
        ("parent", _("parent organization")),
        ("address", _("address")),
        ("founded_on", _("founded on")),
        ("is_model_school", _("Jiangsu Red Cross model school")),
        ("members", _("members")),
        ("contact_name", _("contact person")),
        ("contact_phone", _("contact phone")),
        ("is_active", _("active")),
    ]
    personal_columns = frozenset({"contact_phone"})

    def prepare(self, queryset):
        return queryset.select_related("district", "parent").order_by("pk")

    def row(self, o, *, mask):
        return [
            o.pk,
            o.name,
            o.get_kind_display(),
            o.district.name,
            o.parent.name if o.parent else "",
            o.address,
            o.founded_on,
            o.is_model_school,
            o.members,
            o.contact_name,
            mask_phone(o.contact_phone) if mask else o.contact_phone,
            o.is_active,
        ]
