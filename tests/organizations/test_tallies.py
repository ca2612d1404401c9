from datetime import date

import pytest

from apps.core.periods import Period
from apps.organizations.models import OperationTally, OrganizationKind
from apps.organizations.selectors import rescue_operation_totals, rescue_team_totals
from tests import factories as f

pytestmark = pytest.mark.django_db


def tally():
    return {
        (row.month, row.team_id): (row.operations, row.beneficiaries)
        for row in OperationTally.objects.all()
    }


def test_operation_tally_follows_every_save_and_delete():
    team = f.make_organization(kind=OrganizationKind.RESCUE_TEAM)
    other = f.make_organization(kind=OrganizationKind.RESCUE_TEAM)
    first = f.make_operation(
        team=team, started_on=date(2023, 4, 3), ended_on=date(2023, 4, 3), beneficiaries=30
    )
    f.make_operation(team=team, started_on=date(2023, 4, 20), ended_on=date(2023, 4, 21))

    assert tally() == {(date(2023, 4, 1), team.pk): (2, 130)}

    first.team = other
    first.started_on = first.ended_on = date(2023, 6, 9)
    first.save()
    assert tally() == {
        (date(2023, 4, 1), team.pk): (1, 100),
        (date(2023, 6, 1), other.pk): (1, 30),
    }

    first.delete()
    assert tally() == {(date(2023, 4, 1), team.pk): (1, 100)}
    assert rescue_team_totals(team) == {"operations": 1, "beneficiaries": 100}
    assert rescue_team_totals(other) == {"operations": 0, "beneficiaries": 0}


def test_rescue_totals_count_the_ragged_days_of_a_period_from_the_records():
    team = f.make_organization(kind=OrganizationKind.RESCUE_TEAM)
    for day, people in ((1, 5), (15, 7), (30, 11)):
        f.make_operation(
            team=team,
            started_on=date(2023, 4, day),
            ended_on=date(2023, 4, day),
            beneficiaries=people,
        )

    totals = rescue_operation_totals(Period(date(2023, 4, 10), date(2023, 4, 20)))

    assert totals == {"operations": 1, "beneficiaries": 7}
