"""The registration desk's question: "is this person already registered?".

Before a new person is created the officer sees the likely earlier registrations, each with why
it was proposed, and chooses "same person" or "new person". The ranking is identity
resolution's (the matcher's online index); only records the officer may read are shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from mixflow.core.scoping import scope_of, scoped
from mixflow.identity import explaining
from mixflow.identity.actions import PersonDetails
from mixflow.identity.linking import candidates_for_record, matcher_available, to_record
from mixflow.identity.models import Person
from mixflow.intake.compiled_forms import CompiledForm
from mixflow.intake.mapping import map_answers
from mixflow.lib.dates import parse_partial_date
from mixflow.lib.names import display_latin

if TYPE_CHECKING:
    from mixflow.identity.linkage import LinkRecord

LIMIT = 5


@dataclass(frozen=True)
class LikelyRegistration:
    person: Person
    score: float
    reasons: tuple[str, ...]


def details_from(form: CompiledForm, answers: Mapping[str, Any]) -> PersonDetails | None:
    return map_answers(form.mapping, answers, timezone.localdate()).person


def _record(record_id: str, details: PersonDetails, site_code: str, on: Any) -> LinkRecord:
    """The answers about one person as the matcher sees them."""
    born = parse_partial_date(details.date_of_birth, details.dob_precision)
    return to_record(
        record_id,
        given=details.given_name,
        family=details.family_name,
        father=details.father_name,
        native=details.native_name,
        latin=display_latin(details.given_name, details.father_name, details.family_name)
        or display_latin(details.native_name),
        sex=details.sex,
        born=born.as_date(),
        precision=born.precision,
        site_code=site_code,
        nationalities=details.nationalities,
        registered_on=on,
    )


MIN_PROBABILITY = 0.05
"""Below this, a registration is too unlike to put before the officer."""


def likely_registrations(
    user: Any, form: CompiledForm, answers: Mapping[str, Any], site_code: str = ""
) -> list[LikelyRegistration]:
    """Earlier registrations the officer may read, most like the answers first.

    Ranked with what the desk knows besides the person's answers: the site (``site_code``,
    the one the officer chose, else the form's own site answer), the registration's date and
    the group members registered in the same form.
    """
    mapped = map_answers(form.mapping, answers, timezone.localdate())
    details = mapped.person
    scope = scope_of(user)
    if details is None or scope.organisation_id is None:
        return []
    if not matcher_available():
        return []
    where = site_code or mapped.site_code
    when = mapped.occurred_on or timezone.localdate()
    record = _record("desk", details, where, when)
    companions = [
        _record(f"desk-member-{i}", member, where, when)
        for i, (member, _relationship) in enumerate(mapped.members)
    ]
    scored, _version = candidates_for_record(
        scope.organisation_id,
        record,
        limit=LIMIT * 2,
        companions=companions,
        where=where,
        when=when,
    )
    wanted = [s for s in scored if s.match.probability >= MIN_PROBABILITY]
    visible = scoped(user, Person).in_bulk([s.person_id for s in wanted])
    out: list[LikelyRegistration] = []
    for candidate in wanted:
        person = visible.get(candidate.person_id)
        if person is None:
            continue
        # The review pages' plain, translated findings, strongest first.
        found = tuple(explaining.reasons(candidate.match.fields, limit=4))
        out.append(LikelyRegistration(person, candidate.match.probability, found))
    return out[:LIMIT]
