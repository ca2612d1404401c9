"""Form fields of the public filters."""

from django import forms


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
