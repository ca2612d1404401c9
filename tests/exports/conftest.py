"""Staff logins and a small ledger with the awkward cases exports must get right."""

from datetime import date
from decimal import Decimal

import pytest

from apps.donations.models import DonationKind, DonorKind
from tests import factories as f

AUDITORS = "审计人员"
FINANCE = "财务人员"
TRAINING = "培训工作人员"
EDITORS = "内容编辑"


@pytest.fixture
def ledger(db):
    """Donations across two years: an anonymous person, a named company, goods, a voided receipt."""
    fund = f.make_fund(name="人道救助基金")
    hidden = f.make_donor(
        kind=DonorKind.PERSON,
        name="王秘密",
        phone="13912345678",
        address="无锡市梁溪区中山路1号3栋502室",
        district=f.district("liangxi"),
    )
    company = f.make_donor(kind=DonorKind.COMPANY, name='=HYPERLINK("http://x")公司')
    return {
        "fund": fund,
        "hidden": hidden,
        "company": company,
        "donations": [
            f.make_donation(
                donor=hidden,
                is_anonymous=True,
                fund=fund,
                amount=Decimal("1234.56"),
                received_on=date(2023, 5, 1),
            ),
            f.make_donation(
                donor=company,
                fund=fund,
                amount=Decimal("0.01"),
                received_on=date(2023, 12, 31),
            ),
            f.make_donation(
                donor=company,
                fund=fund,
                kind=DonationKind.GOODS,
                goods_description="口罩（N95）",
                goods_quantity=1000,
                goods_unit="只",
                amount=Decimal("99999999.99"),
                received_on=date(2023, 2, 1),
            ),
            f.make_donation(
                donor=company,
                fund=fund,
                amount=Decimal("500.00"),
                received_on=date(2023, 3, 1),
                status="voided",
                void_reason="重复录入",
            ),
            f.make_donation(
                donor=company,
                fund=fund,
                amount=Decimal("7.77"),
                received_on=date(2024, 1, 1),
            ),
        ],
    }
