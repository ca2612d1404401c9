"""Fixtures for the admin tests: one saved record of any registered model, and staff logins."""

import itertools
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group

from apps.core.models import District
from tests import factories as f

_n = itertools.count(1)


def _honor():
    honor = f.make_honor()
    honor.conferred_by.add(f.make_authority())
    return honor


def _population():
    return f.make_population(year=2000 + next(_n) % 100)


def _training_baseline():
    # One baseline per district.
    return f.make_training_baseline(
        district=District.objects.filter(training_baseline=None).first()
    )


def _aed_site():
    return f.make_inspection().site


def _rating():
    return f.make_score(score=Decimal("18.0")).rating


def _export_log():
    from django.utils import timezone

    from apps.core.models import ExportLog

    return ExportLog.objects.create(
        dataset="donations",
        file_format="csv",
        data_as_of=timezone.now(),
        row_count=0,
        sha256="0" * 64,
    )


# One maker per registered model; a model registered without one fails the page tests.
MAKERS = {
    "auth.group": lambda: Group.objects.get(name="审计人员"),
    "core.district": f.district,
    "core.populationrecord": _population,
    "core.exportlog": _export_log,
    "organizations.organization": f.make_organization,
    "organizations.rescueoperation": f.make_operation,
    "honors.authority": f.make_authority,
    "honors.honor": _honor,
    "aed.aedsite": _aed_site,
    "aed.aedinspection": f.make_inspection,
    "training.trainingbase": f.make_training_base,
    "training.trainingsession": f.make_session,
    "training.trainee": lambda: f.make_trainee(id_number_masked="320202********0018"),
    "training.trainingbaseline": _training_baseline,
    "donations.alliancemember": f.make_alliance_member,
    "donations.fund": f.make_fund,
    "donations.project": f.make_project,
    "donations.overseasbatch": f.make_overseas_batch,
    "donations.donor": f.make_donor,
    "donations.donation": f.make_donation,
    "donations.disbursement": f.make_disbursement,
    "donations.lifedonation": f.make_life_donation,
    "boai.service": f.make_service,
    "boai.boaihome": f.make_boai_home,
    "boai.ratingcriterion": f.make_criterion,
    "boai.starrating": _rating,
    "boai.criterionscore": f.make_score,
    "boai.servicesite": f.make_service_site,
    "boai.volunteeractivity": lambda: f.make_activity(home=f.make_boai_home()),
}


@pytest.fixture
def make_record(django_user_model):
    """Return a function that saves one valid record of a registered model."""

    def make(model):
        label = model._meta.label_lower
        if model is django_user_model:
            return django_user_model.objects.create_user(f"someone{next(_n)}", password=None)
        if label not in MAKERS:
            pytest.fail(
                f"{label} is registered in the admin: add a maker to tests/admin/conftest.py"
            )
        return MAKERS[label]()

    return make
