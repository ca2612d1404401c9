from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from apps.core.admin import HistoryAdmin
from apps.core.admin_lists import LargeTableAdmin, year_filter

from .imports import DonationImportMixin
from .models import (
    AllianceMember,
    Disbursement,
    Donation,
    DonationStatus,
    DonationTally,
    Donor,
    Fund,
    LifeDonation,
    OverseasBatch,
    Project,
)
from .numerals import amount_in_capitals
from .selectors import disclosure_windows, reconciliation
from .services import disclosure_mark, donation_record, donation_void, fund_disburse


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


class ServiceRefusalMixin:
    """Shows a service's refusal (ValidationError raised in save_model) as a form error.

    The refused save is rolled back with the admin's transaction, and the form is shown
    again with the service's message on the field it names: never a server error.
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as refusal:
            if request.method != "POST" or hasattr(request, "_service_refusal"):
                raise
            request._service_refusal = refusal
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        refusal = getattr(request, "_service_refusal", None)
        if refusal is None:
            return form_class

        class RefusedForm(form_class):
            def clean(self):
                cleaned_data = super().clean()
                errors = (
                    refusal.error_dict
                    if hasattr(refusal, "error_dict")
                    else {NON_FIELD_ERRORS: refusal.error_list}
                )
                for field, field_errors in errors.items():
                    self.add_error(field if field in self.fields else None, field_errors)
                return cleaned_data

        return RefusedForm


def disclosure_filter(kind: str, date_field: str):
    """A list filter on the disclosure clock of receipts ("donation") or payments."""

    class DisclosureFilter(admin.SimpleListFilter):
        title = _("disclosure")
        parameter_name = "disclosure"

        def lookups(self, request, model_admin):
            return [
                ("overdue", _("overdue")),
                ("due_soon", _("due within 7 days")),
                ("disclosed", _("disclosed")),
            ]

        def queryset(self, request, queryset):
            if self.value() == "disclosed":
                return queryset.filter(disclosed_on__isnull=False)
            window = disclosure_windows(timezone.localdate(), kind)
            pending = queryset.filter(disclosed_on__isnull=True)
            if kind == "donation":
                pending = pending.filter(status=DonationStatus.ISSUED)
            if self.value() == "overdue":
                return pending.filter(**{f"{date_field}__lte": window["overdue_before"]})
            if self.value() == "due_soon":
                return pending.filter(
                    **{
                        f"{date_field}__gt": window["overdue_before"],
                        f"{date_field}__lte": window["due_soon_until"],
                    }
                )
            return queryset

    return DisclosureFilter


@admin.action(description=_("Mark disclosed today"), permissions=["change"])
def mark_disclosed_today(modeladmin, request, queryset):
    count = disclosure_mark(queryset=queryset, on=timezone.localdate(), user=request.user)
    modeladmin.message_user(
        request,
        ngettext(
            "%(count)d record marked disclosed today.",
            "%(count)d records marked disclosed today.",
            count,
        )
        % {"count": count},
        messages.SUCCESS,
    )


class VoidForm(forms.Form):
    reason = forms.CharField(
        label=_("reason for voiding"),
        max_length=Donation._meta.get_field("void_reason").max_length,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Give the reason for voiding the receipt."))
        return reason


# What an issued receipt fixes: correcting any of it means voiding and reissuing.
RECEIPT_FIELDS = [
    "donor",
    "kind",
    "received_on",
    "amount",
    "goods_description",
    "goods_quantity",
    "goods_unit",
    "purpose",
    "fund",
    "project",
    "overseas_batch",
    "is_anonymous",
]


@admin.register(Donation)
class DonationAdmin(LargeTableAdmin, DonationImportMixin, ServiceRefusalMixin, HistoryAdmin):
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
        "disclosed_on",
    ]
    list_filter = [
        "status",
        disclosure_filter("donation", "received_on"),
        "kind",
        "purpose",
        "is_anonymous",
        "fund__kind",
        year_filter("received_on", DonationTally),
    ]
    list_select_related = ["donor", "fund"]
    # Exact match on the receipt number keeps the search on its unique index.
    search_fields = ["=receipt_number", "donor__name"]
    autocomplete_fields = ["donor", "fund", "project", "overseas_batch"]
    readonly_fields = ["created_at", "updated_at"]
    list_per_page = 50
    show_full_result_count = False
    actions = ["void_with_reason", mark_disclosed_today]

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj), "receipt_number", "status"]
        if obj is None:
            return [*fields, "void_reason"]
        # A receipt once issued is locked; a mistake is voided and reissued.
        return [*fields, "void_reason", *RECEIPT_FIELDS]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        data = {field: form.cleaned_data.get(field) for field in RECEIPT_FIELDS}
        data["goods_description"] = data["goods_description"] or ""
        data["goods_unit"] = data["goods_unit"] or ""
        donation = donation_record(
            **data, disclosed_on=form.cleaned_data.get("disclosed_on"), user=request.user
        )
        obj.pk = donation.pk
        obj.receipt_number = donation.receipt_number
        obj.created_at, obj.updated_at = donation.created_at, donation.updated_at
        obj._state.adding = False

    @admin.action(description=_("Void with reason"), permissions=["change"])
    def void_with_reason(self, request, queryset):
        issued = queryset.filter(status=DonationStatus.ISSUED).order_by("receipt_number")
        form = VoidForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            count = 0
            for donation in issued:
                donation_void(
                    donation=donation, reason=form.cleaned_data["reason"], user=request.user
                )
                count += 1
            self.message_user(
                request,
                ngettext("%(count)d receipt voided.", "%(count)d receipts voided.", count)
                % {"count": count},
                messages.SUCCESS,
            )
            return None
        if not issued.exists():
            self.message_user(
                request, _("None of the selected receipts is issued."), messages.WARNING
            )
            return None
        return TemplateResponse(
            request,
            "admin/donations/donation/void.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Void receipts"),
                "opts": self.model._meta,
                "form": form,
                "donations": list(issued.select_related("donor", "fund")),
                "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )

    def get_urls(self):
        return [
            path(
                "<path:object_id>/receipt/",
                self.admin_site.admin_view(self.receipt_view),
                name="donations_donation_receipt",
            ),
            *super().get_urls(),
        ]

    def receipt_view(self, request, object_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        donation = self.get_object(request, object_id)
        if donation is None:
            raise Http404(_("No such donation."))
        return TemplateResponse(
            request,
            "admin/donations/donation/receipt.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Receipt %(number)s") % {"number": donation.receipt_number},
                "opts": self.model._meta,
                "original": donation,
                "donation": donation,
                "in_capitals": amount_in_capitals(donation.amount),
                "is_voided": donation.status == DonationStatus.VOIDED,
            },
        )


@admin.register(Disbursement)
class DisbursementAdmin(ServiceRefusalMixin, HistoryAdmin):
    list_display = [
        "voucher_number",
        "paid_on",
        "project",
        "amount",
        "beneficiaries",
        "disclosed_on",
    ]
    list_filter = [disclosure_filter("disbursement", "paid_on"), "project__kind", "project__region"]
    list_select_related = ["project"]
    search_fields = ["=voucher_number", "project__name", "description"]
    date_hierarchy = "paid_on"
    autocomplete_fields = ["project"]
    readonly_fields = ["created_at", "updated_at"]
    actions = [mark_disclosed_today]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            # A payment made stays as made: changing its amount or project could overdraw.
            fields += ["project", "amount"]
        return fields

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        data = form.cleaned_data
        disbursement = fund_disburse(
            project=data["project"],
            amount=data["amount"],
            paid_on=data["paid_on"],
            beneficiaries=data["beneficiaries"],
            voucher_number=data["voucher_number"],
            description=data.get("description") or "",
            disclosed_on=data.get("disclosed_on"),
            user=request.user,
        )
        obj.pk = disbursement.pk
        obj.created_at, obj.updated_at = disbursement.created_at, disbursement.updated_at
        obj._state.adding = False


def reconciliation_view(request):
    """Received - disbursed = balance, per fund and year, and what does not add up."""
    if not request.user.has_perm("donations.view_donation"):
        raise PermissionDenied
    return TemplateResponse(
        request,
        "admin/donations/reconciliation.html",
        {
            **admin.site.each_context(request),
            "title": _("Reconciliation of funds"),
            "app_label": "donations",
            **reconciliation(),
        },
    )


@admin.register(LifeDonation)
class LifeDonationAdmin(HistoryAdmin):
    list_display = ["case_number", "kind", "donated_on", "district", "recipients"]
    list_filter = ["kind", "district"]
    list_select_related = ["district"]
    search_fields = ["=case_number"]
    date_hierarchy = "donated_on"
    autocomplete_fields = ["district"]
    readonly_fields = ["created_at", "updated_at"]
