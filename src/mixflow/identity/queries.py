"""Scoped reads of persons. Every page, endpoint and command reads persons through here.

Reads only: nothing here writes, not even the audit log. The page or endpoint that shows a
person's record logs the access (``core.audit.record_access``), since only it knows the record
was shown (and how: page, API, review).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db import connection
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Abs, Coalesce

from mixflow.accounts.models import Organisation
from mixflow.core.encryption import index_of
from mixflow.core.scoping import scoped
from mixflow.identity.models import (
    Document,
    Group,
    GroupMember,
    LinkDecision,
    MatchCandidate,
    NameKey,
    Person,
)
from mixflow.lib.names import query_key_groups

YEAR = re.compile(r"^\d{4}$")


def _starts_with(token: str) -> Q:
    """Keys beginning with ``token`` (plain tokens are lowercase ``[a-z0-9]``).

    SQLite's LIKE ignores case and cannot use the index, so there it is a range on the binary
    collation ("{" sorts right after "z"); PostgreSQL's LIKE is exact.
    """
    if connection.vendor == "sqlite":
        return Q(key__gte=token, key__lt=token + "{")
    return Q(key__startswith=token)


def persons_for(user: Any) -> QuerySet[Person]:
    return scoped(user, Person).select_related("registration_site", "organisation")


@dataclass(frozen=True)
class PersonSearch:
    """What a search form asked for; every part optional."""

    name: str = ""
    born: str = ""
    nationality: str = ""
    site_id: int | None = None
    document: str = ""

    @property
    def is_empty(self) -> bool:
        return not (
            self.name.strip()
            or self.born.strip()
            or self.nationality
            or self.site_id
            or self.document.strip()
        )


def search_persons(user: Any, search: PersonSearch) -> QuerySet[Person]:
    """Persons in the user's scope matching every given criterion, most recent first.

    Names match through their search keys, so accents, case, script and the common
    transliterations do not matter; the last word may be the beginning of a name.
    """
    persons = persons_for(user)
    groups = query_key_groups(search.name)
    for position, group in enumerate(groups):
        # A group holds one query word's plain token first, then its phonetic keys: the
        # person must have one of them. The last word may still be being typed, so its plain
        # token also matches as the beginning of a longer one.
        matching = Q(key__in=group)
        if position == len(groups) - 1:
            matching |= _starts_with(group[0])
        persons = persons.filter(pk__in=NameKey.objects.filter(matching).values("person_id"))
    born = search.born.strip()
    if YEAR.match(born):
        persons = persons.filter(birth_year=int(born))
    elif born:
        persons = persons.filter(date_of_birth=born)
    if search.nationality:
        persons = persons.filter(nationalities__country=search.nationality.upper()).distinct()
    if search.site_id:
        persons = persons.filter(registration_site_id=search.site_id)
    if search.document.strip():
        persons = persons.filter(pk__in=persons_holding_document(search.document))
    return persons.order_by("-registered_on", "-id")


def persons_holding_document(number: str) -> QuerySet[Document, int]:
    """A subquery of the persons holding a document with this number (spaces, dashes and case
    do not count). Numbers are encrypted at rest: the look-up goes through their blind index."""
    key = index_of(number)
    if not key:
        return Document.objects.none().values_list("person_id", flat=True)
    return Document.objects.filter(number_index=key).values_list("person_id", flat=True)


def person_for(user: Any, person_id: int) -> Person | None:
    """One person in the user's scope, or None. Writes nothing: the caller that shows the
    record logs the access."""
    return (
        persons_for(user)
        .prefetch_related("nationalities", "documents", "aliases")
        .filter(pk=person_id)
        .first()
    )


def group_memberships_of(user: Any, person: Person) -> QuerySet[GroupMember]:
    """The person's groups and their fellow members, as far as the user may see them."""
    groups = scoped(user, GroupMember).filter(person=person).values("group_id")
    return (
        scoped(user, GroupMember)
        .filter(group_id__in=groups)
        .select_related("person", "group")
        .order_by("group_id", "id")
    )


# -- identity resolution -------------------------------------------------------------------------


def visible_person_ids(user: Any) -> QuerySet[Person, int]:
    """A subquery of the ids of every person the user may see."""
    return scoped(user, Person).values_list("pk", flat=True)


def review_queue_for(user: Any, status: str | None = None) -> QuerySet[MatchCandidate]:
    """Suggested matches the user may review: both records must be visible to them."""
    visible = visible_person_ids(user)
    candidates = scoped(user, MatchCandidate).filter(record_a__in=visible, record_b__in=visible)
    if status:
        candidates = candidates.filter(status=status)
    # What most needs a human first: pairs nearest the link threshold (the matcher is least
    # sure of them), then the ones whose decision moves the most records.
    return (
        candidates.select_related("record_a__registration_site", "record_b__registration_site")
        .annotate(
            doubt=Abs(F("score") - Value(review_boundary())),
            records_moved=Coalesce(_identity_size("record_a"), 1)
            + Coalesce(_identity_size("record_b"), 1),
        )
        .order_by("doubt", "-records_moved", "id")
    )


def _identity_size(side: str) -> Subquery:
    return Subquery(
        Person.objects.filter(identity_id=OuterRef(f"{side}__identity_id"))
        .order_by()
        .values("identity_id")
        .annotate(n=Count("pk"))
        .values("n")[:1],
        output_field=IntegerField(),
    )


@lru_cache(maxsize=1)
def review_boundary() -> float:
    """The score (log2 odds) at which the shipped settings link a pair; 0 without a matcher."""
    try:
        from mixflow.identity.linkage import load_settings
    except ImportError:
        return 0.0
    return float(load_settings().upper)


def candidate_for(user: Any, candidate_id: int) -> MatchCandidate | None:
    """One suggested match in the user's scope (the page showing both records logs it)."""
    return (
        review_queue_for(user)
        .prefetch_related(
            "record_a__nationalities",
            "record_b__nationalities",
            "record_a__aliases",
            "record_b__aliases",
        )
        .filter(pk=candidate_id)
        .first()
    )


def decisions_for(user: Any) -> QuerySet[LinkDecision]:
    """Linking decisions the user may see: every record they involve must be visible."""
    through = LinkDecision.records.through
    hidden_record = through.objects.filter(linkdecision_id=OuterRef("pk")).exclude(
        person_id__in=visible_person_ids(user)
    )
    return (
        scoped(user, LinkDecision)
        .filter(~Exists(hidden_record))
        .select_related("decided_by", "reverses")
        .prefetch_related("records")
        .order_by("-decided_at", "-id")
    )


def decision_for(user: Any, decision_id: int) -> LinkDecision | None:
    return decisions_for(user).filter(pk=decision_id).first()


def other_registrations_of(user: Any, person: Person) -> QuerySet[Person]:
    """The other records of the person's identity that the user may see."""
    if person.identity_id is None:
        return persons_for(user).none()
    return (
        persons_for(user)
        .filter(identity_id=person.identity_id)
        .exclude(pk=person.pk)
        .order_by("registered_on", "id")
    )


@dataclass(frozen=True)
class IdentitySide:
    """One side of a suggested match: every record already linked to it.

    ``record_ids`` are all the records of the identity (what a decision would move);
    ``records`` those of them the user may see, in registration order.
    """

    record_ids: tuple[int, ...]
    records: tuple[Person, ...]

    @property
    def hidden(self) -> int:
        return len(self.record_ids) - len(self.records)


def identity_side(user: Any, person: Person) -> IdentitySide:
    """The whole identity of ``person`` as a reviewer deciding on it must see it."""
    if person.identity_id is None:
        ids: tuple[int, ...] = (person.pk,)
    else:
        ids = tuple(
            Person.objects.filter(identity_id=person.identity_id)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    records = tuple(
        persons_for(user)
        .filter(pk__in=ids)
        .select_related("registration_site")
        .prefetch_related("nationalities")
        .order_by("registered_on", "id")
    )
    return IdentitySide(ids, records)


def undoable_among(decisions: Iterable[LinkDecision]) -> set[int]:
    """Ids of the given decisions that have not been undone and are not undos themselves."""
    listed = list(decisions)
    undone = set(
        LinkDecision.objects.filter(reverses__in=[d.pk for d in listed]).values_list(
            "reverses_id", flat=True
        )
    )
    return {d.pk for d in listed if d.kind != LinkDecision.Kind.UNDO and d.pk not in undone}


# -- groups --------------------------------------------------------------------------------------


def groups_for(user: Any) -> QuerySet[Group]:
    """Groups in the user's scope, each with the memberships the user may see (prefetched as
    ``memberships``, in the order they were recorded)."""
    members = scoped(user, GroupMember).select_related("person").order_by("id")
    return (
        scoped(user, Group)
        .select_related("site")
        .prefetch_related(Prefetch("memberships", queryset=members))
    )


def group_for(user: Any, group_id: int) -> Group | None:
    """One group in the user's scope, with the memberships the user may see (or read them
    with ``members_of``)."""
    return groups_for(user).filter(pk=group_id).first()


# -- for batch runs (commands) -------------------------------------------------------------------


def organisations_with_unlinked_records() -> QuerySet[Organisation]:
    """Organisations holding registrations that no identity holds yet (a batch run's work);
    unscoped: for commands run by the machine's operator."""
    unlinked = Person.objects.filter(identity__isnull=True).values("organisation_id")
    return Organisation.objects.filter(pk__in=unlinked).order_by("code")


def members_of(user: Any, group: Group) -> QuerySet[GroupMember]:
    """The group's members the user may read, head first."""
    return scoped(user, GroupMember).filter(group=group).select_related("person").order_by("id")


def member_of(user: Any, group: Group, member_id: int) -> GroupMember | None:
    return members_of(user, group).filter(pk=member_id).first()
