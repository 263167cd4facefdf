"""People counts follow identity resolution at once: linking, splitting and undoing records
refresh their facts in the same transaction (identity's hook), with no rebuild."""

from __future__ import annotations

from mixflow.core.roles import Role
from mixflow.flows import dashboard_queries as dq
from mixflow.flows.dashboard_filters import Filters
from mixflow.flows.models import FactsVersion
from mixflow.identity.actions import link_records, split_record, undo_decision
from mixflow.identity.models import Person
from tests.conftest import World


def _people(world: World) -> dict[str, int]:
    audience = dq.audience_of(world.user(Role.ANALYST))
    by_site = {r["site_id"]: r["people"] for r in dq.sites(audience, Filters())}
    return {
        "total": dq.totals(audience, Filters())["people"],
        "tripoli": by_site[world.tripoli.pk],
        "SDN": {r["nationality"]: r["people"] for r in dq.nationalities(audience, Filters())}[
            "SDN"
        ],
    }


def test_linking_two_records_counts_one_person_without_a_rebuild(known: World) -> None:
    officer = known.user(Role.REGISTRATION_OFFICER)
    child = Person.objects.get(given_name="Amina")
    assert _people(known) == {"total": 3, "tripoli": 2, "SDN": 2}
    epoch = FactsVersion.objects.get().epoch

    merge = link_records(actor=officer, a=known.at_tripoli, b=child, reason="same card")
    assert _people(known) == {"total": 2, "tripoli": 1, "SDN": 1}
    assert dq.totals(dq.audience_of(known.user(Role.ANALYST)), Filters())["encounters"] == 4

    split = split_record(actor=officer, person=Person.objects.get(pk=child.pk), reason="not her")
    assert _people(known) == {"total": 3, "tripoli": 2, "SDN": 2}

    undo_decision(actor=officer, decision=split, reason="it was her")
    assert _people(known) == {"total": 2, "tripoli": 1, "SDN": 1}
    undo_decision(actor=officer, decision=merge, reason="the card was lent")
    assert _people(known) == {"total": 3, "tripoli": 2, "SDN": 2}
    assert FactsVersion.objects.get().epoch == epoch  # followed, never rebuilt
