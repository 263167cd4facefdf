"""A government official's national view: their country's approved publications only, with
trends period by period; nothing prepared but unapproved, nothing live, nothing identifiable."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse

from mixflow.accounts.actions import create_or_update_user, update_organisation
from mixflow.core.roles import Role
from mixflow.flows.actions import approve_publication, prepare_publication
from mixflow.flows.gate import HEADER
from mixflow.flows.national import national_view
from tests.conftest import PASSWORD, SETUP
from tests.flows.conftest import Flows, observed

TABLES = ["movements_by_site", "movements_by_nationality", "movements_by_sex_and_age"]


def _publish(flows: Flows, period: str, title: str, *, approve: bool = True) -> Any:
    publication = prepare_publication(
        actor=flows.analyst,
        organisation=flows.world.home,
        title=title,
        country="NER",
        period=period,
        table_kinds=TABLES,
    )
    if approve:
        approve_publication(actor=flows.second_analyst, publication=publication)
    return publication


def test_the_official_sees_approved_figures_and_trends_only(flows: Flows, login: Any) -> None:
    ministry = flows.world.other  # an NGO until it becomes Niger's ministry
    update_organisation(actor=SETUP, organisation=ministry, kind="government", country="NER")
    official = create_or_update_user(
        username="minister",
        organisation=ministry,
        password=PASSWORD,
        roles=[Role.GOVERNMENT_OFFICIAL],
        actor=SETUP,
    )
    client = login(official)
    url = reverse("web:flows_national")
    assert "No figures for Niger have been approved" in client.get(url).content.decode()

    _publish(flows, "2026-Q3", "Niger Q3", approve=False)
    assert national_view("NER").rows == []  # prepared is not published

    _publish(flows, "2026-Q3", "Niger Q3 (reviewed)")
    observed(flows, "NER", 10, day=datetime.date(2026, 10, 5))
    _publish(flows, "2026-Q4", "Niger Q4")
    observed(flows, "NER", 500, day=datetime.date(2026, 10, 6))  # live, never approved

    view = national_view("NER")
    assert [r.publication.period for r in view.rows] == ["2026-Q3", "2026-Q4"]
    assert [r.figures["movements"] for r in view.rows] == [84, 10]
    assert view.rows[0].figures["children"] is None  # a boy and a girl: below the threshold
    assert [m for m, _label in view.measures] == ["movements", "children"]

    response = client.get(url)
    assert response.status_code == 200
    assert response.headers[HEADER].startswith("mixflow.flows.disclosure")
    text = response.content.decode()
    assert "Niger Q3 (reviewed)" in text
    assert "Latest approved figures: Niger Q4 (2026-Q4)" in text
    assert "510" not in text  # the live flow counts stay out
    assert "584" not in text
    assert "Niger Q3</a>" not in text  # the unapproved one
    assert reverse("web:portal_publication", args=[view.rows[1].publication.pk]) in text
    # The home page says the latest approved figure, not a live count.
    home = client.get(reverse("web:home")).content.decode()
    assert "Movements observed in Niger (latest approved publication)" in home

    # An official of an organisation that is no government has no national view.
    other = login(flows.world.user(Role.GOVERNMENT_OFFICIAL)).get(url)
    assert other.status_code == 404
