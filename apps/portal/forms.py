from django import forms
from django.utils.translation import gettext_lazy as _


class SearchForm(forms.Form):
    # Two characters at least: names are looked up by their character pairs (apps/core/
    # bigram.py); one character would read every name of every area.
    q = forms.CharField(label=_("Search"), max_length=60, min_length=2, strip=True)
