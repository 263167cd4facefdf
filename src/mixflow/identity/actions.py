"""State changes of persons and groups: atomic, checked, audited, called by every interface.

Every action takes keyword arguments and one ``actor`` (a user, or the ``SystemActor`` of a
command or task); it starts by checking that the actor may do it here (``checks.require``,
``PermissionDenied`` otherwise), and writes its audit entries in its own transaction.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.utils.translation import gettext_lazy as _

from mixflow.accounts.actors import Actor, user_of
from mixflow.accounts.models import Organisation
from mixflow.core import audit
from mixflow.core.roles import Capability
from mixflow.geo.models import Location
from mixflow.identity import hooks, linking
from mixflow.identity.checks import require
from mixflow.identity.models import (
    Document,
    Group,
    GroupMember,
    Identity,
    LinkDecision,
    LinkSettingsVersion,
    MatchCandidate,
    NameKey,
    Nationality,
    Person,
)
from mixflow.lib.dates import parse_partial_date
from mixflow.lib.names import display_latin, search_keys
from mixflow.lib.vocabularies import Sex

if TYPE_CHECKING:
    from mixflow.identity.linkage import LinkRecord


@dataclass(frozen=True)
class PersonDetails:
    """What a registration records about a person (validated by the caller)."""

    given_name: str = ""
    family_name: str = ""
    father_name: str = ""
    native_name: str = ""
    script: str = ""
    sex: str = Sex.UNKNOWN
    date_of_birth: str = ""
    dob_precision: str | None = None
    nationalities: Sequence[str] = ()
    languages: Sequence[str] = field(default_factory=tuple)


@dataclass(frozen=True)
class DeskContext:
    """What the registering officer knows besides the person's own answers.

    Given to :func:`register_person` (or :func:`link_new_registration`), the registration's
    site and date and ``companions`` (the other people registered in the same submission or
    group, saved or not) rank the earlier registrations it may be, as the desk's lookup does;
    they may hold back an automatic link but never make one (:func:`linking.held_back`).
    """

    companions: Sequence[PersonDetails] = ()


REFUSED_REGISTRATION = _("You may not register persons at this site.")
REFUSED_REVIEW = _("You may not review the matches of these records.")
REFUSED_LINKING = _("You may not link the records of this organisation.")


def _may_register(actor: Actor, organisation_id: int, site_id: int) -> None:
    require(
        actor,
        [Capability.REGISTER_PERSONS],
        organisation_id=organisation_id,
        site_ids=[site_id],
        refusal=REFUSED_REGISTRATION,
    )


def _may_review(actor: Actor, organisation_id: int, person_ids: Iterable[int]) -> None:
    """Link, split and undo need ``review_matches`` at the site of every record touched."""
    sites = Person.objects.filter(pk__in=list(person_ids)).values_list(
        "registration_site_id", flat=True
    )
    require(
        actor,
        [Capability.REVIEW_MATCHES],
        organisation_id=organisation_id,
        site_ids=set(sites),
        refusal=REFUSED_REVIEW,
    )


def _index_names(person: Person) -> None:
    """Rebuild the person's search keys from their names and aliases."""
    aliases = [alias.name for alias in person.aliases.all()] if person.pk else []
    keys = search_keys(
        person.given_name, person.family_name, person.father_name, person.native_name, *aliases
    )
    NameKey.objects.filter(person=person).delete()
    NameKey.objects.bulk_create(NameKey(person=person, key=key) for key in keys)


def _details_record(
    record_id: str, details: PersonDetails, site_code: str, registered_on: datetime.date | None
) -> LinkRecord:
    """The answers about one person, not yet saved, as the matcher sees them."""
    born = parse_partial_date(details.date_of_birth, details.dob_precision)
    latin = display_latin(details.given_name, details.father_name, details.family_name)
    return linking.to_record(
        record_id,
        given=details.given_name,
        family=details.family_name,
        father=details.father_name,
        native=details.native_name,
        latin=latin or display_latin(details.native_name),
        sex=details.sex,
        born=born.as_date(),
        precision=born.precision,
        site_code=site_code,
        nationalities=list(dict.fromkeys(details.nationalities)),
        registered_on=registered_on,
    )


@transaction.atomic
def register_person(
    *,
    actor: Actor,
    organisation: Organisation,
    site: Location,
    registered_on: datetime.date,
    details: PersonDetails,
    context: DeskContext | None = None,
) -> Person:
    """Register a person; the matcher gives the record its identity as it is written.

    Without ``context`` the matcher decides on the record alone; with it, it also weighs the
    site, the date and the companions the way the desk's lookup does (:class:`DeskContext`).
    """
    _may_register(actor, organisation.pk, site.pk)
    born = parse_partial_date(details.date_of_birth, details.dob_precision)
    latin = display_latin(details.given_name, details.father_name, details.family_name)
    latin = latin or display_latin(details.native_name)
    with audit.acting_as(actor):
        # Who is this? Asked before the record is written, so that it is written once, with
        # its identity (one audit entry for the registration).
        record = None
        if linking.matcher_available():
            record = _details_record("new", details, site.code, None)
        if record is not None and context is not None:
            identity_id, review, version = _identity_for(
                organisation.pk,
                record,
                companions=[
                    _details_record(f"new-{i}", mate, site.code, registered_on)
                    for i, mate in enumerate(context.companions)
                ],
                where=site.code,
                when=registered_on,
            )
        else:
            identity_id, review, version = _identity_for(organisation.pk, record)
        person = Person.objects.create(
            organisation=organisation,
            registration_site=site,
            registered_on=registered_on,
            given_name=details.given_name,
            family_name=details.family_name,
            father_name=details.father_name,
            native_name=details.native_name,
            script=details.script,
            latin_name=latin,
            sex=details.sex,
            date_of_birth=born.as_date(),
            dob_precision=born.precision,
            birth_year=born.year,
            languages=list(details.languages),
            identity_id=identity_id,
        )
        for country in dict.fromkeys(details.nationalities):
            Nationality.objects.create(person=person, country=country)
        _index_names(person)
        for candidate in review:
            _suggest(organisation.pk, person.pk, candidate.person_id, candidate.match, version)
    return person


@transaction.atomic
def register_group(
    *,
    actor: Actor,
    organisation: Organisation,
    site: Location,
    kind: str,
    formed_on: datetime.date,
    members: Iterable[tuple[Person, str]],
) -> Group:
    _may_register(actor, organisation.pk, site.pk)
    with audit.acting_as(actor):
        group = Group.objects.create(
            organisation=organisation, site=site, kind=kind, formed_on=formed_on
        )
        joined = []
        for person, relationship in members:
            GroupMember.objects.create(group=group, person=person, relationship=relationship)
            joined.append(person.pk)
        if linking.matcher_available():
            linking.groups_changed(organisation.pk, joined)
    return group


@transaction.atomic
def record_document(
    *, actor: Actor, person: Person, kind: str, number: str, issuing_country: str
) -> Document:
    """A document the person holds, as shown at registration."""
    _may_register(actor, person.organisation_id, person.registration_site_id)
    with audit.acting_as(actor):
        return Document.objects.create(
            person=person, kind=kind, number=number, issuing_country=issuing_country
        )


# --------------------------------------------------------------------------------------------
# Identity resolution: link, split, review, undo
# --------------------------------------------------------------------------------------------

#: Learning from reviewers starts once this many same/different verdicts exist, and runs again
#: each time this many more have been given.
LEARN_AFTER = 30
LEARN_EVERY = 20

Membership = dict[str, list[int]]


class LinkError(ValueError):
    """A link, split or undo that cannot be done, with a message saying why (translated)."""


def _membership(identity_ids: Iterable[int]) -> Membership:
    """Sorted record ids of each identity, keyed by the identity's id as a string (JSON)."""
    ids = sorted(set(identity_ids))
    members: Membership = {str(i): [] for i in ids}
    for person_id, identity_id in (
        Person.objects.filter(identity_id__in=ids).order_by("pk").values_list("pk", "identity_id")
    ):
        members[str(identity_id)].append(person_id)
    return members


def _reloaded(person: Person) -> Person:
    return Person.objects.select_for_update().get(pk=person.pk)


def _ensure_identity(person: Person) -> int:
    if person.identity_id is None:
        person.identity = Identity.objects.create(organisation_id=person.organisation_id)
        person.save(update_fields=["identity", "updated_at"])
        hooks.persons_changed([person.pk])
    return person.identity_id  # type: ignore[return-value]


def _move(person_ids: Iterable[int], identity_id: int) -> None:
    """Put records into an identity one save at a time, so the audit log has each change."""
    moved = []
    for person in Person.objects.filter(pk__in=list(person_ids)).exclude(identity_id=identity_id):
        person.identity_id = identity_id
        person.save(update_fields=["identity", "updated_at"])
        moved.append(person.pk)
    hooks.persons_changed(moved)


def _decision(
    actor: Actor,
    organisation_id: int,
    kind: str,
    before: Membership,
    after: Membership,
    reason: str,
    candidate: MatchCandidate | None = None,
    reverses: LinkDecision | None = None,
) -> LinkDecision:
    decision = LinkDecision.objects.create(
        organisation_id=organisation_id,
        kind=kind,
        before=before,
        after=after,
        reason=reason,
        candidate=candidate,
        reverses=reverses,
        decided_by=user_of(actor),
    )
    records = {pid for ids in (*before.values(), *after.values()) for pid in ids}
    if candidate is not None:
        records |= {candidate.record_a_id, candidate.record_b_id}
    decision.records.set(records)
    return decision


@transaction.atomic
def link_records(
    *,
    actor: Actor,
    a: Person,
    b: Person,
    reason: str,
    kind: str = LinkDecision.Kind.MERGE,
    candidate: MatchCandidate | None = None,
) -> LinkDecision:
    """Merge the identities of ``a`` and ``b``: every record of the newer identity moves to
    the older one. No record changes otherwise; the emptied identity is kept for undo."""
    _may_review(actor, a.organisation_id, [a.pk, b.pk])
    a, b = _reloaded(a), _reloaded(b)  # the caller's copies may predate earlier moves
    if a.organisation_id != b.organisation_id:
        raise LinkError(_("Records of different organisations cannot be linked."))
    with audit.acting_as(actor):
        ids = (_ensure_identity(a), _ensure_identity(b))
        if ids[0] == ids[1]:
            raise LinkError(_("These records already belong to the same person."))
        keep, drop = min(ids), max(ids)
        before = _membership(ids)
        _move(before[str(drop)], keep)
        return _decision(
            actor, a.organisation_id, kind, before, _membership(ids), reason, candidate
        )


@transaction.atomic
def split_record(*, actor: Actor, person: Person, reason: str) -> LinkDecision:
    """Take ``person``'s record out of its identity into a new identity of its own."""
    _may_review(actor, person.organisation_id, [person.pk])
    person = _reloaded(person)
    old = person.identity_id
    if old is None or not Person.objects.filter(identity_id=old).exclude(pk=person.pk).exists():
        raise LinkError(_("This record is not linked to any other: there is nothing to split."))
    with audit.acting_as(actor):
        before = _membership([old])
        new = Identity.objects.create(organisation_id=person.organisation_id)
        _move([person.pk], new.pk)
        person.identity_id = new.pk
        return _decision(
            actor,
            person.organisation_id,
            LinkDecision.Kind.SPLIT,
            before,
            _membership([old, new.pk]),
            reason,
        )


def _current(records: Iterable[int]) -> dict[int, int | None]:
    return dict(Person.objects.filter(pk__in=list(records)).values_list("pk", "identity_id"))


def _as_records(membership: Membership) -> dict[int, int]:
    return {pid: int(iid) for iid, ids in membership.items() for pid in ids}


def _undo_blockers(decision: LinkDecision) -> list[LinkDecision]:
    """Later decisions that changed who belongs with the decision's records and stand."""
    touched = _as_records(decision.after).keys()
    later = (
        LinkDecision.objects.filter(records__in=list(touched), pk__gt=decision.pk)
        .exclude(reversed_by__isnull=False)
        .exclude(kind=LinkDecision.Kind.UNDO, reverses_id__gt=decision.pk)
        .distinct()
        .order_by("pk")
    )
    return [d for d in later if d.before != d.after]


@transaction.atomic
def undo_decision(*, actor: Actor, decision: LinkDecision, reason: str = "") -> LinkDecision:
    """Restore the identity membership recorded before ``decision``, exactly.

    Refused when the decision was already undone, when a later decision changed the same
    records, or when their membership is no longer what the decision left.
    """
    decision = LinkDecision.objects.select_for_update().get(pk=decision.pk)
    touched = {*_as_records(decision.before), *_as_records(decision.after)}
    _may_review(actor, decision.organisation_id, touched)
    if decision.kind == LinkDecision.Kind.UNDO:
        raise LinkError(_("An undo cannot itself be undone: make the decision again instead."))
    if LinkDecision.objects.filter(reverses=decision).exists():
        raise LinkError(_("This decision has already been undone."))
    blockers = _undo_blockers(decision)
    if blockers:
        raise LinkError(
            _("Later decisions changed the same records (%(ids)s): undo them first, newest first.")
            % {"ids": ", ".join(f"#{d.pk}" for d in blockers)}
        )
    after = _as_records(decision.after)
    if _current(after) != after:
        raise LinkError(
            _(
                "These records have been linked differently since this decision (for example "
                "by a batch run): it can no longer be undone exactly."
            )
        )
    with audit.acting_as(actor):
        before = decision.before
        by_identity: dict[int, list[int]] = defaultdict(list)
        for pid, iid in _as_records(before).items():
            by_identity[iid].append(pid)
        for iid, pids in by_identity.items():
            _move(pids, iid)
        candidate = decision.candidate
        if candidate is not None:
            candidate.status = MatchCandidate.Status.OPEN
            candidate.verdict = ""
            candidate.save(update_fields=["status", "verdict"])
        return _decision(
            actor,
            decision.organisation_id,
            LinkDecision.Kind.UNDO,
            dict(decision.after),
            dict(before),
            reason,
            candidate,
            reverses=decision,
        )


@transaction.atomic
def _side(person: Person) -> list[int]:
    """Every record a decision on ``person`` moves: its identity's, or itself alone."""
    if person.identity_id is None:
        return [person.pk]
    return list(
        Person.objects.filter(identity_id=person.identity_id)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def decide_candidate(
    *,
    actor: Actor,
    candidate: MatchCandidate,
    verdict: str,
    reason: str,
    shown: tuple[Iterable[int], Iterable[int]] | None = None,
) -> LinkDecision:
    """A reviewer's verdict on a suggested match.

    *same* links the two records' identities; *different* records the verdict and, when the
    two records were linked, splits the second off; *not sure* keeps the pair in the queue,
    marked.

    ``shown`` holds the record ids of both whole identities as the reviewer saw them: the
    decision is refused if either identity has changed since (another decision linked or split
    a record), so that a verdict can only merge what the reviewer was shown. Every record of
    both identities must be one the reviewer may review.
    """
    _may_review(actor, candidate.organisation_id, [candidate.record_a_id, candidate.record_b_id])
    with transaction.atomic():
        a, b = _reloaded(candidate.record_a), _reloaded(candidate.record_b)
        sides = (_side(a), _side(b))
        if shown is not None and (
            sorted(set(shown[0])) != sides[0] or sorted(set(shown[1])) != sides[1]
        ):
            raise LinkError(
                _(
                    "These registrations were linked or split by someone else since the page "
                    "was shown. Look at them again before deciding."
                )
            )
        _may_review(actor, candidate.organisation_id, [*sides[0], *sides[1]])
        return _decide(actor, candidate, verdict, reason, a, b)


def _decide(
    actor: Actor, candidate: MatchCandidate, verdict: str, reason: str, a: Person, b: Person
) -> LinkDecision:
    """Apply a verdict to locked, checked records (see :func:`decide_candidate`)."""
    Verdict = MatchCandidate.Verdict
    with audit.acting_as(actor):
        ids = (_ensure_identity(a), _ensure_identity(b))
        if verdict == Verdict.SAME and ids[0] != ids[1]:
            decision = link_records(
                actor=actor,
                a=a,
                b=b,
                reason=reason,
                kind=LinkDecision.Kind.SAME,
                candidate=candidate,
            )
        elif verdict == Verdict.DIFFERENT and ids[0] == ids[1]:
            before = _membership(ids)
            new = Identity.objects.create(organisation_id=b.organisation_id)
            _move([b.pk], new.pk)
            decision = _decision(
                actor,
                candidate.organisation_id,
                LinkDecision.Kind.DIFFERENT,
                before,
                _membership([ids[0], new.pk]),
                reason,
                candidate,
            )
        else:
            unchanged = _membership(ids)
            decision = _decision(
                actor, candidate.organisation_id, verdict, unchanged, unchanged, reason, candidate
            )
        candidate.verdict = verdict
        candidate.status = (
            MatchCandidate.Status.NOT_SURE
            if verdict == Verdict.NOT_SURE
            else MatchCandidate.Status.DECIDED
        )
        candidate.save(update_fields=["status", "verdict"])
        if verdict != Verdict.NOT_SURE:
            _learn_if_due(candidate.organisation_id)
    return decision


def _learn_if_due(organisation_id: int) -> LinkSettingsVersion | None:
    """Learn new settings from the standing same/different verdicts when enough have come in.

    The result is stored as a new :class:`LinkSettingsVersion` (data, versioned, reloadable);
    the online index is rebuilt with it on next use.
    """
    if not linking.matcher_available():
        return None
    from mixflow.identity.linkage import learn_from_decisions

    verdicts = list(
        MatchCandidate.objects.filter(
            organisation_id=organisation_id,
            status=MatchCandidate.Status.DECIDED,
            verdict__in=[MatchCandidate.Verdict.SAME, MatchCandidate.Verdict.DIFFERENT],
        ).values_list("record_a_id", "record_b_id", "verdict")
    )
    latest = LinkSettingsVersion.objects.filter(organisation_id=organisation_id).first()
    used = latest.decisions_used if latest else 0
    if len(verdicts) < LEARN_AFTER or len(verdicts) - used < LEARN_EVERY:
        return None
    ids = sorted({pid for a, b, _v in verdicts for pid in (a, b)})
    records = {int(r.record_id): r for r in linking.records_of(ids, organisation_id)}
    base = linking.load_default_settings()
    learned = learn_from_decisions(
        base,
        [
            (records[a], records[b], verdict == MatchCandidate.Verdict.SAME)
            for a, b, verdict in verdicts
            if a in records and b in records
        ],
    )
    data = learned.to_dict()
    data["version"] = f"{base.version}+reviewed.{len(verdicts)}"
    return LinkSettingsVersion.objects.create(
        organisation_id=organisation_id,
        version=data["version"],
        settings=data,
        decisions_used=len(verdicts),
    )


@transaction.atomic
def link_new_registration(
    *, actor: Actor, person: Person, context: DeskContext | None = None
) -> int:
    """Give a saved registration that has no identity yet its identity; returns its id.

    A registration the matcher scores at or above the link threshold joins that record's
    identity; those in the review band go to the review queue; otherwise the person is new.
    Without the matcher, the record gets an identity of its own. (``register_person`` does the
    same before writing the record.) With ``context``, the registration's site and date, the
    other members of the person's groups and ``context.companions`` are weighed as at the desk.
    """
    _may_register(actor, person.organisation_id, person.registration_site_id)
    record = None
    if linking.matcher_available():
        (record,) = linking.records_of([person.pk], person.organisation_id)
    with audit.acting_as(actor):
        if record is not None and context is not None:
            site = person.registration_site.code
            identity_id, review, version = _identity_for(
                person.organisation_id,
                record,
                companions=[
                    *linking.records_of(_group_mates(person), person.organisation_id),
                    *(
                        _details_record(f"new-{i}", mate, site, person.registered_on)
                        for i, mate in enumerate(context.companions)
                    ),
                ],
                where=site,
                when=person.registered_on,
            )
        else:
            identity_id, review, version = _identity_for(person.organisation_id, record)
        person.identity_id = identity_id
        person.save(update_fields=["identity", "updated_at"])
        hooks.persons_changed([person.pk])
        for candidate in review:
            _suggest(
                person.organisation_id, person.pk, candidate.person_id, candidate.match, version
            )
    return identity_id


def _group_mates(person: Person) -> list[int]:
    """The other members of the groups the person belongs to."""
    groups = GroupMember.objects.filter(person=person).values("group_id")
    return list(
        GroupMember.objects.filter(group_id__in=groups)
        .exclude(person=person)
        .order_by("person_id")
        .values_list("person_id", flat=True)
        .distinct()
    )


def _identity_for(
    organisation_id: int,
    record: LinkRecord | None,
    *,
    companions: Sequence[LinkRecord] = (),
    where: str = "",
    when: datetime.date | None = None,
) -> tuple[int, list[linking.Scored], str]:
    """The identity a registration belongs to, the review-band matches to queue, the version
    of the settings used. ``record`` None (no matcher): a new identity, nothing to review.

    ``companions``, ``where`` and ``when`` are the desk's context (link records of the people
    registered with this one, the site's code, the date). The registration joins the identity
    of the best candidate only, and only when that candidate is a link
    (:func:`linking.held_back`) confident enough for the registry's size
    (:func:`linking.links_automatically`): when context ranks first a candidate that is not a
    link on the records alone, a link to another, lower-ranked namesake is not made; a link
    short of the automatic threshold is not made either; they go to review.
    """
    if record is None:
        return Identity.objects.create(organisation_id=organisation_id).pk, [], ""
    scored, version = linking.candidates_for_record(
        organisation_id, record, companions=companions, where=where, when=when
    )
    joined: int | None = None
    if scored and linking.links_automatically(organisation_id, scored[0].match):
        joined = _ensure_identity(Person.objects.get(pk=scored[0].person_id))
    identity_id = joined or Identity.objects.create(organisation_id=organisation_id).pk
    # When the best candidate is not a link, a link to another one is held back: that pair is
    # for a human too, and is queued as a review.
    doubtful = ("review",) if joined else ("review", "link")
    review = [
        linking.Scored(c.person_id, c.identity_id, replace(c.match, decision="review"))
        for c in scored
        if c.match.decision in doubtful and (c.identity_id is None or c.identity_id != joined)
    ]
    return identity_id, review[: linking.MAX_REVIEW_PER_RECORD], version


def _suggest(
    organisation_id: int, one: int, other: int, match: Any, version: str
) -> MatchCandidate:
    a, b = sorted((one, other))
    if a != one:  # the explanation's left and right follow record_a and record_b
        rows = [
            {**row, "left": row["right"], "right": row["left"]}
            for row in linking.explanation(match)
        ]
    else:
        rows = linking.explanation(match)
    candidate, _created = MatchCandidate.objects.get_or_create(
        record_a_id=a,
        record_b_id=b,
        defaults={
            "organisation_id": organisation_id,
            "score": float(match.score),
            "suggested": match.decision,
            "explanation": rows,
            "settings_version": version,
        },
    )
    return candidate


def _assign_identities(assignments: dict[int, int]) -> None:
    """Set many records' identity at once: one prepared UPDATE run for every row, which both
    SQLite and PostgreSQL do far faster than ``bulk_update``'s CASE over thousands of ids."""
    quote = connection.ops.quote_name
    table = quote(Person._meta.db_table)
    # Only quoted identifiers from the model go into the text; values are parameters.
    sql = f"UPDATE {table} SET {quote('identity_id')} = %s WHERE {quote('id')} = %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(iid, pk) for pk, iid in assignments.items()])
    hooks.persons_changed(assignments)


@dataclass(frozen=True)
class BatchResult:
    records: int
    identities_created: int
    records_linked: int
    candidates_created: int
    settings_version: str


@transaction.atomic
def run_batch_linking(*, actor: Actor, organisation: Organisation) -> BatchResult:
    """Deduplicate all of the organisation's records and fill the review queue.

    Records that already have an identity stay where reviewers (or earlier runs) put them;
    a record without one joins the identity of a linked record that has one (the oldest), or
    a new identity shared with the rest of its cluster. Review-band pairs not yet in the queue
    are added. Bulk writes; one audit entry summarises the run. Needs ``review_matches`` over
    the whole organisation (a command without ``--user`` acts as a system actor).
    """
    require(
        actor,
        [Capability.REVIEW_MATCHES],
        organisation_id=organisation.pk,
        site_ids=[None],
        refusal=REFUSED_LINKING,
    )
    from mixflow.identity.linkage import dedupe

    settings = linking.settings_for(organisation.pk)
    records = linking.records_of(None, organisation.pk)
    result = dedupe(records, settings)
    current = dict(
        Person.objects.filter(organisation=organisation).values_list("pk", "identity_id")
    )
    clusters: dict[str, list[int]] = defaultdict(list)
    for record_id, cluster in result.clusters.items():
        clusters[cluster].append(int(record_id))
    to_assign: dict[int, int] = {}
    new_clusters: list[list[int]] = []
    for members in clusters.values():
        known = sorted(i for m in members if (i := current.get(m)) is not None)
        unassigned = [m for m in members if current.get(m) is None]
        if not unassigned:
            continue
        if known:
            to_assign.update((m, known[0]) for m in unassigned)
        else:
            new_clusters.append(unassigned)
    created = Identity.objects.bulk_create(
        [Identity(organisation=organisation) for _ in new_clusters], batch_size=2000
    )
    for identity, members in zip(created, new_clusters, strict=True):
        to_assign.update((m, identity.pk) for m in members)
    _assign_identities(to_assign)
    current.update(to_assign)
    existing = set(
        MatchCandidate.objects.filter(organisation=organisation).values_list(
            "record_a_id", "record_b_id"
        )
    )
    suggestions = []
    for match in result.review:
        a, b = sorted((int(match.left_id), int(match.right_id)))
        if (a, b) in existing or current.get(a) == current.get(b):
            continue
        existing.add((a, b))
        rows = linking.explanation(match)
        if a != int(match.left_id):
            rows = [{**r, "left": r["right"], "right": r["left"]} for r in rows]
        suggestions.append(
            MatchCandidate(
                organisation=organisation,
                record_a_id=a,
                record_b_id=b,
                score=float(match.score),
                suggested=match.decision,
                explanation=rows,
                settings_version=settings.version,
            )
        )
    MatchCandidate.objects.bulk_create(suggestions, batch_size=1000)
    outcome = BatchResult(
        records=len(records),
        identities_created=len(created),
        records_linked=sum(len(m) for m in clusters.values() if len(m) > 1),
        candidates_created=len(suggestions),
        settings_version=settings.version,
    )
    audit.record_bulk_change(actor, organisation, {"identity_linking": asdict(outcome)})
    linking.forget_indexes()
    return outcome


# Rectification and erasure keep their own modules; every interface reaches them from here.
from mixflow.identity.correction_actions import CORRECTABLE as CORRECTABLE  # noqa: E402
from mixflow.identity.correction_actions import correct_person as correct_person  # noqa: E402
from mixflow.identity.erasure_actions import anonymise_records as anonymise_records  # noqa: E402
