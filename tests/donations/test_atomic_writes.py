"""A write that fails half-way leaves nothing behind: reissuing a receipt voids the old one
and issues its replacement, both or neither, whether the database refuses the second write
(a constraint) or the connection drops between the two."""

import pytest
from django.db import IntegrityError, OperationalError, connection

from apps.donations import services
from apps.donations.models import Donation, DonationStatus
from tests import factories as f


def ledger_state():
    """Every donation's status and reason, and the number of history rows."""
    return (
        sorted(Donation.objects.values_list("receipt_number", "status", "void_reason")),
        Donation.history.count(),
    )


@pytest.mark.django_db
def test_reissue_leaves_no_void_behind_when_the_replacement_breaks_a_constraint(monkeypatch):
    taken = f.make_donation(receipt_number="WXHS202300000001")
    wrong = f.make_donation(receipt_number="WXHS202300000002")
    before = ledger_state()
    # The replacement is given a number that is already on a receipt: the unique
    # constraint refuses the insert after the void has been written.
    monkeypatch.setattr(services, "receipt_number_next", lambda *, year: taken.receipt_number)

    with pytest.raises(IntegrityError):
        services.donation_reissue(
            donation=wrong, reason="金额录错", user=None, amount=wrong.amount * 2
        )

    assert ledger_state() == before
    wrong.refresh_from_db()
    assert (wrong.status, wrong.void_reason) == (DonationStatus.ISSUED, "")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="drops a PostgreSQL connection")
@pytest.mark.django_db(transaction=True)
def test_reissue_leaves_no_void_behind_when_the_connection_drops_half_way(monkeypatch):
    wrong = f.make_donation(receipt_number="WXHS202300000002")
    before = ledger_state()
    issue = services._issue

    def drop_then_issue(donation, **kwargs):
        # The void is written (not committed); now the server ends this session.
        assert Donation.objects.filter(status=DonationStatus.VOIDED).exists()
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")
        return issue(donation, **kwargs)

    monkeypatch.setattr(services, "_issue", drop_then_issue)
    with pytest.raises(OperationalError):
        services.donation_reissue(donation=wrong, reason="金额录错", user=None)

    connection.close()  # as the end of the request does; the next query connects afresh
    assert ledger_state() == before
    wrong.refresh_from_db()
    assert wrong.status == DonationStatus.ISSUED
