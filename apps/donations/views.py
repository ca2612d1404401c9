from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited

from apps.core.periods import reporting_period

from .forms import DonationFilterForm, ProjectFilterForm, ReceiptLookupForm, page_number
from .models import Donation
from .selectors import (
    aid_projects,
    alliance_totals,
    fund_balance_totals,
    fund_balances,
    fundraising_totals,
    last_disclosed_on,
    life_donation_totals,
    life_donations_by_kind,
    overseas_batches,
    received_by_fund,
    received_by_kind,
    received_by_year,
    targeted_aid_totals,
)

DONATIONS_PER_PAGE = 50
PROJECTS_PER_PAGE = 30
DISBURSEMENTS_PER_PAGE = 50
# Receipt numbers are not secret, but a lookup per receipt should not become a way to
# walk through all of them.
RECEIPT_LOOKUP_RATE = "20/m"


def index(request):
    period = reporting_period()
    return render(
        request,
        "donations/index.html",
        {
            "period": period,
            "raised": fundraising_totals(period),
            "overseas_batches": overseas_batches(period).count(),
            "alliance": alliance_totals(),
            "aid": targeted_aid_totals(period),
            "life": life_donation_totals(),
            "by_year": received_by_year(period),
            "by_fund": received_by_fund(period),
            "by_kind": received_by_kind(period),
            "life_by_kind": life_donations_by_kind(),
            "last_disclosed_on": last_disclosed_on(),
        },
    )


def donation_list(request):
    form = DonationFilterForm(request.GET)
    form.is_valid()  # invalid filters are reported and left out; the valid ones apply
    donations = form.filter(
        Donation.objects.valid().select_related("donor", "fund", "project")
    ).order_by("-received_on", "-receipt_number")
    paginator = Paginator(donations, DONATIONS_PER_PAGE)
    paginator.count = form.count()  # from the tally, not COUNT(*) over the donations
    page_obj = paginator.get_page(page_number(request.GET))
    return render(request, "donations/donation_list.html", {"form": form, "page_obj": page_obj})


def fund_list(request):
    funds = list(fund_balances().select_related("partner"))
    return render(
        request,
        "donations/fund_list.html",
        {"funds": funds, "totals": fund_balance_totals(funds)},
    )


def aid_list(request):
    form = ProjectFilterForm(request.GET)
    form.is_valid()
    projects = form.filter(aid_projects()).order_by("-started_on", "name")
    page_obj = Paginator(projects, PROJECTS_PER_PAGE).get_page(page_number(request.GET))
    return render(request, "donations/aid_list.html", {"form": form, "page_obj": page_obj})


def project_detail(request, pk):
    project = get_object_or_404(aid_projects(), pk=pk)
    disbursements = project.disbursements.order_by("-paid_on", "-voucher_number")
    paginator = Paginator(disbursements, DISBURSEMENTS_PER_PAGE)
    paginator.count = project.disbursement_count  # from the tally, not COUNT(*) of payments
    page_obj = paginator.get_page(page_number(request.GET))
    return render(
        request, "donations/project_detail.html", {"project": project, "page_obj": page_obj}
    )


def receipt_lookup(request):
    form = ReceiptLookupForm(request.GET if "number" in request.GET else None)
    donation = None
    if form.is_bound:
        # Only lookups count against the limit, not showing the empty form.
        if is_ratelimited(
            request,
            group="donations:receipt",
            key="ip",
            rate=RECEIPT_LOOKUP_RATE,
            method=ALL,
            increment=True,
        ):
            return render(
                request,
                "donations/receipt_limited.html",
                {"message": _("Too many attempts. Please wait a minute and try again.")},
                status=429,
            )
        if form.is_valid():
            donation = (
                Donation.objects.select_related("donor", "fund", "project")
                .filter(receipt_number=form.cleaned_data["number"])
                .first()
            )
    return render(
        request,
        "donations/receipt_lookup.html",
        {"form": form, "donation": donation, "searched": form.is_bound and form.is_valid()},
    )
