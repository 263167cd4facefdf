"""A route drawn as a small SVG map, computed on the server: no tiles, nothing from the internet.

An equirectangular projection fitted to the route's bounding box (plus a margin), with the
longitude scaled by the cosine of the middle latitude so that shapes are not stretched far from
the equator. Stops at the same site share one point, labelled with every stop number.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

#: Natural Earth 1:110m country outlines as TopoJSON (npm ``world-atlas`` 2.0.2, ISC licence;
#: the data is public domain), vendored so that nothing is fetched from the internet.
COUNTRIES = Path(__file__).parent / "static/mixflow/vendor/world-atlas/countries-110m.json"

WIDTH = 640
MIN_HEIGHT = 220
MAX_HEIGHT = 640
PAD = 36  # pixels kept clear around the route for labels
MARGIN_DEGREES = 1.0  # at least this much map around the route


class Stop(Protocol):
    @property
    def site_id(self) -> int: ...
    @property
    def site_name(self) -> str: ...
    @property
    def latitude(self) -> float | None: ...
    @property
    def longitude(self) -> float | None: ...


@dataclass(frozen=True)
class MapPoint:
    x: float
    y: float
    numbers: str
    label: str
    label_x: float
    label_end: bool  # label drawn to the left of the point (near the right edge)


@dataclass(frozen=True)
class RouteMap:
    width: int
    height: int
    line: str  # the polyline's points attribute
    points: tuple[MapPoint, ...]
    unplaced: int  # stops whose site has no coordinates
    countries: tuple[str, ...] = ()  # outlines around the route, as SVG path data


def route_map(stops: Sequence[Stop]) -> RouteMap | None:
    """The map of ``stops`` in order, or None when no stop has coordinates."""
    placed = [
        (n, s) for n, s in enumerate(stops, 1) if s.latitude is not None and s.longitude is not None
    ]
    if not placed:
        return None
    lats = [float(s.latitude) for _, s in placed]  # type: ignore[arg-type]
    lons = [float(s.longitude) for _, s in placed]  # type: ignore[arg-type]
    south, north = min(lats) - MARGIN_DEGREES, max(lats) + MARGIN_DEGREES
    west, east = min(lons) - MARGIN_DEGREES, max(lons) + MARGIN_DEGREES
    squeeze = max(math.cos(math.radians((north + south) / 2)), 0.2)
    span_x = (east - west) * squeeze
    span_y = north - south
    height = round(min(max((WIDTH - 2 * PAD) * span_y / span_x + 2 * PAD, MIN_HEIGHT), MAX_HEIGHT))
    scale = min((WIDTH - 2 * PAD) / span_x, (height - 2 * PAD) / span_y)
    # Centre the route in the frame along the axis with room to spare.
    off_x = (WIDTH - span_x * scale) / 2
    off_y = (height - span_y * scale) / 2

    def project(lat: float, lon: float) -> tuple[float, float]:
        return (
            round(off_x + (lon - west) * squeeze * scale, 1),
            round(off_y + (north - lat) * scale, 1),
        )

    line: list[str] = []
    by_site: dict[int, tuple[float, float, list[int], str]] = {}
    for number, stop in placed:
        x, y = project(float(stop.latitude), float(stop.longitude))  # type: ignore[arg-type]
        line.append(f"{x},{y}")
        if stop.site_id in by_site:
            by_site[stop.site_id][2].append(number)
        else:
            by_site[stop.site_id] = (x, y, [number], stop.site_name)
    points = tuple(
        MapPoint(
            x=x,
            y=y,
            numbers=", ".join(str(n) for n in numbers),
            label=name,
            label_x=x - 10 if x > WIDTH * 0.6 else x + 10,
            label_end=x > WIDTH * 0.6,
        )
        for x, y, numbers, name in by_site.values()
    )
    view = (west - span_x, south - span_y, east + span_x, north + span_y)
    return RouteMap(
        width=WIDTH,
        height=height,
        line=" ".join(line),
        points=points,
        unplaced=len(stops) - len(placed),
        countries=tuple(_outlines(view, project)),
    )


Ring = list[tuple[float, float]]  # (longitude, latitude)


@lru_cache(maxsize=1)
def _country_rings() -> tuple[tuple[tuple[float, float, float, float], tuple[Ring, ...]], ...]:
    """Each country's bounding box and rings, decoded once per process from the TopoJSON."""
    try:
        topology: dict[str, Any] = json.loads(COUNTRIES.read_text(encoding="utf-8"))
    except OSError:
        return ()
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs: list[Ring] = []
    for arc in topology["arcs"]:  # quantised and delta-encoded
        x = y = 0
        ring: Ring = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            ring.append((x * sx + tx, y * sy + ty))
        arcs.append(ring)

    def ring_of(indexes: list[int]) -> Ring:
        out: Ring = []
        for i in indexes:
            part = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(part[1:] if out else part)  # arcs share their end points
        return out

    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        rings = tuple(ring_of(r) for polygon in polygons for r in polygon)
        lons = [p[0] for r in rings for p in r]
        lats = [p[1] for r in rings for p in r]
        if lons:
            countries.append(((min(lons), min(lats), max(lons), max(lats)), rings))
    return tuple(countries)


def _outlines(view: tuple[float, float, float, float], project: Any) -> list[str]:
    """Path data of the countries whose box meets ``view`` (west, south, east, north)."""
    west, south, east, north = view
    paths = []
    for (c_west, c_south, c_east, c_north), rings in _country_rings():
        if c_east < west or c_west > east or c_north < south or c_south > north:
            continue
        parts = []
        for ring in rings:
            points: list[tuple[float, float]] = []
            for lon, lat in ring:
                x, y = project(lat, lon)
                # Drop points closer than a pixel to the last one: small paths, same drawing.
                if not points or abs(x - points[-1][0]) + abs(y - points[-1][1]) >= 1:
                    points.append((x, y))
            if len(points) > 2:
                parts.append("M" + "L".join(f"{x:.0f},{y:.0f}" for x, y in points) + "Z")
        if parts:
            paths.append("".join(parts))
    return paths
