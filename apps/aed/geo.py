"""Distances and directions on the sphere, for "the nearest AED is 320 m north-east"."""

import math

from django.utils.translation import gettext_lazy as _

# The mean Earth radius (IUGG), in metres: good to about 0.5% anywhere, far better within a city.
EARTH_RADIUS_M = 6_371_008.8
METRES_PER_DEGREE = math.pi * EARTH_RADIUS_M / 180

COMPASS = (
    _("north"),
    _("north-east"),
    _("east"),
    _("south-east"),
    _("south"),
    _("south-west"),
    _("west"),
    _("north-west"),
)


def haversine_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance in metres between two WGS-84 points, by the haversine formula."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lng2 - lng1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def bearing_deg(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Initial bearing from the first point to the second, degrees clockwise from north."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dlambda = math.radians(lng2 - lng1)
    y = math.sin(dlambda) * math.cos(phi2)
    x = math.cos(phi1) * math.sin(phi2) - math.sin(phi1) * math.cos(phi2) * math.cos(dlambda)
    return math.degrees(math.atan2(y, x)) % 360


def compass_point(bearing: float):
    """One of eight compass points, as a translatable word."""
    return COMPASS[round(bearing / 45) % 8]


def box_around(lat: float, lng: float, radius_m: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lng, max_lng) of a box holding every point within radius_m."""
    dlat = radius_m / METRES_PER_DEGREE
    cos_lat = math.cos(math.radians(min(89.0, abs(lat) + dlat)))
    dlng = min(180.0, radius_m / (METRES_PER_DEGREE * cos_lat))
    return lat - dlat, lat + dlat, lng - dlng, lng + dlng
