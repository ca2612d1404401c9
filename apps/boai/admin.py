from django.contrib import admin
from django.db.models import OuterRef, Subquery, Sum
from django.utils.translation import gettext_lazy as _

from apps.core.admin import EMPTY, READABLE_IMAGES, HistoryAdmin, thumbnail
from apps.core.admin_exports import ExportActionsMixin
from apps.core.admin_lists import LargeTableAdmin, year_filter
from apps.core.services import thumbnail_save

from .models import (
    ActivityTally,
    BoaiHome,
    CriterionScore,
    RatingCriterion,
    Service,
    ServiceSite,
    StarRating,
    VolunteerActivity,
)


@admin.register(Service)
class ServiceAdmin(ExportActionsMixin, admin.ModelAdmin):
    list_display = ["name", "sort_order"]
    search_fields = ["name"]


@admin.register(BoaiHome)
class BoaiHomeAdmin(HistoryAdmin):
    formfield_overrides = READABLE_IMAGES
    list_display = [
        "name",
        "district",
        "community",
        "opened_year",
        "excellent_year",
        "is_active",
        "photo_preview",
    ]
    list_filter = ["district", "is_active", "opened_year", "excellent_year"]
    list_select_related = ["district"]
    search_fields = ["name", "community", "address"]
    autocomplete_fields = ["district"]
    filter_horizontal = ["services"]
    # The latest rating is kept from the ratings (apps.boai.latest): shown, never edited here.
    readonly_fields = [
        "latest_stars",
        "latest_rating_year",
        "photo_preview",
        "created_at",
        "updated_at",
    ]
    empty_value_display = EMPTY  # a home never rated

    @admin.display(description=_("photo"))
    def photo_preview(self, obj):
        return thumbnail(obj.photo, obj.photo_thumbnail)

    def save_model(self, request, obj, form, change):
        thumbnail_save(instance=obj, image_field="photo", thumbnail_field="photo_thumbnail")


@admin.register(RatingCriterion)
class RatingCriterionAdmin(ExportActionsMixin, admin.ModelAdmin):
    list_display = ["name", "code", "max_score", "sort_order"]
    search_fields = ["name", "code"]


class CriterionScoreInline(admin.TabularInline):
    model = CriterionScore
    fields = ["criterion", "score"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("criterion")


@admin.register(StarRating)
class StarRatingAdmin(HistoryAdmin):
    list_display = ["home", "year", "stars", "total_score", "reviewed_on", "reviewed_by"]
    list_filter = ["year", "stars", "home__district"]
    list_select_related = ["home"]
    search_fields = ["home__name", "reviewed_by"]
    date_hierarchy = "reviewed_on"
    autocomplete_fields = ["home"]
    readonly_fields = ["total_score", "created_at", "updated_at"]
    inlines = [CriterionScoreInline]

    def get_queryset(self, request):
        # A subquery rather than a join and GROUP BY, which would drop the model's ordering.
        total = (
            CriterionScore.objects.filter(rating=OuterRef("pk"))
            .values("rating")
            .annotate(total=Sum("score"))
            .values("total")
        )
        # The home is part of every rating's name, in lists and in autocomplete answers.
        return (
            super()
            .get_queryset(request)
            .select_related("home")
            .annotate(score_total=Subquery(total))
        )

    @admin.display(description=_("total score"), ordering="score_total")
    def total_score(self, obj):
        total = getattr(obj, "score_total", None)
        return EMPTY if total is None else total


@admin.register(CriterionScore)
class CriterionScoreAdmin(HistoryAdmin):
    list_display = ["rating", "criterion", "score"]
    list_filter = ["criterion", "rating__year"]
    list_select_related = ["rating__home", "criterion"]
    search_fields = ["rating__home__name", "criterion__name"]
    autocomplete_fields = ["rating"]


@admin.register(ServiceSite)
class ServiceSiteAdmin(HistoryAdmin):
    list_display = ["name", "kind", "district", "opened_on", "is_active"]
    list_filter = ["kind", "district", "is_active"]
    list_select_related = ["district"]
    search_fields = ["name", "address"]
    date_hierarchy = "opened_on"
    autocomplete_fields = ["district"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(VolunteerActivity)
class VolunteerActivityAdmin(LargeTableAdmin, HistoryAdmin):
    list_display = [
        "title",
        "held_on",
        "category",
        "district",
        "home",
        "volunteers",
        "beneficiaries",
    ]
    list_filter = ["category", "district", year_filter("held_on", ActivityTally)]
    list_select_related = ["district", "home"]
    search_fields = ["title", "home__name"]
    autocomplete_fields = ["district", "home"]
    readonly_fields = ["created_at", "updated_at"]
    list_per_page = 50
    show_full_result_count = False
