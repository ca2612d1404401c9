"""The permission matrix: for every staff group, every model in the admin and every action,
the answer the job needs, checked through the permission API and real admin requests.

Letters: v view, a add, c change, d delete, e export (the changelist's CSV/XLSX actions).
Editors keep the public content; training staff the training records and the population
they are measured against; finance staff the ledger, where nothing is ever deleted (a
receipt is voided, not removed); auditors read and export everything of the areas and
change nothing. Staff accounts and groups are the superuser's alone; the export log is
evidence, readable by every group and writable by nobody.
"""

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.urls import reverse

EDITORS = "内容编辑"
TRAINING = "培训工作人员"
FINANCE = "财务人员"
AUDITORS = "审计人员"
GROUPS = (EDITORS, TRAINING, FINANCE, AUDITORS)

# model                           editors   training  finance   auditors
MATRIX = {
    "auth.group":                 ("",      "",       "",       ""),
    "auth.user":                  ("",      "",       "",       ""),
    "core.district":              ("ve",    "ve",     "ve",     "ve"),
    "core.populationrecord":      ("",      "vace",   "",       "ve"),
    "core.exportlog":             ("v",     "v",      "v",      "v"),
    "honors.authority":           ("vacde", "",       "",       "ve"),
    "honors.honor":               ("vacde", "",       "",       "ve"),
    "organizations.organization": ("vacde", "",       "",       "ve"),
    "organizations.rescueoperation": ("vacde", "",    "",       "ve"),
    "aed.aedsite":                ("vacde", "",       "",       "ve"),
    "aed.aedinspection":          ("vacde", "",       "",       "ve"),
    "training.trainingbase":      ("",      "vace",   "",       "ve"),
    "training.trainingsession":   ("",      "vacde",  "",       "ve"),
    "training.trainee":           ("",      "vace",   "",       "ve"),
    "training.trainingbaseline":  ("",      "vace",   "",       "ve"),
    "donations.alliancemember":   ("",      "",       "vace",   "ve"),
    "donations.fund":             ("",      "",       "vace",   "ve"),
    "donations.project":          ("",      "",       "vace",   "ve"),
    "donations.overseasbatch":    ("",      "",       "vace",   "ve"),
    "donations.donor":            ("",      "",       "vace",   "ve"),
    "donations.donation":         ("",      "",       "vace",   "ve"),
    "donations.disbursement":     ("",      "",       "vace",   "ve"),
    "donations.lifedonation":     ("",      "",       "vace",   "ve"),
    "boai.service":               ("vacde", "",       "",       "ve"),
    "boai.boaihome":              ("vacde", "",       "",       "ve"),
    "boai.ratingcriterion":       ("vacde", "",       "",       "ve"),
    "boai.starrating":            ("vacde", "",       "",       "ve"),
    "boai.criterionscore":        ("vacde", "",       "",       "ve"),
    "boai.servicesite":           ("vacde", "",       "",       "ve"),
    "boai.volunteeractivity":     ("vacde", "",       "",       "ve"),
}  # fmt: skip

# Who may export personal columns unmasked (core.view_personal_data).
PERSONAL_DATA = {EDITORS: False, TRAINING: True, FINANCE: True, AUDITORS: False}

MODELS = {model._meta.label_lower: model for model in admin.site._registry}
CASES = [(group, label) for label in sorted(MATRIX) for group in GROUPS]

pytestmark = pytest.mark.django_db


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def expected(group, label):
    letters = MATRIX[label][GROUPS.index(group)]
    return {action: action[0] in letters for action in ("view", "add", "change", "delete")} | {
        "export": "e" in letters
    }


def test_the_matrix_covers_every_model_in_the_admin():
    assert set(MATRIX) == set(MODELS)


def test_the_matrix_covers_every_staff_group_and_nothing_else():
    assert set(Group.objects.values_list("name", flat=True)) == set(GROUPS)


@pytest.mark.parametrize(("group", "label"), CASES)
def test_group_has_exactly_the_rights_its_job_needs(client, login_staff, make_record, group, label):
    user = login_staff(group)
    model = MODELS[label]
    model_admin = admin.site._registry[model]
    want = expected(group, label)
    record = make_record(model)
    opts = model._meta

    # The permission API and the model admin agree with the table.
    request = RequestFactory().get("/")
    request.user = user
    for action in ("view", "add", "change", "delete"):
        got_perm = user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")
        got_admin = getattr(model_admin, f"has_{action}_permission")(request)
        assert (got_perm, got_admin) == (want[action], want[action]), action
    assert user.has_perm("core.view_personal_data") == PERSONAL_DATA[group]

    # Real admin requests.
    changelist = client.get(url(model, "changelist"))
    assert changelist.status_code == (200 if want["view"] else 403)
    add = client.get(url(model, "add"))
    assert add.status_code == (200 if want["add"] else 403)
    change = client.get(url(model, "change", record.pk))
    assert change.status_code == (200 if want["view"] or want["change"] else 403)
    if change.status_code == 200:
        assert change.context["has_change_permission"] == want["change"]
        assert change.context["has_delete_permission"] == want["delete"]
    delete = client.get(url(model, "delete", record.pk))
    assert delete.status_code == (200 if want["delete"] else 403)

    # Export: the action is offered, and running it on the record gives the file.
    if changelist.status_code == 200:
        action_form = changelist.context["action_form"]
        choices = (
            {name for name, _label in action_form.fields["action"].choices}
            if action_form
            else set()
        )
        assert ("export_csv" in choices) == want["export"]
        assert ("export_xlsx" in choices) == want["export"]
    exported = client.post(
        url(model, "changelist"), {"action": "export_csv", ACTION_CHECKBOX_NAME: [record.pk]}
    )
    is_csv = exported.status_code == 200 and exported["Content-Type"].startswith("text/csv")
    assert is_csv == want["export"]
    if is_csv:
        b"".join(exported.streaming_content)  # the log entry is written at the end

    # Nothing was removed by the refused requests.
    assert model._default_manager.filter(pk=record.pk).exists()


def _anonymous_urls(model, pk):
    return [url(model, view) for view in ("changelist", "add")] + [
        url(model, view, pk) for view in ("change", "delete", "history")
    ]


@pytest.mark.parametrize("label", sorted(MATRIX))
def test_anonymous_visitor_is_sent_to_the_login_for_everything(client, make_record, label):
    model = MODELS[label]
    record = make_record(model)
    login = reverse("admin:login")
    for address in _anonymous_urls(model, record.pk):
        for response in (client.get(address), client.post(address, {"post": "yes"})):
            assert response.status_code == 302, address
            assert response["Location"].startswith(login), address
    response = client.post(
        url(model, "changelist"), {"action": "export_csv", ACTION_CHECKBOX_NAME: [record.pk]}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(login)
    assert model._default_manager.filter(pk=record.pk).exists()


def test_anonymous_visitor_gets_no_export_download_or_manifest(client, make_record):
    log = make_record(MODELS["core.exportlog"])
    login = reverse("admin:login")
    for address in (
        reverse("admin:core_exportlog_manifest", args=[log.pk]),
        reverse("admin:core_exportlog_dataset", args=["donations", "csv"]),
        reverse("admin:index"),
    ):
        response = client.get(address)
        assert response.status_code == 302, address
        assert response["Location"].startswith(login), address
