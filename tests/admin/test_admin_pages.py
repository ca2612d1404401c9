"""Every admin page opens for a superuser; lists show what staff need and stay cheap."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from apps.aed.models import DeviceStatus, Readiness
from apps.training.models import Trainee
from tests import factories as f

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label_lower)
WITH_HISTORY = [m for m in REGISTERED if isinstance(admin.site._registry[m], SimpleHistoryAdmin)]
# The export log is written by the exports themselves; nobody adds an entry by hand.
ADDABLE = [m for m in REGISTERED if m._meta.label_lower != "core.exportlog"]


def ids(model):
    return model._meta.label_lower


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_area_model_is_registered():
    from django.apps import apps

    areas = ("core", "organizations", "honors", "aed", "training", "donations", "boai")
    missing = [
        model._meta.label
        for model in apps.get_models()
        if model._meta.app_label in areas
        and not model.__name__.startswith("Historical")
        and not model.__name__.endswith("Tally")  # derived from the records, never edited
        and model.__name__ != "LastChange"  # kept by every write, never edited
        and model not in admin.site._registry
    ]
    assert missing == []


# Models with too many rows for a drop-down: forms pick them by autocomplete.
BIG_TARGETS = {
    "core.district",
    "organizations.organization",
    "boai.boaihome",
    "training.trainingsession",
    "training.trainingbase",
    "donations.donor",
    "donations.fund",
    "donations.project",
    "donations.overseasbatch",
    "aed.aedsite",
    "honors.authority",
}


def test_big_targets_are_picked_by_autocomplete():
    drop_downs = [
        f"{model._meta.label_lower}.{field.name}"
        for model, model_admin in admin.site._registry.items()
        for field in model._meta.get_fields()
        if (field.many_to_one or field.many_to_many)
        and field.concrete
        and field.related_model._meta.label_lower in BIG_TARGETS
        and field.name not in model_admin.autocomplete_fields
    ]
    assert drop_downs == []


@pytest.mark.django_db
@pytest.mark.parametrize("model", REGISTERED, ids=ids)
def test_changelist_lists_a_record(superuser_client, make_record, model):
    record = make_record(model)
    response = superuser_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    assert admin_url(model, "change", record.pk) in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("model", ADDABLE, ids=ids)
def test_add_page_opens(superuser_client, model):
    assert superuser_client.get(admin_url(model, "add")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("model", REGISTERED, ids=ids)
def test_change_page_opens(superuser_client, make_record, model):
    record = make_record(model)
    assert superuser_client.get(admin_url(model, "change", record.pk)).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("model", WITH_HISTORY, ids=ids)
def test_history_page_lists_the_creation(superuser_client, make_record, model):
    record = make_record(model)
    response = superuser_client.get(admin_url(model, "history", record.pk))
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count >= 1


@pytest.mark.django_db
def test_donation_changelist_searches_by_receipt_and_filters_by_status(superuser_client):
    wanted = f.make_donation(receipt_number="R-2023-000042")
    other = f.make_donation(receipt_number="R-2023-000043")
    response = superuser_client.get(
        admin_url(wanted, "changelist"),
        {"q": "R-2023-000042", "status__exact": "issued", "received_on__year": "2023"},
    )
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [wanted]
    assert other.receipt_number not in response.content.decode()


@pytest.mark.django_db
def test_honor_changelist_searches_and_filters_by_level(superuser_client):
    wanted = f.make_honor(title="全国红十字系统先进集体", level="national")
    f.make_honor(title="全国科普日优秀组织单位", level="provincial")
    response = superuser_client.get(
        admin_url(wanted, "changelist"), {"q": "全国", "level__exact": "national"}
    )
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [wanted]


@pytest.mark.django_db
def test_trainee_changelist_filters_by_certificate_validity(superuser_client):
    today = timezone.localdate()
    valid = f.make_trainee(
        issued_on=today - timedelta(days=30), expires_on=today + timedelta(days=1000)
    )
    expired = f.make_trainee(
        issued_on=today - timedelta(days=1200), expires_on=today - timedelta(days=100)
    )
    url = admin_url(valid, "changelist")
    assert list(superuser_client.get(url, {"certificate": "valid"}).context["cl"].result_list) == [
        valid
    ]
    found = superuser_client.get(url, {"certificate": "expired", "q": expired.certificate_number})
    assert list(found.context["cl"].result_list) == [expired]


@pytest.mark.django_db
def test_aed_changelist_tells_readiness_in_words(superuser_client):
    today = timezone.localdate()
    ready = f.make_inspection(inspected_on=today - timedelta(days=10)).site
    overdue = f.make_aed()
    retired = f.make_aed(status=DeviceStatus.RETIRED)
    response = superuser_client.get(
        admin_url(ready, "changelist"), {"district__id__exact": ready.district_id}
    )
    rows = {site.pk: site.readiness() for site in response.context["cl"].result_list}
    assert rows == {
        ready.pk: Readiness.READY,
        overdue.pk: Readiness.CHECK_OVERDUE,
        retired.pk: Readiness.OUT_OF_SERVICE,
    }
    html = response.content.decode()
    for state in Readiness:
        assert str(state.label) in html


@pytest.mark.django_db
def test_aed_site_page_shows_only_the_latest_inspections(superuser_client):
    site = f.make_aed()
    today = timezone.localdate()
    for days in range(8):
        f.make_inspection(site=site, inspected_on=today - timedelta(days=days))
    response = superuser_client.get(admin_url(site, "change", site.pk))
    formset = response.context["inline_admin_formsets"][0].formset
    shown = [form.instance.inspected_on for form in formset.initial_forms]
    assert shown == [today - timedelta(days=days) for days in range(5)]
    assert f"?site__id__exact={site.pk}" in response.content.decode()


@pytest.mark.django_db
def test_photos_and_scans_show_as_thumbnails(superuser_client):
    with_scan = f.make_honor(scan="honors/2023/certificate.jpg")
    response = superuser_client.get(admin_url(with_scan, "changelist"))
    assert '<img src="/media/honors/2023/certificate.jpg" width="80"' in response.content.decode()

    response = superuser_client.get(admin_url(with_scan, "change", with_scan.pk))
    assert "/media/honors/2023/certificate.jpg" in response.content.decode()


@pytest.mark.django_db
def test_trainee_pages_show_the_masked_id_number_and_never_the_digest(superuser_client):
    masked, digests = "320202********0018", ["9f2c" * 16, "7a1b" * 16]
    trainee = f.make_trainee(id_number_masked=masked, id_number_digest=digests[0])
    trainee.id_number_digest = digests[1]
    trainee.save()
    for url in [admin_url(trainee, "changelist"), admin_url(trainee, "change", trainee.pk)]:
        html = superuser_client.get(url).content.decode()
        assert masked in html
        assert not any(digest in html for digest in digests)

    response = superuser_client.get(admin_url(trainee, "history", trainee.pk))
    assert response.context["page_obj"].paginator.count == 2
    html = response.content.decode()
    assert not any(digest in html for digest in digests)
    assert str(Trainee._meta.get_field("id_number_digest").verbose_name) not in html


@pytest.mark.django_db
def test_amounts_are_listed_exactly(superuser_client):
    donation = f.make_donation(amount=Decimal("1234567.89"))
    html = superuser_client.get(admin_url(donation, "changelist")).content.decode()
    assert "1234567.89" in html.replace(",", "")


@pytest.mark.django_db
def test_donation_changelist_queries_stay_bounded(superuser_client, django_assert_max_num_queries):
    for _ in range(30):
        f.make_donation()
    with django_assert_max_num_queries(10):
        response = superuser_client.get(reverse("admin:donations_donation_changelist"))
    assert len(response.context["cl"].result_list) == 30


@pytest.mark.django_db
def test_trainee_changelist_queries_stay_bounded(superuser_client, django_assert_max_num_queries):
    for _ in range(30):
        f.make_trainee()
    with django_assert_max_num_queries(10):
        response = superuser_client.get(reverse("admin:training_trainee_changelist"))
    assert len(response.context["cl"].result_list) == 30


@pytest.mark.django_db
def test_aed_site_changelist_queries_stay_bounded(superuser_client, django_assert_max_num_queries):
    for _ in range(30):
        f.make_inspection()
    with django_assert_max_num_queries(10):
        response = superuser_client.get(reverse("admin:aed_aedsite_changelist"))
    assert len(response.context["cl"].result_list) == 30


@pytest.mark.django_db
@pytest.mark.parametrize("model", REGISTERED, ids=ids)
def test_changelist_queries_do_not_grow_with_rows(
    superuser_client, make_record, django_assert_max_num_queries, model
):
    url = admin_url(model, "changelist")
    make_record(model)
    with CaptureQueriesContext(connection) as one_row:
        superuser_client.get(url)
    for _ in range(4):
        make_record(model)
    with django_assert_max_num_queries(len(one_row)):
        superuser_client.get(url)


AUTOCOMPLETE = [
    (model, field)
    for model in REGISTERED
    for field in admin.site._registry[model].autocomplete_fields
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "field"),
    AUTOCOMPLETE,
    ids=[f"{model._meta.label_lower}.{field}" for model, field in AUTOCOMPLETE],
)
def test_autocomplete_answers(superuser_client, make_record, model, field):
    make_record(model._meta.get_field(field).related_model)
    make_record(model)  # also one that passes the field's limit_choices_to, if any
    response = superuser_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": model._meta.app_label,
            "model_name": model._meta.model_name,
            "field_name": field,
        },
    )
    assert response.status_code == 200
    assert response.json()["results"]


@pytest.mark.django_db
def test_session_autocomplete_offers_only_certified_sessions(superuser_client):
    certified = f.make_session(kind="certified")
    f.make_session(kind="awareness")
    response = superuser_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "training", "model_name": "trainee", "field_name": "session"},
    )
    assert [row["id"] for row in response.json()["results"]] == [str(certified.pk)]


@pytest.mark.django_db
def test_star_rating_list_shows_the_total_score(superuser_client):
    rating = f.make_score(score=Decimal("18.0")).rating
    f.make_score(rating=rating, score=Decimal("15.5"))
    response = superuser_client.get(admin_url(rating, "changelist"))
    assert [r.score_total for r in response.context["cl"].result_list] == [Decimal("33.5")]


def test_staff_find_a_trainee_by_the_whole_id_number_without_it_being_stored(superuser_client):
    from apps.core.pii import id_number_digest, mask_id_number
    from apps.training.models import Trainee

    number = "320202199001011234"
    wanted = f.make_trainee(
        id_number_masked=mask_id_number(number), id_number_digest=id_number_digest(number)
    )
    f.make_trainee(id_number_digest=id_number_digest("320202199001014321"))

    response = superuser_client.get(admin_url(wanted, "changelist"), {"q": number})

    assert list(response.context["cl"].result_list) == [wanted]
    assert not Trainee.objects.filter(id_number_masked=number).exists()
    assert "3202**********1234" in response.content.decode()
