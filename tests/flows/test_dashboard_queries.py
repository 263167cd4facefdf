"""The dashboards' figures on a small known dataset, within the user's scope only."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from mixflow.core.roles import Role
from mixflow.core.scoping import scoped
from mixflow.flows import dashboard_queries as dq
from mixflow.flows.actions import rebuild_facts
from mixflow.flows.dashboard_filters import Filters, filters_from
from mixflow.flows.models import EncounterFact
from mixflow.intake.actions import record_encounter
from mixflow.lib.vocabularies import EncounterKind
from tests.conftest import DAY, SETUP, World

LATER = datetime.date(2026, 11, 2)


def _counts(table: list[dict[str, Any]], key: str) -> dict[Any, int]:
    return {row[key]: row["count"] for row in table}


def test_the_hook_keeps_one_fact_per_encounter(known: World) -> None:
    assert EncounterFact.objects.count() == 6
    fact = EncounterFact.objects.get(origin="SDN", destination="ITA", sex="female")
    assert fact.nationality == "SDN"
    assert fact.country == "LBY"
    assert fact.birth_year == 2014
    assert rebuild_facts(actor=SETUP) == 6


def test_figures_of_an_analyst_count_their_organisation_only(known: World) -> None:
    audience = dq.audience_of(known.user(Role.ANALYST))
    everything = Filters()
    assert dq.totals(audience, everything) == {"encounters": 4, "people": 3}
    assert _counts(dq.nationalities(audience, everything), "nationality") == {"SDN": 3, "ERI": 1}
    assert _counts(dq.reasons(audience, everything), "reason") == {
        "conflict": 1,
        "persecution": 1,
        "economic": 1,
    }
    assert _counts(dq.transport(audience, everything), "transport") == {"truck": 1, "boat": 1}
    assert _counts(dq.destinations(audience, everything), "destination") == {"ITA": 3, "DEU": 1}
    pyramid = {(r["sex"], r["age_band"]): r["count"] for r in dq.pyramid(audience, everything)}
    assert pyramid == {("male", "25-39"): 3, ("female", "12-17"): 1}  # born 1999, 2001, 2014
    smuggling = {r["answer"]: r for r in dq.smuggling(audience, everything)}
    assert smuggling["yes"]["count"] == 3
    assert smuggling["no"]["count"] == 1
    assert smuggling["yes"]["median_cost_usd"] == 1200
    sankey = {
        (r["origin"], r["transit"], r["destination"]): r["count"]
        for r in dq.sankey(audience, everything)
    }
    assert sankey == {
        ("ERI", "NER", "ITA"): 1,
        ("ERI", "LBY", "ITA"): 1,
        ("SDN", "LBY", "ITA"): 1,
        ("SDN", "LBY", "DEU"): 1,
    }
    by_site = {r["site_id"]: (r["count"], r["people"]) for r in dq.sites(audience, everything)}
    assert by_site == {known.agadez.pk: (1, 1), known.tripoli.pk: (3, 2)}
    # Vulnerabilities come from sensitive answers: not for an analyst.
    assert dq.vulnerabilities(audience, everything) == []


def test_the_audience_is_what_scoped_gives(known: World) -> None:
    for role in (Role.ANALYST, Role.GOVERNMENT_OFFICIAL, Role.ENUMERATOR, Role.CASEWORKER):
        user = known.user(role)
        expected = scoped(user, EncounterFact).count()
        assert dq.totals(dq.audience_of(user), Filters())["encounters"] == expected
    outsider_view = dq.audience_of(known.outsider)
    assert dq.totals(outsider_view, Filters())["encounters"] == 0  # a caseworker has no aggregates


def test_filters_narrow_every_figure(known: World) -> None:
    audience = dq.audience_of(known.user(Role.ANALYST))
    later = filters_from({"from": LATER.isoformat()})
    assert dq.totals(audience, later) == {"encounters": 2, "people": 2}
    quarter = filters_from({"quarter": "2026-Q3"})
    assert quarter.start == datetime.date(2026, 7, 1)
    assert quarter.end == datetime.date(2026, 9, 30)
    assert dq.totals(audience, quarter)["encounters"] == 2  # DAY is 14 September
    female = Filters(sex="female")
    assert _counts(dq.nationalities(audience, female), "nationality") == {"SDN": 1}
    children = Filters(age_band="12-17")
    assert dq.totals(audience, children)["encounters"] == 1
    at_agadez = Filters(site_ids=(known.agadez.pk,))
    assert dq.totals(audience, at_agadez)["encounters"] == 1
    in_libya = Filters(country="LBY", nationality="SDN")
    assert dq.totals(audience, in_libya)["encounters"] == 3
    over_time = dq.encounters_over_time(audience, Filters(grain="month"))
    assert {(r["period"], r["kind"]): r["count"] for r in over_time} == {
        ("2026-09-01", "registration"): 2,
        ("2026-11-01", "registration"): 1,
        ("2026-11-01", "screening"): 1,
    }
    assert DAY.month == 9


def test_the_copy_follows_writes_and_deletions(known: World) -> None:
    audience = dq.audience_of(known.user(Role.ANALYST))
    assert dq.totals(audience, Filters())["encounters"] == 4
    record_encounter(
        actor=known.user(Role.REGISTRATION_OFFICER),
        person=known.at_agadez,
        site=known.agadez,
        occurred_on=LATER,
        kind=EncounterKind.SCREENING,
    )
    assert dq.totals(audience, Filters()) == {"encounters": 5, "people": 3}
    known.at_tripoli.encounters.filter(occurred_on=LATER).delete()
    assert dq.totals(audience, Filters()) == {"encounters": 4, "people": 3}


def test_a_saved_copy_is_opened_again_and_caught_up(
    known: World, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mixflow.flows import engine

    monkeypatch.setattr(engine, "_snapshot_path", lambda: tmp_path / "facts.parquet")
    monkeypatch.setattr(engine, "SAVE_AT_LEAST", 1)
    audience = dq.audience_of(known.user(Role.ANALYST))
    engine.FACTS.forget()
    assert dq.totals(audience, Filters())["encounters"] == 4  # loaded from SQLite, saved
    assert (tmp_path / "facts.parquet").exists()
    engine.FACTS.forget()  # a restarted server
    record_encounter(
        actor=known.user(Role.REGISTRATION_OFFICER),
        person=known.at_agadez,
        site=known.agadez,
        occurred_on=LATER,
        kind=EncounterKind.SCREENING,
    )
    assert dq.totals(audience, Filters()) == {"encounters": 5, "people": 3}
    rebuild_facts(actor=SETUP)  # a new epoch: the saved copy is not used again
    engine.FACTS.forget()
    assert dq.totals(audience, Filters())["encounters"] == 5
    engine.FACTS.forget()


def test_the_rebuild_command(known: World, capsys: pytest.CaptureFixture[str]) -> None:
    from mixflow.cli.main import main

    EncounterFact.objects.filter(origin="ERI").delete()  # facts lost: the command repairs them
    assert main(["flows", "rebuild"]) == 0
    assert "6 encounter facts rebuilt" in capsys.readouterr().out
    assert EncounterFact.objects.count() == 6


def test_only_the_operator_or_a_system_administrator_rebuilds(known: World) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        rebuild_facts(actor=known.user(Role.ANALYST))
    assert rebuild_facts(actor=known.user(Role.SYSTEM_ADMIN)) == 6
