from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from apps.core.admin import EMPTY, READABLE_IMAGES, HistoryAdmin, thumbnail
from apps.core.admin_exports import ExportActionsMixin
from apps.core.services import thumbnail_save

from .models import Authority, Honor


@admin.register(Authority)
class AuthorityAdmin(ExportActionsMixin, admin.ModelAdmin):
    list_display = ["name", "level"]
    list_filter = ["level"]
    search_fields = ["name"]


@admin.register(Honor)
class HonorAdmin(HistoryAdmin):
    formfield_overrides = READABLE_IMAGES
    list_display = [
        "title",
        "level",
        "category",
        "conferred_on",
        "recipient",
        "conferring_bodies",
        "is_featured",
        "is_published",
        "scan_preview",
    ]
    list_filter = ["level", "category", "recipient_kind", "is_published", "is_featured"]
    list_select_related = ["organization", "boai_home"]
    search_fields = [
        "title",
        "document_number",
        "recipient_name",
        "organization__name",
        "boai_home__name",
    ]
    date_hierarchy = "conferred_on"
    autocomplete_fields = ["conferred_by", "organization", "boai_home"]
    readonly_fields = ["scan_preview", "created_at", "updated_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("conferred_by")

    @admin.display(description=_("recipient"))
    def recipient(self, obj):
        return obj.recipient_display or EMPTY

    @admin.display(description=_("conferred by"))
    def conferring_bodies(self, obj):
        return ", ".join(str(body) for body in obj.conferred_by.all()) or EMPTY

    @admin.display(description=_("certificate scan"))
    def scan_preview(self, obj):
        return thumbnail(obj.scan, obj.scan_thumbnail)

    def save_model(self, request, obj, form, change):
        thumbnail_save(instance=obj, image_field="scan", thumbnail_field="scan_thumbnail")
