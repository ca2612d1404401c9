from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from apps.core.admin import EMPTY, HistoryAdmin, thumbnail

from .models import Authority, Honor


@admin.register(Authority)
class AuthorityAdmin(admin.ModelAdmin):
    list_display = ["name", "level"]
    list_filter = ["level"]
    search_fields = ["name"]


@admin.register(Honor)
class HonorAdmin(HistoryAdmin):
    list_display = [
        "title",
        "level",
        "category",
        "conferred_on",
        "recipient",
        "conferring_bodies",
        "is_featured",
        "is_published",
        "scan_thumbnail",
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
    readonly_fields = ["scan_thumbnail", "created_at", "updated_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("conferred_by")

    @admin.display(description=_("recipient"))
    def recipient(self, obj):
        return obj.recipient_display or EMPTY

    @admin.display(description=_("conferred by"))
    def conferring_bodies(self, obj):
        return ", ".join(str(body) for body in obj.conferred_by.all()) or EMPTY

    @admin.display(description=_("certificate scan"))
    def scan_thumbnail(self, obj):
        return thumbnail(obj.scan)
