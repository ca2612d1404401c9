from datetime import date

from django import forms
from django.db.models import Max, Min
from django.utils.translation import gettext_lazy as _

from apps.core.forms import SmallModelChoiceField
from apps.core.tallies import tally_totals

from .models import AidRegion, Donation, DonationKind, Fund, ProjectKind
from .tallies import DONATIONS


class PageForm(forms.Form):
    """The page number of a paginated list; anything else is page 1 (Paginator.get_page)."""

    page = forms.IntegerField(required=False, min_value=1, max_value=10**9)


def page_number(data) -> int:
    form = PageForm(data)
    return (form.cleaned_data["page"] or 1) if form.is_valid() else 1


class DonationFilterForm(forms.Form):
    """Filters of the list of donations received: year, fund, kind."""

    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    fund = SmallModelChoiceField(
        label=_("Fund"),
        queryset=Fund.objects.order_by("kind", "code"),
        to_field_name="code",
        required=False,
        empty_label=_("All funds"),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("Money and goods")), *DonationKind.choices],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The years from the first to the last donation on record: MIN and MAX read the index.
        span = Donation.objects.order_by().aggregate(
            first=Min("received_on"), last=Max("received_on")
        )
        years = range(span["last"].year, span["first"].year - 1, -1) if span["first"] else []
        self.fields["year"].choices = [("", _("All years")), *((y, y) for y in years)]

    def filter(self, donations):
        """The donations narrowed by the valid filters (call after is_valid())."""
        data = getattr(self, "cleaned_data", {})
        if data.get("year"):
            donations = donations.for_year(data["year"])
        if data.get("fund"):
            donations = donations.filter(fund=data["fund"])
        if data.get("kind"):
            donations = donations.filter(kind=data["kind"])
        return donations

    def count(self) -> int:
        """How many valid donations `filter()` leaves, read from the tally (call after is_valid())."""
        data = getattr(self, "cleaned_data", {})
        start = end = None
        if data.get("year"):
            start, end = date(data["year"], 1, 1), date(data["year"], 12, 31)
        wanted = {}
        if data.get("fund"):
            wanted["fund"] = data["fund"]
        if data.get("kind"):
            wanted["kind"] = data["kind"]
        return tally_totals(DONATIONS, start, end, filters=wanted, tally_filters=wanted)[
            "donations"
        ]


class ProjectFilterForm(forms.Form):
    """Filters of the list of aid projects: kind and region."""

    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *ProjectKind.choices],
    )
    region = forms.ChoiceField(
        label=_("Region"),
        required=False,
        choices=[("", _("All regions")), *AidRegion.choices],
    )

    def filter(self, projects):
        data = getattr(self, "cleaned_data", {})
        if data.get("kind"):
            projects = projects.filter(kind=data["kind"])
        if data.get("region"):
            projects = projects.filter(region=data["region"])
        return projects


class ReceiptLookupForm(forms.Form):
    """A receipt number as printed on the donation receipt."""

    number = forms.CharField(
        label=_("Receipt number"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
