from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from apps.core.periods import reporting_period

from .forms import CertificateCheckForm
from .selectors import (
    certificate_check,
    coverage_from_districts,
    trainees_by_year,
    training_base_counts,
    training_bases,
    training_coverage_by_district,
    upcoming_public_sessions,
)

# Attempts per client and minute: enough for a person mistyping, too few to enumerate numbers.
CERTIFICATE_CHECK_RATE = "20/m"


def index(request):
    period = reporting_period()
    by_district = training_coverage_by_district(period)
    return render(
        request,
        "training/index.html",
        {
            "period": period,
            "as_of": timezone.localtime(),
            "coverage": coverage_from_districts(by_district),
            "bases_count": training_base_counts(),
            "by_year": trainees_by_year(period),
            "by_district": by_district,
            "bases": training_bases(),
            "sessions": upcoming_public_sessions(timezone.now()),
        },
    )


@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate=CERTIFICATE_CHECK_RATE, method="POST", block=False)
def certificate(request):
    """Check a first-aid certificate by number and name.

    POST, not GET: a name and a certificate number are personal data and must not end
    up in URLs, server logs, browser history or Referer headers; CSRF protection also
    stops other sites from spending a visitor's attempts. Only POSTs count towards the
    throttle, since the empty form reveals nothing.
    """
    status = expires_on = None
    if request.method == "POST":
        if getattr(request, "limited", False):
            return render(
                request,
                "training/certificate.html",
                {"form": CertificateCheckForm(), "limited": True},
                status=429,
            )
        form = CertificateCheckForm(request.POST)
        if form.is_valid():
            status, expires_on = certificate_check(
                number=form.cleaned_data["certificate_number"],
                name=form.cleaned_data["name"],
                today=timezone.localdate(),
            )
    else:
        form = CertificateCheckForm()
    return render(
        request,
        "training/certificate.html",
        {"form": form, "status": status, "expires_on": expires_on, "limited": False},
    )
