"""Geometry of ODK answers: geopoints, geotraces and geoshapes as text, their length and area.

A geopoint is ``"lat lon [altitude [accuracy]]"``; a geotrace or geoshape is geopoints
separated by ``;``. Lengths and areas are on a sphere of ODK Collect's radius, so that the
server's ``distance()`` and ``area()`` give what the device computed. Django-free.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

EARTH_RADIUS_M = 6_378_100.0
"""The radius ODK's JavaRosa uses for ``distance()`` and ``area()`` (metres)."""

Point = tuple[float, float]


def parse_point(text: str) -> tuple[float, ...] | None:
    """(lat, lon[, altitude[, accuracy]]) of one geopoint, or None when it is not one."""
    parts = text.split()
    if not 2 <= len(parts) <= 4:
        return None
    try:
        numbers = tuple(float(p) for p in parts)
    except ValueError:
        return None
    if any(math.isnan(n) or math.isinf(n) for n in numbers):
        return None
    if not (-90 <= numbers[0] <= 90 and -180 <= numbers[1] <= 180):
        return None
    if len(numbers) == 4 and numbers[3] < 0:  # an accuracy is a radius
        return None
    return numbers


def parse_points(text: str) -> list[tuple[float, ...]] | None:
    """The points of a geotrace or geoshape (``;``-separated), or None if one is not a point."""
    points = []
    for part in text.split(";"):
        if not part.strip():
            continue
        point = parse_point(part)
        if point is None:
            return None
        points.append(point)
    return points


def _radians(point: Sequence[float]) -> Point:
    return math.radians(point[0]), math.radians(point[1])


def distance(points: Sequence[Sequence[float]]) -> float:
    """Length in metres of the path through ``points`` (great circles, haversine)."""
    total = 0.0
    for a, b in itertools.pairwise(points):
        lat1, lon1 = _radians(a)
        lat2, lon2 = _radians(b)
        h = (
            math.sin((lat2 - lat1) / 2) ** 2
            + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
        )
        total += 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))
    return total


def area(points: Sequence[Sequence[float]]) -> float:
    """Area in square metres of the polygon through ``points`` (closed or not) on the sphere
    (the spherical-excess sum used by JavaRosa and by GIS libraries for small polygons)."""
    ring = [_radians(p) for p in points]
    if len(ring) > 1 and ring[0] == ring[-1]:
        ring = ring[:-1]
    if len(ring) < 3:
        return 0.0
    total = 0.0
    for i, (lat1, lon1) in enumerate(ring):
        lat2, lon2 = ring[(i + 1) % len(ring)]
        total += (lon2 - lon1) * (2 + math.sin(lat1) + math.sin(lat2))
    return abs(total * EARTH_RADIUS_M * EARTH_RADIUS_M / 2)
