"""The flows dashboards of the user's scope (a government official's national view, made of
approved publications only, is ``national_views``).

One page load carries every figure (small JSON in ``json_script`` elements, drawn by
``dashboard.js`` with the vendored ECharts); only the country outlines come separately, once,
cached by the browser. Filters live in the query string, so a view can be shared by its URL.
"""

from __future__ import annotations

import csv
import datetime
import json
from functools import lru_cache
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from mixflow.core.roles import Capability
from mixflow.core.scoping import scope_of
from mixflow.flows import dashboard_queries as dq
from mixflow.flows.corridors import ROUTES
from mixflow.flows.dashboard_downloads import protect_for
from mixflow.flows.dashboard_filters import AGE_BANDS, GRAINS, Filters, filters_from
from mixflow.flows.national import national_view
from mixflow.geo.queries import country_name, sites_for
from mixflow.lib.spreadsheet_cells import safe_row
from mixflow.lib.vocabularies import Sex
from mixflow.web import dashboard_charts as charts
from mixflow.web.access import requires
from mixflow.web.route_map import COUNTRIES

Table = list[dict[str, Any]]


def _tables(request: HttpRequest, audience: dq.Audience, filters: Filters) -> dict[str, Table]:
    """Every table the reader may see, by name (the download names)."""
    scope = scope_of(request.user)
    user = request.user
    tables: dict[str, Table] = {}
    if scope.can(Capability.VIEW_AGGREGATES):
        tables.update(
            totals=[dq.totals(audience, filters)],
            over_time=dq.encounters_over_time(audience, filters),
            pyramid=dq.pyramid(audience, filters),
            nationalities=dq.nationalities(audience, filters),
            reasons=dq.reasons(audience, filters),
            destinations=dq.destinations(audience, filters),
            transport=dq.transport(audience, filters),
            smuggling=dq.smuggling(audience, filters),
            sankey=dq.sankey(audience, filters),
            sites=dq.sites(audience, filters),
        )
        if audience.sensitive:
            tables["vulnerabilities"] = dq.vulnerabilities(audience, filters)
    if scope.can(Capability.VIEW_FLOW_COUNTS):
        movements = dq.audience_of(user, Capability.VIEW_FLOW_COUNTS)
        tables.update(
            movements_over_time=dq.movements_over_time(user, movements, filters),
            movement_breakdown=dq.movement_breakdown(user, movements, filters),
            movement_nationalities=dq.movement_nationalities(user, movements, filters),
            movements_by_site=dq.movements_by_site(user, movements, filters),
            route_segments=dq.route_segments(user, movements, filters),
        )
    return tables


def _sections(tables: dict[str, Table], filters: Filters) -> list[charts.Section]:
    s: list[charts.Section] = []
    if "over_time" in tables:
        s.append(
            charts.time_section(
                "over_time",
                _("Encounters over time"),
                tables["over_time"],
                "kind",
                charts.kind_label,
                _("Kind"),
            )
        )
    if "movements_over_time" in tables:
        s.append(
            charts.time_section(
                "movements_over_time",
                _("People counted at flow monitoring points over time (movements)"),
                tables["movements_over_time"],
                "direction",
                charts.direction_label,
                _("Direction"),
            )
        )
    if "pyramid" in tables:
        s.append(charts.pyramid_section(tables["pyramid"], filters))
    bars = (
        (
            "nationalities",
            _("Nationalities"),
            "nationality",
            charts.country_label,
            _("Nationality"),
            "nationality",
            (("people", _("People")),),
        ),
        (
            "reasons",
            _("Reasons for leaving (several per person)"),
            "reason",
            charts.reason_label,
            _("Reason"),
            "",
            (),
        ),
        (
            "destinations",
            _("Intended destinations"),
            "destination",
            charts.country_label,
            _("Destination"),
            "",
            (),
        ),
        (
            "transport",
            _("Means of transport (several per person)"),
            "transport",
            charts.transport_label,
            _("Means of transport"),
            "",
            (),
        ),
        (
            "smuggling",
            _("Use of smugglers"),
            "answer",
            charts.answer_label,
            _("Used a smuggler"),
            "",
            (("median_cost_usd", _("Median paid (USD)")), ("costs_given", _("Amounts given"))),
        ),
        (
            "vulnerabilities",
            _("Sensitive answers given"),
            "vulnerability",
            charts.vulnerability_label,
            _("Kind"),
            "",
            (),
        ),
        (
            "movement_nationalities",
            _("Nationalities counted passing (movements)"),
            "nationality",
            charts.country_label,
            _("Nationality"),
            "nationality",
            (),
        ),
        (
            "movement_breakdown",
            _("Who was counted passing, and vulnerabilities observed"),
            "group",
            charts.vulnerability_label,
            _("Group"),
            "",
            (),
        ),
    )
    for id, title, key, label, header, drill, extra in bars:
        if id in tables:
            s.append(
                charts.bar_section(id, title, tables[id], key, label, header, filters, drill, extra)
            )
    if "sankey" in tables:
        s.append(charts.sankey_section(tables["sankey"]))
    return s


def _map(request: HttpRequest, tables: dict[str, Table], filters: Filters) -> charts.Section:
    """Sites with proportional symbols, and the route segments counted between them."""
    ids = {r["site_id"] for r in tables.get("sites", [])}
    ids |= {r["site_id"] for r in tables.get("movements_by_site", [])}
    for segment in tables.get("route_segments", []):
        ids |= {segment["from_site_id"], segment["to_site_id"]}
    places = {s.pk: s for s in sites_for(request.user).filter(pk__in=ids)}
    encounters = {r["site_id"]: r for r in tables.get("sites", [])}
    movements = {r["site_id"]: r["count"] for r in tables.get("movements_by_site", [])}
    section = charts.Section(
        "map",
        _("Sites"),
        [_("Site"), _("Country"), _("Encounters"), _("People"), _("Movements counted")],
    )
    points = []
    for pk in sorted(places, key=lambda pk: -((encounters.get(pk) or {}).get("count") or 0)):
        place = places[pk]
        row = encounters.get(pk, {})
        if not row and pk not in movements:
            continue
        size = (row.get("count") or 0) + (movements.get(pk) or 0)
        section.rows.append(
            (
                [
                    place.display_name,
                    country_name(place.country_code),
                    charts._value(row.get("count")),
                    charts._value(row.get("people")),
                    charts._value(movements.get(pk)),
                ],
                filters.as_query(site_ids=(pk,)),
            )
        )
        if place.longitude is not None and place.latitude is not None:
            points.append(
                {"name": place.display_name, "value": [place.longitude, place.latitude, size]}
            )
    lines = []
    for segment in tables.get("route_segments", []):
        a, b = places.get(segment["from_site_id"]), places.get(segment["to_site_id"])
        if a and b and None not in (a.longitude, a.latitude, b.longitude, b.latitude):
            lines.append(
                {
                    "coords": [[a.longitude, a.latitude], [b.longitude, b.latitude]],
                    "value": segment["count"],
                    "name": f"{a.display_name} → {b.display_name}",
                }
            )
    section.chart = {"type": "map", "points": points, "lines": lines}
    return section


def _quarters() -> list[str]:
    year = timezone.localdate().year
    return [f"{y}-Q{q}" for y in range(year, year - 3, -1) for q in (4, 3, 2, 1)]


def _page(request: HttpRequest, audience: dq.Audience) -> HttpResponse:
    filters = filters_from(request.GET)
    tables = _tables(request, audience, filters)
    sections = _sections(tables, filters)
    site_map = _map(request, tables, filters)
    totals = (tables.get("totals") or [{}])[0]
    movements = sum(r["count"] or 0 for r in tables.get("movements_by_site", []))
    chart_data = {s.id: s.chart for s in [*sections, site_map] if s.chart}
    scope = scope_of(request.user)
    context = {
        "filters": filters,
        "totals": totals,
        "movements": movements if "movements_by_site" in tables else None,
        "sections": sections,
        "site_map": site_map,
        "chart_data": chart_data,
        "chart_text": {
            "count": _("Count"),
            "boundaries": _boundaries_url(),
            "men_left": _("Men to the left"),
        },
        "query": filters.as_query(),
        "protected": not scope.can(Capability.VIEW_PERSONS),
        "choices": {
            "grains": [
                (g, {"day": _("Day"), "week": _("Week"), "month": _("Month")}[g]) for g in GRAINS
            ],
            "quarters": _quarters(),
            "routes": [(code, str(label)) for code, label in ROUTES.items()],
            "sites": [(s.pk, s.display_name) for s in sites_for(request.user)],
            "sexes": [(code, str(label)) for code, label in Sex.choices],
            "age_bands": [(b, charts.age_label(b)) for b in AGE_BANDS],
        },
    }
    return render(request, "web/flows/dashboard.html", context)


def _boundaries_url() -> str:
    from django.urls import reverse

    return reverse("web:flows_boundaries")


@requires(Capability.VIEW_AGGREGATES, Capability.VIEW_FLOW_COUNTS)
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    return _page(request, dq.audience_of(request.user))


DOWNLOADS = (
    "totals",
    "over_time",
    "pyramid",
    "nationalities",
    "reasons",
    "destinations",
    "transport",
    "smuggling",
    "vulnerabilities",
    "sankey",
    "sites",
    "movements_over_time",
    "movement_breakdown",
    "movement_nationalities",
    "movements_by_site",
    "route_segments",
)


def _csv(request: HttpRequest, audience: dq.Audience, name: str) -> HttpResponse:
    if name not in DOWNLOADS:
        raise Http404
    filters = filters_from(request.GET)
    tables = _tables(request, audience, filters)
    if name not in tables:
        raise Http404
    protected = protect_for(request.user, tables[name])
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = datetime.date.today().isoformat()
    response["Content-Disposition"] = f'attachment; filename="mixflow-{name}-{stamp}.csv"'
    writer = csv.writer(response)
    columns = list(protected.rows[0]) if protected.rows else ["count"]
    writer.writerow(columns)
    for row in protected.rows:
        writer.writerow(safe_row(["" if row.get(c) is None else str(row.get(c)) for c in columns]))
    for note in protected.notes:
        writer.writerow(safe_row([f"# {note}"]))
    return response


@requires(Capability.VIEW_AGGREGATES, Capability.VIEW_FLOW_COUNTS)
@require_GET
def dashboard_download(request: HttpRequest, name: str) -> HttpResponse:
    return _csv(request, dq.audience_of(request.user), name)


@lru_cache(maxsize=1)
def _geojson() -> bytes:
    """Country outlines as GeoJSON for ECharts' ``registerMap``, from the vendored TopoJSON."""
    topology = json.loads(COUNTRIES.read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:  # quantised, delta-encoded
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append([round(x * sx + tx, 2), round(y * sy + ty, 2)])
        arcs.append(points)

    def ring(indexes: list[int]) -> list[list[float]]:
        out: list[list[float]] = []
        for i in indexes:
            part = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(part[1:] if out else part)
        return out

    features = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        features.append(
            {
                "type": "Feature",
                "properties": {"name": str(geometry.get("id", ""))},
                "geometry": {
                    "type": "MultiPolygon",
                    "coordinates": [[ring(r) for r in polygon] for polygon in polygons],
                },
            }
        )
    return json.dumps(
        {"type": "FeatureCollection", "features": features}, separators=(",", ":")
    ).encode()


@requires()
@require_GET
@cache_control(max_age=86400, private=True)
def boundaries(request: HttpRequest) -> HttpResponse:
    return HttpResponse(_geojson(), content_type="application/geo+json")


def home_summary(user: Any) -> dict[str, Any] | None:
    """A few key figures of the last 90 days for the home page, with links to the dashboards
    (``None`` for roles without them)."""
    scope = scope_of(user)
    if not (scope.can(Capability.VIEW_AGGREGATES) or scope.can(Capability.VIEW_FLOW_COUNTS)):
        return None
    today = timezone.localdate()
    recent = Filters(start=today - datetime.timedelta(days=90), end=today)
    summary: dict[str, Any] = {"since": recent.start, "query": recent.as_query()}
    if scope.can(Capability.VIEW_AGGREGATES):
        audience = dq.audience_of(user)
        summary["totals"] = dq.totals(audience, recent)
        summary["nationalities"] = dq.nationalities(audience, recent)[:3]
        country = dq.national_country_of(user)
        if country:  # the latest approved figure, never live data
            rows = national_view(country).rows
            summary["country"] = country
            summary["national"] = {"movements": rows[-1].figures.get("movements") if rows else None}
    return summary
