from django import forms
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from .models import OrganizationKind, OrganizationTally
from .templatetags.organization_tags import district_name


class OrganizationFilterForm(forms.Form):
    """The list's query string: a name to search for, a district and a kind, each optional."""

    q = forms.CharField(label=_("Name"), required=False, max_length=50)
    district = forms.ChoiceField(
        label=_("District"),
        required=False,
        error_messages={"invalid_choice": _("Choose a district from the list.")},
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *OrganizationKind.choices],
        error_messages={"invalid_choice": _("Choose a kind from the list.")},
    )

    def __init__(self, *args, districts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [("", _("All districts"))] + [
            (d.code, district_name(d)) for d in districts
        ]

    def filter(self, organizations):
        """`organizations` narrowed by the fields that are valid; an invalid one filters nothing."""
        data = getattr(self, "cleaned_data", {})
        if data.get("q"):
            organizations = organizations.filter(name__icontains=data["q"])
        if data.get("district"):
            organizations = organizations.filter(district__code=data["district"])
        if data.get("kind"):
            organizations = organizations.filter(kind=data["kind"])
        return organizations

    def tally_count(self) -> int | None:
        """How many active organizations `filter()` leaves, read from the tally; None when a
        name search is part of it (the tally knows no names)."""
        data = getattr(self, "cleaned_data", {})
        if data.get("q"):
            return None
        wanted = {}
        if data.get("district"):
            wanted["district__code"] = data["district"]
        if data.get("kind"):
            wanted["kind"] = data["kind"]
        rows = OrganizationTally.objects.filter(**wanted)
        return rows.aggregate(n=Sum("organizations"))["n"] or 0
