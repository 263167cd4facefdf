"""Names for the codes in a table, in the active language, and HXL hashtags per dimension."""

from __future__ import annotations

from django.utils.translation import gettext as _

from mixflow.flows.disclosure import TOTAL
from mixflow.geo.queries import country_name, site_by_code
from mixflow.lib.vocabularies import Direction, ReasonForLeaving

HXL = {
    "period": "#date+month",
    "direction": "#indicator+direction",
    "site": "#loc+code",
    "nationality": "#country+code+nationality",
    "origin": "#country+code+origin",
    "destination": "#country+code+destination",
    "reason": "#indicator+reason",
    "age_group": "#indicator+age",
    "sex": "#indicator+sex",
}
VALUE_TAG = "#population+num"
STATUS_TAG = "#meta+disclosure"
COUNTRY_TAG = "#country+code"
PERIOD_TAG = "#date+period"


def dimension_label(dimension: str) -> str:
    return {
        "period": _("Month"),
        "direction": _("Direction"),
        "site": _("Flow monitoring point"),
        "nationality": _("Nationality"),
        "origin": _("Country of origin"),
        "destination": _("Intended destination"),
        "reason": _("Reason for leaving"),
        "age_group": _("Age group"),
        "sex": _("Sex"),
    }.get(dimension, dimension)


def value_label(dimension: str, value: str) -> str:
    if value == TOTAL:
        return _("Total")
    if value == "UNK":
        return _("Not stated")
    if dimension in {"nationality", "origin", "destination"}:
        return country_name(value)
    if dimension == "site":
        site = site_by_code(value)
        return site.display_name if site is not None else value
    if dimension == "direction":
        return str(dict(Direction.choices).get(value, value))
    if dimension == "reason":
        return str(dict(ReasonForLeaving.choices).get(value, value))
    if dimension == "age_group":
        return {"adult": _("Adults"), "child": _("Children")}.get(value, value)
    if dimension == "sex":
        return {"male": _("Male"), "female": _("Female")}.get(value, value)
    return value


def status_label(status: str) -> str:
    return {
        "published": "",
        "primary": _("suppressed (small count)"),
        "complementary": _("suppressed (protects another cell)"),
        "differencing": _("suppressed (earlier publication)"),
    }.get(status, status)
