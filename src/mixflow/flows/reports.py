"""The periodic flow monitoring report: HTML and PDF from protected tables only.

A report is made from an approved publication (the web page, and the command line when one
exists for that country and period), or, on the command line, from tables protected by the
gate at once and marked as a draft. Either way nothing reaches this module but
``ProtectedTable``s.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from mixflow.flows import gate
from mixflow.flows.charts import Bar, bar_chart
from mixflow.flows.disclosure import TOTAL, ProtectedTable
from mixflow.flows.labels import dimension_label, status_label, value_label
from mixflow.flows.statistics import KINDS
from mixflow.geo.queries import country_name

STATIC = Path(__file__).parent / "static" / "flows"


@dataclass
class ReportTable:
    name: str
    title: str
    source: str
    header: list[str]
    rows: list[list[str]]
    chart: SafeString
    suppressed: int


@dataclass
class Report:
    title: str
    country: str
    country_name: str
    period: str
    language: str
    organisation: str
    key_figures: list[tuple[str, str]]
    tables: list[ReportTable]
    policy: str
    """The disclosure rules in the report's language."""
    rules: str
    """The same as the gate recorded them (the PDF's subject carries them)."""
    draft: bool
    version: int | None
    approved_on: datetime.date | None
    generated_on: datetime.date = field(default_factory=datetime.date.today)


def _shown(value: int | None) -> str:
    return "–" if value is None else f"{value:,}".replace(",", "\u202f")


def _report_table(table: ProtectedTable) -> ReportTable:
    kind = KINDS.get(table.name)
    title = str(kind.title) if kind else table.name
    interior = [c for c in table.cells if not c.is_total]
    if len(table.dimensions) == 1:
        header = [dimension_label(table.dimensions[0]), _("Count"), ""]
        ordered = sorted(interior, key=lambda c: -(c.value or -1))
        rows = [
            [value_label(table.dimensions[0], c.key[0]), _shown(c.value), status_label(c.status)]
            for c in ordered
        ]
        total = table.cell((TOTAL,))
        rows.append([_("Total"), _shown(total.value), status_label(total.status)])
        bars = [Bar(value_label(table.dimensions[0], c.key[0]), c.value) for c in ordered[:12]]
    else:
        # Two dimensions: rows by the first, one column per value of the second, and totals.
        first, second = table.dimensions[:2]
        columns = list(dict.fromkeys(c.key[1] for c in table.cells))
        header = [dimension_label(first), *(value_label(second, v) for v in columns)]
        rows = []
        for r in dict.fromkeys(c.key[0] for c in table.cells):
            rows.append(
                [value_label(first, r), *(_shown(table.cell((r, v)).value) for v in columns)]
            )
        bars = [
            Bar(value_label(first, r), table.cell((r, TOTAL)).value)
            for r in dict.fromkeys(c.key[0] for c in interior)
        ]
    # A chart of nothing but zeros says less than its table: leave it out.
    nothing = all(c.value == 0 for c in interior)
    chart = "" if nothing else bar_chart(bars, title=title, suppressed_text=_("not shown"))
    return ReportTable(
        name=table.name,
        title=title,
        source=str(kind.source) if kind else "",
        header=header,
        rows=rows,
        chart=mark_safe(chart),  # noqa: S308 - built by charts.bar_chart, every text escaped
        suppressed=table.suppressed_count,
    )


def _key_figures(tables: dict[str, ProtectedTable]) -> list[tuple[str, str]]:
    figures: list[tuple[str, str]] = []
    sites = tables.get("movements_by_site")
    if sites is not None:
        figures.append((_("Movements observed"), _shown(sites.cell((TOTAL,)).value)))
        figures.append(
            (_("Flow monitoring points"), str(sum(1 for c in sites.cells if not c.is_total)))
        )
    nationality = tables.get("movements_by_nationality")
    if nationality is not None:
        if sites is None:
            figures.append((_("Movements observed"), _shown(nationality.cell((TOTAL,)).value)))
        top = max(
            (c for c in nationality.cells if not c.is_total and c.value is not None),
            key=lambda c: c.value or 0,
            default=None,
        )
        if top is not None:
            figures.append((_("Most frequent nationality"), value_label("nationality", top.key[0])))
    ages = tables.get("movements_by_sex_and_age")
    if ages is not None:
        children = ages.cell(("child", TOTAL)).value
        everyone = ages.cell((TOTAL, TOTAL)).value
        if children is not None and everyone:
            figures.append((_("Children among movements"), f"{round(100 * children / everyone)} %"))
    origin = tables.get("encounters_by_origin")
    if origin is not None:
        figures.append((_("Interviews"), _shown(origin.cell((TOTAL,)).value)))
    return figures


def policy_words(policy: str) -> str:
    """The frozen policy (recorded in English by the gate) said in the active language."""
    found = re.search(r"threshold (\d+)", policy)
    threshold = int(found.group(1)) if found else 5
    words = _("no figure from 1 to %(below)s is shown") % {"below": threshold - 1}
    rounded = re.search(r"rounded to base (\d+)", policy)
    if rounded:
        words += "; " + _("figures rounded to the nearest %(base)s") % {"base": rounded.group(1)}
    return words


def build_report(
    tables: list[ProtectedTable],
    *,
    title: str,
    country: str,
    period: str,
    organisation: str,
    language: str,
    draft: bool,
    version: int | None = None,
    approved_on: datetime.date | None = None,
    place: str = "",
) -> Report:
    """``place``: what the report covers when it is not a country (a route's name)."""
    for table in tables:
        if not isinstance(table, ProtectedTable):
            raise TypeError("a report is made of tables protected by flows.disclosure only")
    rules = tables[0].policy if tables else gate.policy().describe()
    with translation.override(language):
        return Report(
            title=title,
            country=country,
            country_name=place or country_name(country),
            period=period,
            language=language,
            organisation=organisation,
            key_figures=_key_figures({t.name: t for t in tables}),
            tables=[_report_table(t) for t in tables],
            policy=policy_words(rules),
            rules=rules,
            draft=draft,
            version=version,
            approved_on=approved_on,
        )


def render_html(report: Report, *, for_pdf: bool = False) -> str:
    context: dict[str, Any] = {
        "report": report,
        "for_pdf": for_pdf,
        "mark": gate.mark(report.rules),
    }
    with translation.override(report.language):
        return render_to_string("flows/report.html", context)


def render_pdf(report: Report) -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    html = render_html(report, for_pdf=True)
    fonts = FontConfiguration()  # without it, @font-face rules are ignored
    # The stylesheet names the fonts shipped beside it (static/flows/fonts), so the PDF never
    # depends on the machine's fonts for Latin, Arabic or Ethiopic names.
    stylesheets = [
        CSS(filename=str(STATIC / name), font_config=fonts) for name in ("report.css", "bars.css")
    ]
    document = HTML(string=html, base_url=str(STATIC) + "/")
    pdf: bytes = document.write_pdf(stylesheets=stylesheets, font_config=fonts)
    return pdf


DRAFT_TABLES = [
    "movements_by_site",
    "movements_by_month",
    "movements_by_nationality",
    "movements_by_sex_and_age",
    "unaccompanied_children_observed",
    "encounters_by_origin",
    "encounters_by_destination",
    "reasons_for_leaving",
]


class NoData(LookupError):
    """No approved publication, and no single organisation to draft the report for."""


def report_for(*, country: str, period: str, language: str, organisation_code: str = "") -> Report:
    """The report of an approved publication for this country and period if there is one;
    otherwise a draft from tables protected now by the gate (for the operator of the command
    line, who reads everything: it is still only protected tables that come out)."""
    from mixflow.accounts.models import Organisation
    from mixflow.core.actors import SystemActor
    from mixflow.flows import statistics
    from mixflow.flows.periods import parse_period
    from mixflow.flows.queries import latest_public_publication, tables_of

    parsed = parse_period(period)
    publication = latest_public_publication(country, parsed.code)
    if publication is not None and (
        not organisation_code or publication.organisation.code == organisation_code
    ):
        return build_report(
            tables_of(publication),
            title=publication.title,
            country=publication.country,
            period=publication.period,
            organisation=publication.organisation.name,
            language=language,
            draft=False,
            version=publication.version,
            approved_on=publication.approved_at.date() if publication.approved_at else None,
        )
    organisations = Organisation.objects.all()
    if organisation_code:
        organisations = organisations.filter(code=organisation_code)
    else:
        organisations = organisations.filter(flow_counts__site__country_code=country.upper())
    organisation = _one(
        organisations,
        _("no approved publication for %(country)s %(period)s")
        % {"country": country, "period": period},
    )
    reader = SystemActor("mixflow report", organisation_id=organisation.pk)
    scope = statistics.Scope(organisation.pk, organisation.code, country.upper(), parsed)
    return _draft(reader, scope, organisation.name, language)


def _one(organisations: Any, why: str) -> Any:
    found = list(organisations.distinct()[:2])
    if len(found) != 1:
        raise NoData(
            _("%(why)s; name the organisation to draft one for with --organisation") % {"why": why}
        )
    return found[0]


def _draft(reader: Any, scope: Any, organisation: str, language: str, place: str = "") -> Report:
    """A report of tables the gate protects now (marked as a draft: no second person approved
    it), against the ledger of everything published."""
    from mixflow.flows import statistics
    from mixflow.flows.disclosure import TooFine

    tables = []
    book = gate.ledger()  # one ledger: the report's tables must not difference each other
    for kind in DRAFT_TABLES:
        try:
            raw = statistics.build_tables(reader, scope, [kind])
            tables.extend(gate.protect_tables(raw, book))
        except TooFine:
            continue  # a sensitive table for a month: left out, never shown finer
    with translation.override(language):
        title = _("Flow monitoring report")
    return build_report(
        tables,
        title=title,
        country=scope.country,
        period=scope.period.code,
        organisation=organisation,
        language=language,
        draft=True,
        place=place,
    )


def route_report(
    *, route: str, period: str, language: str, organisation_code: str = "", reader: Any = None
) -> Report:
    """The report of one route (its sites in every country it crosses) for a period: always a
    draft of freshly protected tables, since publications are made per country.

    ``reader`` is the user asking from the web page (their organisation, through their
    scope); on the command line the operator names the organisation when several have data.
    """
    from mixflow.accounts.models import Organisation
    from mixflow.core.actors import SystemActor
    from mixflow.flows import statistics
    from mixflow.flows.corridors import ROUTES, countries_on, site_codes_on
    from mixflow.flows.periods import parse_period

    if route not in ROUTES:
        raise ValueError(
            _("%(route)r is not a route (one of: %(routes)s)")
            % {"route": route, "routes": ", ".join(ROUTES)}
        )
    parsed = parse_period(period)
    sites = site_codes_on(route)
    organisations = Organisation.objects.all()
    if reader is not None:
        organisations = organisations.filter(pk=int(getattr(reader, "organisation_id", 0) or 0))
    elif organisation_code:
        organisations = organisations.filter(code=organisation_code)
    else:
        organisations = organisations.filter(flow_counts__site__code__in=sorted(sites))
    organisation = _one(
        organisations,
        _("no single organisation with data on the route %(route)s") % {"route": route},
    )
    if reader is None:
        reader = SystemActor("mixflow report", organisation_id=organisation.pk)
    scope = statistics.Scope(
        organisation.pk,
        organisation.code,
        "",
        parsed,
        route=route,
        route_sites=sites,
        route_countries=countries_on(route),
    )
    with translation.override(language):
        place = str(ROUTES[route])
    return _draft(reader, scope, organisation.name, language, place)
