from django.contrib import admin

from apps.core.admin import HistoryAdmin

from .models import (
    AllianceMember,
    Disbursement,
    Donation,
    Donor,
    Fund,
    LifeDonation,
    OverseasBatch,
    Project,
)


@admin.register(AllianceMember)
class AllianceMemberAdmin(HistoryAdmin):
    list_display = ["name", "joined_on", "district"]
    list_filter = ["district"]
    list_select_related = ["district"]
    search_fields = ["name"]
    date_hierarchy = "joined_on"
    autocomplete_fields = ["district"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(Fund)
class FundAdmin(HistoryAdmin):
    list_display = ["name", "code", "kind", "partner", "established_on"]
    list_filter = ["kind"]
    list_select_related = ["partner"]
    search_fields = ["name", "code"]
    date_hierarchy = "established_on"
    readonly_fields = ["created_at", "updated_at"]


@admin.register(Project)
class ProjectAdmin(HistoryAdmin):
    list_display = ["name", "kind", "region", "fund", "started_on"]
    list_filter = ["kind", "region", "fund__kind"]
    list_select_related = ["fund"]
    search_fields = ["name", "fund__name"]
    date_hierarchy = "started_on"
    autocomplete_fields = ["fund"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(OverseasBatch)
class OverseasBatchAdmin(HistoryAdmin):
    list_display = ["reference", "origin", "arrived_on", "customs_declaration", "description"]
    list_filter = ["origin"]
    search_fields = ["reference", "origin", "customs_declaration", "description"]
    date_hierarchy = "arrived_on"
    readonly_fields = ["created_at", "updated_at"]


@admin.register(Donor)
class DonorAdmin(HistoryAdmin):
    list_display = ["name", "kind", "district"]
    list_filter = ["kind", "district"]
    list_select_related = ["district"]
    search_fields = ["name", "=phone"]
    autocomplete_fields = ["district"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(Donation)
class DonationAdmin(HistoryAdmin):
    list_display = [
        "receipt_number",
        "received_on",
        "donor",
        "is_anonymous",
        "kind",
        "amount",
        "fund",
        "purpose",
        "status",
    ]
    list_filter = ["status", "kind", "purpose", "is_anonymous", "fund__kind"]
    list_select_related = ["donor", "fund"]
    # Exact match on the receipt number keeps the search on its unique index.
    search_fields = ["=receipt_number", "donor__name"]
    date_hierarchy = "received_on"
    autocomplete_fields = ["donor", "fund", "project", "overseas_batch"]
    readonly_fields = ["created_at", "updated_at"]
    list_per_page = 50
    show_full_result_count = False


@admin.register(Disbursement)
class DisbursementAdmin(HistoryAdmin):
    list_display = ["voucher_number", "paid_on", "project", "amount", "beneficiaries"]
    list_filter = ["project__kind", "project__region"]
    list_select_related = ["project"]
    search_fields = ["=voucher_number", "project__name", "description"]
    date_hierarchy = "paid_on"
    autocomplete_fields = ["project"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(LifeDonation)
class LifeDonationAdmin(HistoryAdmin):
    list_display = ["case_number", "kind", "donated_on", "district", "recipients"]
    list_filter = ["kind", "district"]
    list_select_related = ["district"]
    search_fields = ["=case_number"]
    date_hierarchy = "donated_on"
    autocomplete_fields = ["district"]
    readonly_fields = ["created_at", "updated_at"]
