from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from apps.core.admin import EMPTY, READABLE_IMAGES, HistoryAdmin, thumbnail
from apps.core.imports import SpreadsheetImportMixin
from apps.core.services import thumbnail_save

from .models import AedInspection, AedSite, Readiness
from .resources import AedSiteResource

# How many inspections the site's page shows; the full list is one link away.
RECENT_INSPECTIONS = 5

# Readiness is never told by colour alone: each state has a word and a symbol.
READINESS_SYMBOLS = {
    Readiness.READY: "✔",
    Readiness.CHECK_OVERDUE: "⚠",
    Readiness.OUT_OF_SERVICE: "✖",
}


class RecentInspectionsFormSet(BaseInlineFormSet):
    def get_queryset(self):
        if not hasattr(self, "_recent"):
            self._recent = super().get_queryset()[:RECENT_INSPECTIONS]
        return self._recent


class AedInspectionInline(admin.TabularInline):
    model = AedInspection
    formset = RecentInspectionsFormSet
    fields = [
        "inspected_on",
        "inspector",
        "result",
        "battery_expires_on",
        "pads_expire_on",
        "notes",
    ]
    ordering = ["-inspected_on", "-pk"]
    extra = 0
    verbose_name_plural = _("latest inspections")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("site")


@admin.register(AedSite)
class AedSiteAdmin(SpreadsheetImportMixin, HistoryAdmin):
    resource_classes = [AedSiteResource]
    formfield_overrides = READABLE_IMAGES
    list_display = [
        "name",
        "district",
        "venue_type",
        "status",
        "readiness",
        "last_inspected_on",
        "installed_on",
        "photo_preview",
    ]
    list_filter = ["status", "district", "venue_type", "access", "indoor"]
    list_select_related = ["district"]
    search_fields = ["name", "address", "serial_number", "keeper"]
    date_hierarchy = "installed_on"
    autocomplete_fields = ["district"]
    # The newest inspection's facts are kept from the inspections (apps.aed.newest):
    # shown, never edited here.
    readonly_fields = [
        "readiness",
        "last_inspected_on",
        "last_result",
        "battery_expires_on",
        "pads_expire_on",
        "all_inspections",
        "photo_preview",
        "created_at",
        "updated_at",
    ]
    inlines = [AedInspectionInline]
    empty_value_display = EMPTY  # a site never inspected

    @admin.display(description=_("readiness"))
    def readiness(self, obj):
        if obj.pk is None:
            return EMPTY
        state = obj.readiness()
        return format_html(
            '<span aria-hidden="true">{}</span> {}', READINESS_SYMBOLS[state], state.label
        )

    @admin.display(description=_("inspections"))
    def all_inspections(self, obj):
        if obj.pk is None:
            return EMPTY
        url = reverse("admin:aed_aedinspection_changelist")
        count = obj.inspections.count()
        return format_html(
            '<a href="{}?site__id__exact={}">{}</a>',
            url,
            obj.pk,
            ngettext("%(count)s inspection", "%(count)s inspections", count) % {"count": count},
        )

    @admin.display(description=_("photo"))
    def photo_preview(self, obj):
        return thumbnail(obj.photo, obj.photo_thumbnail)

    def save_model(self, request, obj, form, change):
        thumbnail_save(instance=obj, image_field="photo", thumbnail_field="photo_thumbnail")


@admin.register(AedInspection)
class AedInspectionAdmin(HistoryAdmin):
    list_display = [
        "site",
        "inspected_on",
        "inspector",
        "result",
        "battery_expires_on",
        "pads_expire_on",
    ]
    list_filter = ["result", "site__district"]
    list_select_related = ["site"]
    search_fields = ["site__name", "site__serial_number", "inspector"]
    date_hierarchy = "inspected_on"
    autocomplete_fields = ["site"]
    readonly_fields = ["created_at", "updated_at"]
