"""Admin for the reference data, and the pieces every area's admin shares."""

from django.contrib import admin
from django.db import models
from django.db.models import ManyToManyField
from django.utils.html import format_html
from django.utils.text import capfirst
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

# Importing admin_exports also registers the export log's admin.
from .admin_exports import ExportActionsMixin
from .fields import ImageUploadFormField
from .models import District, PopulationRecord

EMPTY = "—"


def thumbnail(image, small=None, *, width=80):
    """A small <img> of an uploaded photo or scan, linked to the full image; a dash when empty.

    `small` is the thumbnail made at upload; without one the full image is scaled down.
    """
    if not image:
        return EMPTY
    return format_html(
        '<a href="{}"><img src="{}" width="{}" alt="{}" loading="lazy"></a>',
        image.url,
        (small or image).url,
        width,
        capfirst(image.field.verbose_name),
    )


# For the admins whose images get thumbnails (`formfield_overrides`).
READABLE_IMAGES = {models.ImageField: {"form_class": ImageUploadFormField}}


class ReadableHistoryHelper(HistoricalRecordContextHelper):
    """Shows a changed choice by its label ("under repair"), not its stored code."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if field.choices and not isinstance(field, ManyToManyField):
            return dict(field.flatchoices).get(value, value)
        return super().prepare_delta_change_value(change, value)


class HistoryAdmin(ExportActionsMixin, SimpleHistoryAdmin):
    """Base for every model with history: who changed what, and when, on the history page.

    The list of changes covers editable fields only, so values kept out of forms (the
    trainee's ID number digest, timestamps) never show there. The changelist offers
    "Export CSV" and "Export XLSX" to whoever may view it (apps/core/admin_exports.py).
    """

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableHistoryHelper(self.model, historical_record)


@admin.register(District)
class DistrictAdmin(ExportActionsMixin, admin.ModelAdmin):
    list_display = ["name", "name_en", "code", "kind", "sort_order"]
    list_filter = ["kind"]
    search_fields = ["name", "name_en", "code"]


@admin.register(PopulationRecord)
class PopulationRecordAdmin(HistoryAdmin):
    list_display = ["district", "year", "registered_population", "source", "updated_at"]
    list_filter = ["year", "district"]
    list_select_related = ["district"]
    search_fields = ["district__name", "source"]
    autocomplete_fields = ["district"]
    readonly_fields = ["created_at", "updated_at"]
