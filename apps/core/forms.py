"""Form fields of the public filters."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ListedChoiceIterator(forms.models.ModelChoiceIterator):
    """The choices read in one plain query. Django's reads them through
    `queryset.iterator()`, which on PostgreSQL opens a server-side cursor (outside a
    transaction, DECLARE ... WITH HOLD, which the server materialises): several
    milliseconds on every page with the filter, for a dozen funds."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class SmallModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField over a small table (its choices read without a cursor)."""

    iterator = ListedChoiceIterator


class BboxField(forms.CharField):
    """?bbox=min_lng,min_lat,max_lng,max_lat (WGS-84), as in the OGC and OSM APIs, for the
    maps' GeoJSON: cleaned to a tuple of four floats (None when optional and not given)."""

    default_error_messages = {
        "required": _("Give a bbox: min_lng,min_lat,max_lng,max_lat."),
        "format": _("bbox takes four numbers: min_lng,min_lat,max_lng,max_lat."),
        "range": _("bbox lies outside the range of longitudes and latitudes."),
        "order": _("bbox minimums must not exceed its maximums."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        parts = text.split(",")
        try:
            if len(parts) != 4:
                raise ValueError
            min_lng, min_lat, max_lng, max_lat = (float(p) for p in parts)
        except ValueError:
            raise forms.ValidationError(self.error_messages["format"], code="format") from None
        # NaN fails these comparisons too
        if not all(-180 <= v <= 180 for v in (min_lng, max_lng)) or not all(
            -90 <= v <= 90 for v in (min_lat, max_lat)
        ):
            raise forms.ValidationError(self.error_messages["range"], code="range")
        if min_lng > max_lng or min_lat > max_lat:
            raise forms.ValidationError(self.error_messages["order"], code="order")
        return (min_lng, min_lat, max_lng, max_lat)
