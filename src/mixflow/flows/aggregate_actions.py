"""Keeping the aggregate tables in step with the encounters (``flows.models.EncounterFact``).

One SQL statement flattens encounters with their person, first nationality, site and
sensitive answers, on SQLite and PostgreSQL alike; the hook refreshes the facts of the
encounters just written, ``rebuild_facts`` all of them. Facts are derived data and are not
audited (the encounters they come from are).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Max
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import gettext as _

from mixflow.accounts.actors import Actor
from mixflow.core.actors import SystemActor
from mixflow.core.roles import Capability
from mixflow.core.scoping import scope_of
from mixflow.flows.models import (
    EncounterFact,
    FactRemoval,
    FactsVersion,
    FlowCountChange,
    FlowCountsVersion,
)
from mixflow.geo.models import Location
from mixflow.identity.models import Nationality, Person
from mixflow.intake.models import Encounter, FlowCount, SensitiveDetails

CHUNK = 500  # encounter ids per statement (SQLite's bound-parameter limit is far above)


def _facts() -> str:
    return connection.ops.quote_name(EncounterFact._meta.db_table)


def _insert_sql(where: str) -> str:
    """``INSERT … SELECT`` of the facts of the encounters matching ``where`` (on ``e``)."""
    q = connection.ops.quote_name
    facts = q(EncounterFact._meta.db_table)
    enc = q(Encounter._meta.db_table)
    person = q(Person._meta.db_table)
    nat = q(Nationality._meta.db_table)
    site = q(Location._meta.db_table)
    sens = q(SensitiveDetails._meta.db_table)
    # The sensitive lists are encrypted (``core.encryption``); an empty one is stored as ''.
    empty = "''"
    if connection.vendor == "postgresql":
        lists = "e.countries_transited::text, e.reasons_for_leaving::text, e.transport::text"
    else:
        lists = "e.countries_transited, e.reasons_for_leaving, e.transport"
    # Declared nationality first (what the person said), then documented.
    first_nationality = (
        f"(SELECT n.country FROM {nat} n WHERE n.person_id = p.id "  # noqa: S608
        "ORDER BY n.basis, n.id LIMIT 1)"
    )
    return (
        f"INSERT INTO {facts} (encounter_id, seq, organisation_id, site_id, country, "  # noqa: S608
        "occurred_on, kind, sex, birth_year, nationality, origin, destination, transited, "
        "reasons, transport, used_smuggler, smuggler_cost_usd, trafficking, violence, health, "
        "who) "
        f"SELECT e.id, %s + e.id, e.organisation_id, e.site_id, s.country_code, "
        f"e.occurred_on, e.kind, p.sex, p.birth_year, COALESCE({first_nationality}, ''), "
        f"e.country_of_origin, e.intended_destination, {lists}, "
        "e.used_smuggler, e.smuggler_cost_usd, "
        f"CASE WHEN d.encounter_id IS NULL THEN NULL ELSE d.trafficking_indicators <> {empty} END, "
        f"CASE WHEN d.encounter_id IS NULL THEN NULL ELSE d.violence_incidents <> {empty} END, "
        f"CASE WHEN d.encounter_id IS NULL THEN NULL ELSE d.health_conditions <> {empty} END, "
        "COALESCE(p.identity_id, -p.id) "
        f"FROM {enc} e JOIN {person} p ON p.id = e.person_id "
        f"JOIN {site} s ON s.id = e.site_id "
        f"LEFT JOIN {sens} d ON d.encounter_id = e.id "
        f"WHERE {where}"
    )


def _changed(*, new_epoch: bool = False) -> None:
    """A new version token: cached copies of the facts will look again (and start afresh
    after a rebuild: a new epoch)."""
    values = {"token": uuid.uuid4().hex}
    if new_epoch:
        values["epoch"] = uuid.uuid4().hex
    updated = FactsVersion.objects.filter(pk=1).update(**values)
    if not updated:
        FactsVersion.objects.create(pk=1, token=values["token"], epoch=values.get("epoch", ""))


@receiver(post_delete, sender=EncounterFact, dispatch_uid="flows-facts-deleted")
def _fact_deleted(sender: Any, instance: EncounterFact, **kwargs: Any) -> None:
    # An encounter deleted (erasure, retention) takes its fact with it: say so to copies.
    FactRemoval.objects.create(encounter_id=instance.encounter_id)
    _changed()


def _next_seq_base() -> int:
    """Facts written now get ``seq`` above every existing one (``base + encounter id``)."""
    top = EncounterFact.objects.aggregate(top=Max("seq"))["top"]
    return int(top or 0)


def refresh_facts(encounter_ids: Sequence[int]) -> None:
    """Rewrite the facts of these encounters (the hook intake calls inside its transaction).

    Called by intake's write actions, which have checked their actor; facts hold nothing the
    encounters do not.
    """
    ids = sorted(set(encounter_ids))
    with transaction.atomic():
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            marks = ", ".join(["%s"] * len(chunk))
            # The base is read before the delete: a rewritten fact that held the highest seq
            # must get a higher one, or copies catching up from that seq would miss it.
            base = _next_seq_base()
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {_facts()} WHERE encounter_id IN ({marks})", chunk)  # noqa: S608
                cursor.execute(_insert_sql(f"e.id IN ({marks})"), [base, *chunk])
        _changed()


def refresh_facts_of_persons(person_ids: Sequence[int]) -> None:
    """After a person's sex, year of birth, nationality or identity changed."""
    ids = list(
        Encounter.objects.filter(person_id__in=list(person_ids)).values_list("pk", flat=True)
    )
    refresh_facts(ids)


def rebuild_facts(*, actor: Actor) -> int:
    """Every fact again, from the encounters (after bulk loads, or to repair)."""
    scope = scope_of(actor)
    if not isinstance(actor, SystemActor) and not scope.can(Capability.ADMINISTER_SYSTEM):
        raise PermissionDenied(_("Only a system administrator rebuilds the aggregate tables."))
    with transaction.atomic():
        with connection.cursor() as cursor:
            # Raw: no per-row delete signals for a million rows about to be written again.
            cursor.execute(f"DELETE FROM {_facts()}")  # noqa: S608
            cursor.execute(_insert_sql("1 = 1"), [0])
        FactRemoval.objects.all().delete()
        _changed(new_epoch=True)
        return EncounterFact.objects.count()


# ------------------------------------------------------------------------------------------
# The flow monitoring registry: no aggregate table (one row per group is already compact),
# only a version token and a log of the counts changed, for the DuckDB copy to catch up.
# ------------------------------------------------------------------------------------------


def _flow_counts_changed(*, new_epoch: bool = False) -> str:
    """A new version token (and epoch: also when the row is first made, so that no copy
    from before can be taken for current); returns the token."""
    values = {"token": uuid.uuid4().hex}
    if new_epoch:
        values["epoch"] = uuid.uuid4().hex
    if not FlowCountsVersion.objects.filter(pk=1).update(**values):
        FlowCountsVersion.objects.create(
            pk=1, token=values["token"], epoch=values.get("epoch", uuid.uuid4().hex)
        )
    return values["token"]


def flow_counts_changed(flow_count_ids: Sequence[int]) -> None:
    """The hook intake calls in its transaction after writing or correcting flow counts
    (its actions have checked their actor): copies will read these counts again."""
    token = _flow_counts_changed()
    FlowCountChange.objects.bulk_create(
        [FlowCountChange(flow_count_id=pk, token=token) for pk in sorted(set(flow_count_ids))],
        batch_size=CHUNK,
    )


@receiver(post_delete, sender=FlowCount, dispatch_uid="flows-flow-count-deleted")
def _flow_count_deleted(sender: Any, instance: FlowCount, **kwargs: Any) -> None:
    flow_counts_changed([instance.pk])


def flow_counts_reloaded() -> None:
    """After a bulk load wrote flow counts past the hook: every copy reads the registry
    again (a new epoch), and the change log starts afresh. Called by loaders that have
    checked their actor; it changes no figure, only makes copies look."""
    FlowCountChange.objects.all().delete()
    _flow_counts_changed(new_epoch=True)
