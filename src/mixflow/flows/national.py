"""A government official's national view: their country's approved publications, nothing else.

Figures reach an official only once an analyst prepared them through the disclosure gate and a
second person approved them: the view reads ``Publication`` rows that are approved, never the
encounters or the flow counts. Trends are the headline totals of each approved publication of
the country, period by period (the latest version of each title), as the gate froze them: a
suppressed total stays suppressed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from mixflow.flows.disclosure import TOTAL, ProtectedTable
from mixflow.flows.models import Publication
from mixflow.flows.periods import parse_period
from mixflow.flows.queries import public_publications, tables_of

# Each headline figure: the tables whose grand total gives it, the first one found wins.
MEASURES = {
    "movements": (
        _("Movements observed"),
        ("movements_by_site", "movements_by_nationality", "movements_by_month"),
    ),
    "children": (_("Children among movements"), ("movements_by_sex_and_age",)),
    "unaccompanied": (
        _("Unaccompanied children observed"),
        ("unaccompanied_children_observed",),
    ),
    "interviews": (
        _("Interviews"),
        ("encounters_by_origin", "encounters_by_destination"),
    ),
}


@dataclass(frozen=True)
class TrendRow:
    publication: Publication
    figures: dict[str, int | None]
    """Per measure present in the publication: its total, ``None`` when suppressed."""


@dataclass
class NationalView:
    country: str
    rows: list[TrendRow] = field(default_factory=list)
    """Oldest period first."""
    measures: list[tuple[str, str]] = field(default_factory=list)
    """The measures some publication holds, with their labels."""

    @property
    def latest(self) -> Publication | None:
        return self.rows[-1].publication if self.rows else None


def _grand_total(table: ProtectedTable) -> int | None:
    return table.cell(tuple(TOTAL for _ in table.dimensions)).value


def _figures(tables: list[ProtectedTable]) -> dict[str, int | None]:
    by_name = {t.name: t for t in tables}
    figures: dict[str, int | None] = {}
    for measure, (_label, sources) in MEASURES.items():
        found = next((by_name[s] for s in sources if s in by_name), None)
        if found is None:
            continue
        if measure == "children":
            figures[measure] = found.cell(("child", TOTAL)).value
        else:
            figures[measure] = _grand_total(found)
    return figures


def current_publications(country: str) -> list[Publication]:
    """The country's approved publications, the latest version of each title and period,
    oldest period first."""
    latest: dict[tuple[int, str, str], Publication] = {}
    for publication in public_publications().filter(country=country.upper()):
        key = (publication.organisation_id, publication.period, publication.title)
        if key not in latest or publication.version > latest[key].version:
            latest[key] = publication

    def when(publication: Publication) -> tuple[object, ...]:
        period = parse_period(publication.period)
        return (period.start, period.end, publication.organisation.name, publication.title)

    return sorted(latest.values(), key=when)


def national_view(country: str) -> NationalView:
    view = NationalView(country=country.upper())
    present: set[str] = set()
    for publication in current_publications(country):
        figures = _figures(tables_of(publication))
        present |= set(figures)
        view.rows.append(TrendRow(publication, figures))
    view.measures = [(m, str(label)) for m, (label, _s) in MEASURES.items() if m in present]
    return view
