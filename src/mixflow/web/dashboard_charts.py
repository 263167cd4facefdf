"""From the flows query layer's tables (codes and counts) to what the dashboard page shows:
labelled tables with drill-down links, and small chart specifications for ``dashboard.js``.

No figure is computed here; this module only names things in the reader's language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from mixflow.flows.dashboard_filters import AGE_BANDS, Filters
from mixflow.geo.queries import country_name
from mixflow.lib.vocabularies import (
    Direction,
    EncounterKind,
    ReasonForLeaving,
    Sex,
    Transport,
)

Row = dict[str, Any]
SANKEY_FLOWS = 60  # the largest flows drawn; the table beside it lists them all


def _choice(choices: Any) -> Callable[[str], str]:
    def label(code: str) -> str:
        return str(choices(code).label) if code in choices.values else (code or _("Not said"))

    return label


def country_label(code: str) -> str:
    return country_name(code) if code else _("Not said")


def age_label(band: str) -> str:
    return _("Age unknown") if band == "unknown" else band


sex_label = _choice(Sex)
kind_label = _choice(EncounterKind)
reason_label = _choice(ReasonForLeaving)
transport_label = _choice(Transport)
direction_label = _choice(Direction)


def answer_label(code: str) -> str:
    return {"yes": _("Yes"), "no": _("No")}.get(code, _("Not said"))


def vulnerability_label(code: str) -> str:
    return {
        "trafficking": _("Trafficking indicators"),
        "violence": _("Violence en route"),
        "health": _("Health conditions"),
        "men": _("Men"),
        "women": _("Women"),
        "boys": _("Boys"),
        "girls": _("Girls"),
        "unaccompanied_children": _("Unaccompanied children"),
        "pregnant_women": _("Pregnant women"),
        "older_persons": _("Older persons (60+)"),
        "persons_with_disability": _("Persons with a disability"),
    }.get(code, code)


@dataclass
class Section:
    """One chart and its table, as the page shows them."""

    id: str
    title: str
    headers: list[str]
    rows: list[tuple[list[Any], str]] = field(default_factory=list)
    """Cells and the drill-down query string ("" when the row cannot be drilled into)."""
    note: str = ""
    chart: dict[str, Any] = field(default_factory=dict)


def _value(value: Any) -> Any:
    return "—" if value is None else value


def bar_section(
    id: str,
    title: str,
    table: Iterable[Row],
    key: str,
    label: Callable[[str], str],
    header: str,
    filters: Filters | None = None,
    drill: str = "",
    extra: tuple[tuple[str, str], ...] = (),
) -> Section:
    """A ranked list (nationalities, reasons…): a horizontal bar chart and its table."""
    rows = list(table)
    section = Section(id, title, [header, _("Count"), *(h for _k, h in extra)])
    for row in rows:
        code = row[key] or ""
        link = filters.as_query(**{drill: code}) if (filters and drill and code) else ""
        cells = [label(code), _value(row["count"]), *(_value(row.get(k)) for k, _h in extra)]
        section.rows.append((cells, link))
    section.chart = {
        "type": "bar",
        "labels": [label(r[key] or "") for r in rows][:25],
        "series": [{"name": _("Count"), "data": [r["count"] for r in rows][:25]}],
    }
    return section


def time_section(
    id: str, title: str, table: list[Row], key: str, label: Callable[[str], str], header: str
) -> Section:
    """Counts per period, one line per ``key`` value (kind of encounter, direction)."""
    periods = sorted({r["period"] for r in table})
    groups = sorted({r[key] for r in table})
    by = {(r["period"], r[key]): r["count"] for r in table}
    section = Section(id, title, [_("Period"), *(label(g) for g in groups)])
    for period in periods:
        section.rows.append(([period, *(_value(by.get((period, g), 0)) for g in groups)], ""))
    section.chart = {
        "type": "line",
        "labels": periods,
        "series": [
            {"name": label(g), "data": [by.get((p, g), 0) for p in periods]} for g in groups
        ],
    }
    return section


def pyramid_section(table: list[Row], filters: Filters) -> Section:
    by = {(r["sex"], r["age_band"]): r["count"] for r in table}
    bands = [b for b in AGE_BANDS if any((s, b) in by for s in Sex.values)]
    sexes = [s for s in Sex.values if any((s, b) in by for b in bands)]
    section = Section("pyramid", _("Sex and age"), [_("Age"), *(sex_label(s) for s in sexes)])
    for band in bands:
        link = filters.as_query(age_band=band)
        section.rows.append(
            ([age_label(band), *(_value(by.get((s, band), 0)) for s in sexes)], link)
        )
    section.chart = {
        "type": "pyramid",
        "labels": [age_label(b) for b in bands],
        "series": [
            {
                "name": sex_label(s),
                # Men to the left of the axis, everyone else to the right.
                "data": [(-1 if s == Sex.MALE else 1) * (by.get((s, b)) or 0) for b in bands],
            }
            for s in sexes
        ],
    }
    return section


def sankey_section(table: list[Row]) -> Section:
    section = Section(
        "sankey",
        _("Origin → country where met → intended destination"),
        [_("Country of origin"), _("Country where met"), _("Intended destination"), _("Count")],
    )
    links: dict[tuple[str, str], int] = {}
    labels: dict[str, str] = {}
    for position, row in enumerate(table):
        origin, transit, destination = (row[k] or "" for k in ("origin", "transit", "destination"))
        count = row["count"]
        section.rows.append(
            (
                [
                    country_label(origin),
                    country_label(transit),
                    country_label(destination),
                    _value(count),
                ],
                "",
            )
        )
        if not count or position >= SANKEY_FLOWS:
            continue
        # Node names are unique per column; labels are what readers see.
        a, b, c = f"o:{origin}", f"t:{transit}", f"d:{destination}"
        labels[a], labels[b], labels[c] = (
            country_label(origin),
            country_label(transit),
            country_label(destination),
        )
        links[(a, b)] = links.get((a, b), 0) + count
        links[(b, c)] = links.get((b, c), 0) + count
    section.chart = {
        "type": "sankey",
        "nodes": [{"name": name, "label": label} for name, label in labels.items()],
        "links": [{"source": s, "target": t, "value": v} for (s, t), v in links.items()],
    }
    return section
