"""The figures' records as auditors' datasets: the same definitions the public downloads use.

Each figure of apps/portal/figures.py becomes a dataset named `figure-<key>` (for example
`manage.py export figure-f13 --output f13.csv`), so an auditor's file and the public
download hold the same rows and add up to the same figure.
"""

from django.utils.text import format_lazy

from apps.core.exports import Export, register
from apps.core.periods import reporting_period

from .figures import FIGURES, FigureDefinition, control_columns


class FigureExport(Export):
    figure: FigureDefinition

    def has_permission(self, user) -> bool:
        # The figure's records are public; staff see them with the view permission of
        # the records' model, as for the other datasets.
        opts = self.figure.records(reporting_period()).model._meta
        return user.has_perm(f"{opts.app_label}.view_{opts.model_name}")

    def get_queryset(self):
        return None

    def iter_rows(self, queryset=None, *, mask=True):
        # Public columns only: there is nothing personal to unmask.
        return self.figure.iter_rows(reporting_period())


for _figure in FIGURES:
    register(
        type(
            f"Figure{_figure.key.replace('.', '_')}Export",
            (FigureExport,),
            {
                "figure": _figure,
                "name": _figure.name,
                "title": format_lazy("{} {}", _figure.key, _figure.label),
                "columns": [(c.key, c.header) for c in _figure.columns],
                "money_columns": control_columns(_figure) & _figure.money_columns,
            },
        )
    )
