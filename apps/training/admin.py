import re

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.admin import HistoryAdmin
from apps.core.admin_lists import LargeTableAdmin, year_filter
from apps.core.pii import id_number_digest

from .imports import RosterImportMixin
from .models import Trainee, TraineeTally, TrainingBase, TrainingBaseline, TrainingSession
from .resources import TraineeResource

# A resident ID number: 17 digits and a check character, or the old 15 digits.
ID_NUMBER = re.compile(r"\d{17}[\dXx]|\d{15}")


@admin.register(TrainingBase)
class TrainingBaseAdmin(HistoryAdmin):
    list_display = ["name", "district", "model_rating", "rated_on", "capacity", "is_active"]
    list_filter = ["model_rating", "district", "is_active"]
    list_select_related = ["district"]
    search_fields = ["name", "address"]
    autocomplete_fields = ["district"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(TrainingSession)
class TrainingSessionAdmin(HistoryAdmin):
    list_display = [
        "title",
        "kind",
        "starts_at",
        "district",
        "base",
        "instructor",
        "headcount",
        "is_open_to_public",
    ]
    list_filter = ["kind", "district", "is_open_to_public"]
    list_select_related = ["district", "base"]
    search_fields = ["title", "place", "instructor", "base__name"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["district", "base"]
    readonly_fields = ["created_at", "updated_at"]


class CertificateValidityFilter(admin.SimpleListFilter):
    title = _("certificate")
    parameter_name = "certificate"

    def lookups(self, request, model_admin):
        return [("valid", _("valid today")), ("expired", _("expired"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "valid":
            return queryset.valid_on(today)
        if self.value() == "expired":
            return queryset.filter(expires_on__lt=today)
        return queryset


@admin.register(Trainee)
class TraineeAdmin(LargeTableAdmin, RosterImportMixin, HistoryAdmin):
    """Certified trainees. The ID number shows only masked; its digest never shows.

    A certified session's roster is imported from a spreadsheet (`TraineeResource`).
    """

    resource_classes = [TraineeResource]

    list_display = [
        "certificate_number",
        "name",
        "id_number_masked",
        "session",
        "issued_on",
        "expires_on",
    ]
    list_filter = [
        CertificateValidityFilter,
        "session__district",
        year_filter("issued_on", TraineeTally),
    ]
    list_select_related = ["session"]
    # Exact match on the certificate number: the table holds every trainee since the period began.
    search_fields = ["=certificate_number", "name"]
    autocomplete_fields = ["session"]
    fields = [
        "session",
        "name",
        "id_number_masked",
        "phone",
        "certificate_number",
        "issued_on",
        "expires_on",
        "created_at",
        "updated_at",
    ]
    # The masked form is written with the digest when a roster is imported; typing
    # into it could store a whole ID number (it is 18 characters long).
    readonly_fields = ["id_number_masked", "created_at", "updated_at"]
    list_per_page = 50
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        """A whole ID number typed into the search finds the person by its keyed digest;
        the number itself is never stored or compared."""
        term = search_term.strip()
        if ID_NUMBER.fullmatch(term):
            return queryset.filter(id_number_digest=id_number_digest(term)), False
        return super().get_search_results(request, queryset, search_term)


@admin.register(TrainingBaseline)
class TrainingBaselineAdmin(HistoryAdmin):
    list_display = ["district", "as_of", "people_trained", "source"]
    list_select_related = ["district"]
    search_fields = ["district__name", "source"]
    autocomplete_fields = ["district"]
    readonly_fields = ["created_at", "updated_at"]
