from datetime import date

import pytest
from django.db import connection

from apps.core.pii import id_number_digest
from apps.training.models import SessionKind, Trainee
from tests import factories as f

from .conftest import XLSX, csv_file, import_file, preview, xlsx_file

pytestmark = pytest.mark.django_db

LABEL = "training.trainee"
# Valid check characters: the importer refuses numbers that fail the checksum.
ID_1 = "11010519491231002X"
ID_2 = "320202199001010016"
HEADER = ["姓名", "身份证号", "手机号", "证书编号", "发证日期"]
ROWS = [
    HEADER,
    ["王小明", ID_1, "13800000001", "JS2024000001", "2024-05-01"],
    ["李芳", ID_2, "13800000002", "JS2024000002", "2024/2/29"],
]


def valid_id(body17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(d) * w for d, w in zip(body17, weights, strict=True))
    return body17 + "10X98765432"[total % 11]


def test_roster_imports_into_the_chosen_session(superuser_client):
    session = f.make_session()
    response = import_file(
        superuser_client, LABEL, csv_file(ROWS, encoding="gbk"), session=session.pk
    )

    assert response.status_code == 200
    first = Trainee.objects.get(certificate_number="JS2024000001")
    assert first.session == session
    assert first.name == "王小明"
    assert first.id_number_masked == "1101**********002X"
    assert first.id_number_digest == id_number_digest(ID_1)
    assert first.issued_on == date(2024, 5, 1)
    # Three years less a day when the file gives no expiry.
    assert first.expires_on == date(2027, 4, 30)
    assert Trainee.objects.get(certificate_number="JS2024000002").expires_on == date(2027, 2, 28)


def test_roster_import_stores_no_full_id_number_anywhere(superuser_client):
    session = f.make_session()
    import_file(superuser_client, LABEL, xlsx_file(ROWS), file_format=XLSX, session=session.pk)
    assert Trainee.objects.count() == 2

    tables = [Trainee._meta.db_table, Trainee.history.model._meta.db_table, "django_admin_log"]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            dump = repr(cursor.fetchall())
            for number in (ID_1, ID_2, ID_2[:-4]):
                assert number not in dump, table
    assert Trainee.history.count() == 2


def test_reimported_roster_does_not_duplicate_trainees(superuser_client):
    session = f.make_session()
    for _ in range(2):
        import_file(superuser_client, LABEL, csv_file(ROWS), session=session.pk)

    assert Trainee.objects.count() == 2


def test_roster_with_a_bad_id_number_imports_nothing(superuser_client):
    session = f.make_session()
    bad = ID_2[:-1] + ("1" if ID_2[-1] != "1" else "2")
    rows = [*ROWS, ["赵六", bad, "", "JS2024000003", "2024-05-01"]]
    response = preview(superuser_client, LABEL, csv_file(rows), session=session.pk)

    assert response.context.get("confirm_form") is None
    page = response.content.decode()
    assert "身份证号" in page
    assert bad not in page.split("validation-error-list")[1].split("</ul>")[0]
    assert Trainee.objects.count() == 0


def test_roster_cannot_go_into_an_awareness_session(superuser_client):
    awareness = f.make_session(kind=SessionKind.AWARENESS)
    response = preview(superuser_client, LABEL, csv_file(ROWS), session=awareness.pk)

    assert response.status_code == 200
    assert "session" in response.context["form"].errors
    assert Trainee.objects.count() == 0


def test_valid_id_helper_matches_the_fixtures():
    assert valid_id(ID_1[:17]) == ID_1
    assert valid_id(ID_2[:17]) == ID_2


def test_roster_import_page_asks_for_the_session(superuser_client):
    from django.urls import reverse

    response = superuser_client.get(reverse("admin:training_trainee_import"))

    assert response.status_code == 200
    assert response.context["form"].fields["session"].required
    page = response.content.decode()
    for header in ("姓名", "身份证号", "证书编号", "发证日期"):
        assert header in page


def test_training_staff_may_import_a_roster(client, login_staff):
    login_staff("培训工作人员")
    session = f.make_session()
    import_file(client, LABEL, csv_file(ROWS), session=session.pk)

    assert Trainee.objects.filter(session=session).count() == 2


def test_editors_may_not_import_a_roster(client, login_staff):
    from django.urls import reverse

    login_staff("内容编辑")
    response = client.get(reverse("admin:training_trainee_import"))

    assert response.status_code == 403


def test_refused_roster_leaves_no_copy_of_the_file_behind(superuser_client, monkeypatch, tmp_path):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "uploads"))
    (tmp_path / "uploads").mkdir()
    session = f.make_session()
    rows = [*ROWS, ["赵六", "123", "", "JS2024000003", "2024-05-01"]]
    response = preview(superuser_client, LABEL, csv_file(rows), session=session.pk)

    assert response.context.get("confirm_form") is None
    assert list((tmp_path / "uploads").iterdir()) == []


def test_confirmed_roster_leaves_no_copy_of_the_file_behind(
    superuser_client, monkeypatch, tmp_path
):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "uploads"))
    (tmp_path / "uploads").mkdir()
    session = f.make_session()
    import_file(superuser_client, LABEL, csv_file(ROWS), session=session.pk)

    assert Trainee.objects.count() == 2
    assert list((tmp_path / "uploads").iterdir()) == []
