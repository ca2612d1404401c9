from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from apps.core.periods import reporting_period

from .forms import HonorFilterForm
from .selectors import honor_years, honors_counted, national_pilot_schools, published_honors

PER_PAGE = 20


@require_safe
def index(request):
    """The timeline of published honors, newest first, filtered by the query string."""
    form = HonorFilterForm(request.GET or None, years=honor_years())
    invalid = form.is_bound and not form.is_valid()
    page_obj = Paginator(form.filter(published_honors()), PER_PAGE).get_page(
        request.GET.get("page")
    )
    period = reporting_period()
    context = {
        "form": form,
        "page_obj": page_obj,
        "period": period,
        "honors_counted": honors_counted(period).count(),
        "pilot_schools": national_pilot_schools().count(),
    }
    return render(request, "honors/index.html", context, status=400 if invalid else 200)


@require_safe
def detail(request, pk):
    """One published honor with its evidence; an unpublished one does not exist for the public."""
    honor = get_object_or_404(published_honors(), pk=pk)
    return render(request, "honors/detail.html", {"honor": honor})
