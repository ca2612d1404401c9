from django.contrib import admin

from apps.core.admin import HistoryAdmin
from apps.core.imports import SpreadsheetImportMixin

from .models import Organization, RescueOperation
from .resources import OrganizationResource


@admin.register(Organization)
class OrganizationAdmin(SpreadsheetImportMixin, HistoryAdmin):
    resource_classes = [OrganizationResource]
    list_display = [
        "name",
        "kind",
        "district",
        "parent",
        "members",
        "is_model_school",
        "is_active",
    ]
    list_filter = ["kind", "district", "is_active", "is_model_school"]
    list_select_related = ["district", "parent"]
    search_fields = ["name", "address", "contact_name"]
    autocomplete_fields = ["district", "parent"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(RescueOperation)
class RescueOperationAdmin(HistoryAdmin):
    list_display = [
        "title",
        "team",
        "kind",
        "location",
        "started_on",
        "ended_on",
        "rescuers",
        "beneficiaries",
    ]
    list_filter = ["kind", "team__district"]
    list_select_related = ["team"]
    search_fields = ["title", "location", "team__name"]
    date_hierarchy = "started_on"
    autocomplete_fields = ["team"]
    readonly_fields = ["created_at", "updated_at"]
