from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from apps.core.forms import BboxField
from apps.core.models import District

from .models import VenueType
from .selectors import WUXI_BBOX


def district_choices():
    english = not (get_language() or "zh-hans").startswith("zh")
    return [("", _("All districts"))] + [
        (d.code, d.name_en if english else d.name) for d in District.objects.all()
    ]


class SiteFilterForm(forms.Form):
    """The finder's filters (list and map); every field optional."""

    district = forms.ChoiceField(label=_("District"), choices=district_choices, required=False)
    venue = forms.ChoiceField(
        label=_("Venue type"),
        choices=[("", _("All venue types")), *VenueType.choices],
        required=False,
    )
    open_now = forms.BooleanField(label=_("Open now"), required=False)
    all_day = forms.BooleanField(label=_("Open 24 hours"), required=False)

    def filters(self) -> dict:
        """The valid filters; an invalid field is reported and ignored, never fatal."""
        data = getattr(self, "cleaned_data", {}) if self.is_bound else {}
        return {
            "district": data.get("district", ""),
            "venue": data.get("venue", ""),
            "open_now": data.get("open_now", False),
            "all_day": data.get("all_day", False),
        }


class PageForm(forms.Form):
    page = forms.IntegerField(min_value=1, required=False)


class NearestForm(forms.Form):
    lat = forms.FloatField(
        label=_("Latitude"),
        min_value=-90,
        max_value=90,
        error_messages={
            "required": _("Give a latitude."),
            "invalid": _("The latitude must be a number of degrees, e.g. 31.5689."),
            "min_value": _("A latitude lies between -90 and 90 degrees."),
            "max_value": _("A latitude lies between -90 and 90 degrees."),
        },
    )
    lng = forms.FloatField(
        label=_("Longitude"),
        min_value=-180,
        max_value=180,
        error_messages={
            "required": _("Give a longitude."),
            "invalid": _("The longitude must be a number of degrees, e.g. 120.2994."),
            "min_value": _("A longitude lies between -180 and 180 degrees."),
            "max_value": _("A longitude lies between -180 and 180 degrees."),
        },
    )
    count = forms.IntegerField(
        label=_("How many"), min_value=1, max_value=20, required=False, initial=5
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("lat", "lng"):
            self.fields[name].widget.attrs.update({"step": "any", "inputmode": "decimal"})


class BboxForm(forms.Form):
    """?bbox=min_lng,min_lat,max_lng,max_lat (WGS-84); without one, the whole of Wuxi."""

    bbox = BboxField(required=False)

    def clean_bbox(self):
        return self.cleaned_data["bbox"] or WUXI_BBOX
