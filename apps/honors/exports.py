"""Honors for auditors."""

from django.utils.translation import gettext_lazy as _

from apps.core.exports import Export, register

from .models import Honor


@register
class HonorExport(Export):
    name = "honors"
    title = _("Honors")
    model = Honor
    columns = [
        ("id", _("ID")),
        ("title", _("title")),
        ("level", _("level")),
        ("category", _("category")),
        ("conferred_by", _("conferred by")),
        ("document_number", _("document number (文号)")),
        ("conferred_on", _("conferred on")),
        ("recipient_kind", _("recipient kind")),
        ("recipient", _("recipient")),
        ("is_published", _("published")),
    ]

    def prepare(self, queryset):
        return (
            queryset.select_related("organization", "boai_home")
            .prefetch_related("conferred_by")
            .order_by("conferred_on", "pk")
        )

    def row(self, h, *, mask):
        recipient = h.recipient_name or h.organization or h.boai_home or ""
        return [
            h.pk,
            h.title,
            h.get_level_display(),
            h.get_category_display(),
            "、".join(a.name for a in h.conferred_by.all()),
            h.document_number,
            h.conferred_on,
            h.get_recipient_kind_display(),
            str(recipient),
            h.is_published,
        ]
