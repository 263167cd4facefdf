"""A government official's national view: the approved publications of their country, their
headline figures period by period, and the latest one's tables (``flows.national``)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from mixflow.core.roles import Capability
from mixflow.flows import dashboard_queries as dq
from mixflow.flows import gate
from mixflow.flows.charts import Bar, bar_chart
from mixflow.flows.national import national_view
from mixflow.web.access import requires
from mixflow.web.publish_views import FORMATS, _report, _stamped


@requires(Capability.VIEW_AGGREGATES)
@require_GET
def national(request: HttpRequest) -> HttpResponse:
    country = dq.national_country_of(request.user)
    if not country:
        raise Http404
    view = national_view(country)
    latest = view.latest
    movements = [row for row in view.rows if "movements" in row.figures]
    title = _("Movements observed, by period")
    chart = bar_chart(
        [
            Bar(f"{r.publication.period} · {r.publication.title}", r.figures["movements"])
            for r in movements
        ],
        title=title,
        suppressed_text=_("not shown"),
    )
    response = render(
        request,
        "web/flows/national.html",
        {
            "view": view,
            "rows": [
                (row.publication, [row.figures.get(m) for m, _label in view.measures])
                for row in reversed(view.rows)
            ],
            "chart_title": title,
            "chart": mark_safe(chart) if movements else "",  # noqa: S308 - every text escaped
            "publication": latest,
            "report": _report(latest, draft=False) if latest else None,
            "formats": list(FORMATS),
        },
    )
    return _stamped(response, latest.policy if latest else gate.policy().describe())
