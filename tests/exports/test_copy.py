"""On PostgreSQL the donations CSV is written by COPY: the same bytes as the Python writer."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import translation

from apps.core.exports import ExportStats, csv_chunks, csv_stream
from apps.donations.exports import DonationExport
from apps.donations.models import Donation, DonationKind, DonorKind
from tests import factories as f

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's"),
]


@pytest.fixture
def awkward(ledger):
    """Cells that CSV and spreadsheets trip over, and donors that masking must handle."""
    fund = ledger["fund"]
    project = f.make_project(name="+项目, 带逗号")
    cases = [
        f.make_donor(kind=DonorKind.PERSON, name="-李四", phone="+86 139-1234-5678"),
        f.make_donor(kind=DonorKind.PERSON, name="  @赵  ", phone="12345", address="某路1号"),
        f.make_donor(kind=DonorKind.OVERSEAS, name='say "hi"', phone="", address=""),
        f.make_donor(
            kind=DonorKind.COMPANY, name="\t制表", address="无锡市", district=f.district("xishan")
        ),
    ]
    for i, donor in enumerate(cases):
        f.make_donation(
            donor=donor,
            fund=fund,
            project=project if i % 2 else None,
            is_anonymous=i % 2 == 0,
            amount=Decimal("0.05") if i == 0 else Decimal(10**i),
            kind=DonationKind.GOODS if i == 1 else DonationKind.MONEY,
            goods_description="=1+1\n第二行" if i == 1 else "",
            goods_quantity=0 if i == 1 else None,
            received_on=date(2023, 5, 1),
            void_reason="@作废" if i == 3 else "",
            status="voided" if i == 3 else "issued",
        )
    return ledger


def both_ways(queryset=None, *, mask):
    export = DonationExport()
    python = ExportStats(sorted(export.money_columns))
    data = b"".join(csv_chunks(export, export.iter_rows(queryset, mask=mask), python))
    copy = ExportStats(sorted(export.money_columns))
    copied = b"".join(csv_stream(export, queryset, copy, mask=mask))
    return data, python, copied, copy


@pytest.mark.parametrize("mask", [True, False], ids=["masked", "personal"])
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_copy_gives_the_python_writers_bytes(awkward, mask, language):
    with translation.override(language):
        data, python, copied, copy = both_ways(mask=mask)
    assert copied == data
    assert (copy.rows, copy.totals, copy.sha256) == (python.rows, python.totals, python.sha256)
    assert python.rows == Donation.objects.count() == 9


def test_copy_masks_and_neutralises_like_the_python_writer(awkward):
    _data, _stats, copied, _copy = both_ways(mask=True)
    text = copied.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'-**" in text and "'@作废" in text
    assert "139****5678" in text and "***45" in text
    assert "13912345678" not in text and "王秘密" not in text and "中山路" not in text
    assert "'=1+1\n第二行" in text


def test_copy_of_a_filtered_changelist_gives_its_rows_only(awkward):
    queryset = Donation.objects.filter(received_on__year=2023, donor__name__contains="公司")
    data, python, copied, copy = both_ways(queryset, mask=True)
    assert copied == data
    assert copy.rows == python.rows == 3
    assert copy.totals == python.totals
