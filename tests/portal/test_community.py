from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.organizations.models import OrganizationKind
from tests import factories as f

pytestmark = pytest.mark.django_db


def community_url(community, code="liangxi"):
    return reverse("portal:community", args=[code, community])


def test_community_page_joins_the_home_aeds_organizations_and_activities(client):
    home = f.make_boai_home(
        community="晴山社区", latitude=Decimal("31.570000"), longitude=Decimal("120.300000")
    )
    near = f.make_aed(
        name="近处AED", latitude=Decimal("31.571000"), longitude=Decimal("120.300000")
    )
    f.make_inspection(site=near, inspected_on=timezone.localdate() - timedelta(days=5))
    f.make_organization(name="晴山社区红十字会", kind=OrganizationKind.COMMUNITY)
    f.make_organization(name="别处社区红十字会", kind=OrganizationKind.COMMUNITY)
    f.make_activity(home=home, title="助老义剪")

    response = client.get(community_url("晴山社区"))

    assert response.status_code == 200
    context = response.context
    assert [h.pk for h in context["homes"]] == [home.pk]
    assert context["aeds"][0].site.pk == near.pk
    assert 100 < context["aeds"][0].distance_m < 120
    assert [o.name for o in context["organizations"]] == ["晴山社区红十字会"]
    assert "助老义剪" in response.content.decode()


def test_community_without_a_boai_home_answers_404(client):
    f.make_boai_home(community="晴山社区")
    assert client.get(community_url("无此社区")).status_code == 404
    assert client.get(community_url("晴山社区", code="xishan")).status_code == 404


def test_district_page_links_to_its_communities(client):
    f.make_boai_home(community="晴山社区")
    html = client.get(reverse("portal:district", args=["liangxi"])).content.decode()
    assert community_url("晴山社区") in html
