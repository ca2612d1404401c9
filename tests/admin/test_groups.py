"""Each staff group can do what its job needs in the admin, and is refused the rest."""

import re

import pytest
from django.contrib import admin
from django.urls import reverse

from apps.aed.models import AedSite, DeviceStatus
from apps.boai.models import BoaiHome
from apps.core.models import District
from apps.donations.models import Donation
from apps.honors.models import Honor
from apps.organizations.models import Organization
from apps.training.models import Trainee, TrainingSession
from tests import factories as f

EDITORS = "内容编辑"
TRAINING = "培训工作人员"
FINANCE = "财务人员"
AUDITORS = "审计人员"

AREAS = ("core", "organizations", "honors", "aed", "training", "donations", "boai")
AREA_MODELS = sorted(
    (model for model in admin.site._registry if model._meta.app_label in AREAS),
    key=lambda model: model._meta.label_lower,
)


def ids(model):
    return model._meta.label_lower


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("group", "model", "view", "status"),
    [
        (EDITORS, Honor, "add", 200),
        (EDITORS, AedSite, "add", 200),
        (EDITORS, BoaiHome, "add", 200),
        (EDITORS, Organization, "changelist", 200),
        (EDITORS, Donation, "add", 403),
        (EDITORS, Donation, "changelist", 403),
        (EDITORS, Trainee, "changelist", 403),
        (EDITORS, District, "add", 403),
        (TRAINING, TrainingSession, "add", 200),
        (TRAINING, Trainee, "add", 200),
        (TRAINING, Trainee, "changelist", 200),
        (TRAINING, Honor, "add", 403),
        (TRAINING, Donation, "changelist", 403),
        (TRAINING, AedSite, "changelist", 403),
        (FINANCE, Donation, "add", 200),
        (FINANCE, Donation, "changelist", 200),
        (FINANCE, AedSite, "changelist", 403),
        (FINANCE, Honor, "add", 403),
        (FINANCE, Trainee, "changelist", 403),
    ],
    ids=lambda value: value if isinstance(value, str | int) else value._meta.model_name,
)
def test_group_reaches_only_its_own_pages(client, login_staff, group, model, view, status):
    login_staff(group)
    assert client.get(admin_url(model, view)).status_code == status


def test_editor_sees_districts_but_cannot_change_them(client, login_staff):
    login_staff(EDITORS)
    liangxi = f.district()
    url = admin_url(District, "change", liangxi.pk)
    assert client.get(url).status_code == 200
    assert client.post(url, {"name": "改名"}).status_code == 403


def test_training_staff_cannot_delete_a_trainee(client, login_staff):
    login_staff(TRAINING)
    trainee = f.make_trainee()
    assert client.get(admin_url(Trainee, "delete", trainee.pk)).status_code == 403
    assert client.post(admin_url(Trainee, "delete", trainee.pk), {"post": "yes"}).status_code == 403
    assert Trainee.objects.filter(pk=trainee.pk).exists()


def test_finance_cannot_delete_a_donation(client, login_staff):
    login_staff(FINANCE)
    donation = f.make_donation()
    assert client.get(admin_url(Donation, "change", donation.pk)).status_code == 200
    assert client.get(admin_url(Donation, "delete", donation.pk)).status_code == 403
    assert (
        client.post(admin_url(Donation, "delete", donation.pk), {"post": "yes"}).status_code == 403
    )
    assert Donation.objects.filter(pk=donation.pk).exists()


def test_finance_records_a_donation_and_the_history_names_them(client, login_staff):
    user = login_staff(FINANCE)
    donor, fund = f.make_donor(), f.make_fund()
    response = client.post(
        admin_url(Donation, "add"),
        {
            "kind": "money",
            "donor": donor.pk,
            "received_on": "2024-03-01",
            "amount": "2000.00",
            "purpose": "general",
            "fund": fund.pk,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    # The receipt number is the system's, never typed.
    donation = Donation.objects.get(donor=donor, receipt_number="WXHS202400000001")
    assert donation.history.get().history_user == user


@pytest.mark.parametrize("model", AREA_MODELS, ids=ids)
def test_auditor_views_every_list(client, login_staff, model):
    login_staff(AUDITORS)
    assert client.get(admin_url(model, "changelist")).status_code == 200


@pytest.mark.parametrize("model", AREA_MODELS, ids=ids)
def test_auditor_cannot_add(client, login_staff, model):
    login_staff(AUDITORS)
    assert client.get(admin_url(model, "add")).status_code == 403


@pytest.mark.parametrize("model", AREA_MODELS, ids=ids)
def test_auditor_opens_a_record_but_cannot_change_or_delete_it(
    client, login_staff, make_record, model
):
    login_staff(AUDITORS)
    record = make_record(model)
    before = model.objects.filter(pk=record.pk).values().get()
    assert client.get(admin_url(model, "change", record.pk)).status_code == 200
    assert client.post(admin_url(model, "change", record.pk), {}).status_code == 403
    assert client.post(admin_url(model, "delete", record.pk), {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=record.pk).values().get() == before


def test_auditor_reads_the_history(client, login_staff):
    login_staff(AUDITORS)
    donation = f.make_donation()
    assert client.get(admin_url(Donation, "history", donation.pk)).status_code == 200


def test_auditor_cannot_manage_staff_accounts(client, login_staff):
    login_staff(AUDITORS)
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 403


def test_edit_through_the_admin_is_in_the_history_with_who_and_what(client, login_staff):
    editor = login_staff(EDITORS)
    site = f.make_aed(status=DeviceStatus.IN_SERVICE)
    url = admin_url(AedSite, "change", site.pk)
    assert client.get(url).status_code == 200
    data = f.aed_site_form(site, status=DeviceStatus.REPAIR)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    latest = site.history.first()
    assert (latest.history_type, latest.history_user) == ("~", editor)
    delta = latest.diff_against(latest.prev_record)
    assert [(c.field, c.old, c.new) for c in delta.changes if c.field == "status"] == [
        ("status", DeviceStatus.IN_SERVICE, DeviceStatus.REPAIR)
    ]

    html = client.get(admin_url(AedSite, "history", site.pk)).content.decode()
    assert editor.username in html
    change = re.escape(f"{DeviceStatus.IN_SERVICE.label}") + r"\s*&nbsp;&rarr;&nbsp;&nbsp;"
    assert re.search(change + re.escape(f"{DeviceStatus.REPAIR.label}"), html)
