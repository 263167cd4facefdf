"""Great-circle distance between two points given in degrees (Django-free)."""

from __future__ import annotations

import math

EARTH_RADIUS_KM = 6371.0088
"""The mean Earth radius (IUGG): the haversine formula's error stays under 0.5 %."""


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Kilometres along the Earth's surface between (lat1, lon1) and (lat2, lon2)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))
