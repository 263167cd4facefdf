"""The bridge between registrations (``Person`` rows) and the Django-free matcher.

Turns persons into :class:`~mixflow.identity.linkage.LinkRecord` in bulk, keeps one online
:class:`~mixflow.identity.linkage.LinkIndex` per organisation for the question asked at every
registration ("is this person already registered?"), and picks the linkage settings in force
(the newest learned :class:`LinkSettingsVersion`, else the shipped default).

The matcher is imported lazily: this module, and so ``register_person``, keep working while it
is missing (``matcher_available`` says so), the new record simply getting an identity of its own.
"""

from __future__ import annotations

import datetime
import threading
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from mixflow.identity.models import GroupMember, LinkSettingsVersion, Nationality, Person
from mixflow.lib.vocabularies import DatePrecision

if TYPE_CHECKING:
    from mixflow.identity.linkage import LinkIndex, LinkRecord, LinkSettings, Match

#: Review-band matches kept per new registration: the queue must stay readable.
MAX_REVIEW_PER_RECORD = 5


def matcher_available() -> bool:
    try:
        from mixflow.identity.linkage import LinkIndex, compare, dedupe, load_settings  # noqa: F401
    except ImportError:
        return False
    return all(hasattr(LinkIndex, method) for method in ("add_many", "query"))


# -- persons as link records -------------------------------------------------------------------


def dob_text(date_of_birth: Any, precision: str) -> str:
    """The matcher's date form: ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY`` or ``~YYYY`` (estimated)."""
    if date_of_birth is None:
        return ""
    if precision == DatePrecision.EXACT:
        return f"{date_of_birth:%Y-%m-%d}"
    if precision == DatePrecision.MONTH:
        return f"{date_of_birth:%Y-%m}"
    if precision == DatePrecision.ESTIMATED:
        return f"~{date_of_birth:%Y}"
    return f"{date_of_birth:%Y}"


_FIELDS = (
    "pk",
    "given_name",
    "family_name",
    "father_name",
    "native_name",
    "latin_name",
    "sex",
    "date_of_birth",
    "dob_precision",
    "registration_site__code",
    "registered_on",
)


def records_of(person_ids: Sequence[int] | None, organisation_id: int) -> list[LinkRecord]:
    """Link records of the organisation's persons (all of them when ``person_ids`` is None).

    Three queries whatever the number: persons, nationalities, group memberships. Declared
    nationalities come before documented ones; the first is the record's ``nationality``.
    """
    persons = Person.objects.filter(organisation_id=organisation_id)
    if person_ids is not None:
        persons = persons.filter(pk__in=list(person_ids))
    rows = list(persons.order_by("pk").values_list(*_FIELDS))
    ids = [row[0] for row in rows]
    nationalities: dict[int, list[str]] = defaultdict(list)
    groups: dict[int, str] = {}
    for chunk in _chunks(ids, 900):  # SQLite's limit on query parameters
        for person_id, country in (
            Nationality.objects.filter(person_id__in=chunk)
            .order_by("person_id", "basis", "id")  # "declared" sorts before "documented"
            .values_list("person_id", "country")
        ):
            if country not in nationalities[person_id]:
                nationalities[person_id].append(country)
        for person_id, group_id in (
            GroupMember.objects.filter(person_id__in=chunk)
            .order_by("person_id", "id")
            .values_list("person_id", "group_id")
        ):
            groups.setdefault(person_id, str(group_id))
    return [
        to_record(
            str(pk),
            given=given,
            family=family,
            father=father,
            native=native,
            latin=latin,
            sex=sex,
            born=born,
            precision=precision,
            site_code=site or "",
            nationalities=nationalities.get(pk, []),
            group_id=groups.get(pk, ""),
            registered_on=registered,
        )
        for pk, given, family, father, native, latin, sex, born, precision, site, registered in rows
    ]


def to_record(
    record_id: str,
    *,
    given: str,
    family: str,
    father: str,
    native: str,
    latin: str,
    sex: str,
    born: Any,
    precision: str,
    site_code: str,
    nationalities: Sequence[str],
    group_id: str = "",
    registered_on: Any = None,
) -> LinkRecord:
    """One registration as the matcher sees it (see :func:`records_of`)."""
    from mixflow.identity.linkage import LinkRecord

    if not (given or family or father) and latin:
        # Only a name in its own script was recorded: compare its transliteration, first
        # word as the given name (the usual order in the scripts registrations meet).
        given, _, family = latin.partition(" ")
    return LinkRecord(
        record_id=record_id,
        given_name=given,
        family_name=family,
        father_name=father,
        sex=sex if sex in ("male", "female", "other") else "",
        date_of_birth=dob_text(born, precision),
        nationality=nationalities[0] if nationalities else "",
        other_nationalities=tuple(nationalities[1:]),
        site=site_code,
        group_id=group_id,
        native_name=native,
        registered_on=f"{registered_on:%Y-%m-%d}" if registered_on else "",
    )


def _chunks(items: Sequence[int], size: int) -> Iterable[Sequence[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# -- settings in force ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def load_default_settings() -> LinkSettings:
    """The shipped default settings, read once per process."""
    from mixflow.identity.linkage import load_settings

    return load_settings()


def settings_for(organisation_id: int) -> LinkSettings:
    """The newest settings learned from the organisation's decisions, else the default."""
    from mixflow.identity.linkage import LinkSettings

    learned = (
        LinkSettingsVersion.objects.filter(organisation_id=organisation_id)
        .order_by("-created_at", "-id")
        .first()
    )
    if learned is not None:
        return LinkSettings.from_dict(learned.settings)
    return load_default_settings()


# -- the online index ------------------------------------------------------------------------------


@dataclass
class _Online:
    index: LinkIndex
    settings_version: str
    max_pk: int
    records: dict[str, LinkRecord]  # what the index holds, to tell when it is stale

    @property
    def size(self) -> int:
        return len(self.records)

    def add(self, records: list[LinkRecord]) -> None:
        self.index.add_many(records)
        self.records.update((r.record_id, r) for r in records)


_indexes: dict[int, _Online] = {}
_lock = threading.Lock()


def forget_indexes() -> None:
    """Drop every online index (tests, or after settings change): rebuilt on next use."""
    with _lock:
        _indexes.clear()


def _fresh(organisation_id: int, settings: LinkSettings) -> _Online:
    """The organisation's index, caught up with the database.

    Records registered by another process since the last use are added (ids above the highest
    seen); when the count still differs (records deleted, a transaction rolled back) the index
    is rebuilt. Edited records are not followed: candidates are re-scored from the database.
    """
    from mixflow.identity.linkage import LinkIndex

    persons = Person.objects.filter(organisation_id=organisation_id)
    online = _indexes.get(organisation_id)
    if online is not None and online.settings_version == settings.version:
        newer = list(persons.filter(pk__gt=online.max_pk).values_list("pk", flat=True))
        if newer:
            online.add(records_of(newer, organisation_id))
            online.max_pk = max(newer)
        if online.size == persons.count():
            return online
    records = records_of(None, organisation_id)
    online = _Online(
        index=LinkIndex(settings),
        settings_version=settings.version,
        max_pk=max((int(r.record_id) for r in records), default=0),
        records={},
    )
    online.add(records)
    _indexes[organisation_id] = online
    return online


def groups_changed(organisation_id: int, person_ids: Sequence[int]) -> None:
    """Persons joined or left a group: the index's copies take their groups.

    The index follows new registrations by id only, and a group is written after its
    members (one submission registers everyone, then the group), so without this the
    companions' evidence would be missing for every group formed since the index was built.
    Nothing to do when the organisation has no index yet (it is built from the database).
    """
    with _lock:
        online = _indexes.get(organisation_id)
        if online is None:
            return
        held = [pk for pk in person_ids if str(pk) in online.records]
        if held:
            online.add(records_of(held, organisation_id))


@dataclass(frozen=True)
class Scored:
    """A registration that may be the same person as the one asked about."""

    person_id: int
    identity_id: int | None
    match: Match


def candidates_for(person: Person, limit: int = 10) -> tuple[list[Scored], str]:
    """Registrations of the person's organisation most like ``person`` (saved), best first."""
    (record,) = records_of([person.pk], person.organisation_id)
    return candidates_for_record(person.organisation_id, record, limit)


def candidates_for_record(
    organisation_id: int,
    record: LinkRecord,
    limit: int = 10,
    *,
    companions: Sequence[LinkRecord] = (),
    where: str = "",
    when: datetime.date | str | None = None,
) -> tuple[list[Scored], str]:
    """Registrations of the organisation most like ``record``, best first.

    ``companions`` (the people registering with this one), ``where`` (the site's code) and
    ``when`` (the registration's date) are what the desk knows besides the person's answers:
    the index ranks with them (see :meth:`~mixflow.identity.linkage.LinkIndex.query`), and
    each match's ``decision`` follows :func:`held_back`.

    ``record`` may be a saved person (its id is a person's id: the index then holds it, as it
    catches up with the database first) or one about to be saved (any other id). Each
    candidate the index proposes is checked against the database; one whose indexed copy is
    out of date (edited, or since put in a group) is updated in the index and scored again
    with the same context, so a stale index can miss a match but never invent one, and the
    score of a candidate does not depend on whether its copy was current.
    Returns the candidates and the settings version used.
    """
    settings = settings_for(organisation_id)
    context: dict[str, Any] = {"companions": companions, "where": where, "when": when}
    with _lock:
        online = _fresh(organisation_id, settings)
        saved = record.record_id.isdigit() and int(record.record_id) <= online.max_pk
        if saved and online.records.get(record.record_id) != record:
            online.add([record])
        proposed = {
            c.record_id: (c.match, online.records.get(c.record_id))
            for c in online.index.query(record, limit=limit, **context)
            if c.record_id != record.record_id
        }
    ids = [int(rid) for rid in proposed]
    current = {r.record_id: r for r in records_of(ids, organisation_id)}
    identities = dict(Person.objects.filter(pk__in=ids).values_list("pk", "identity_id"))
    matches = {rid: proposed[rid][0] for rid in current}
    stale = [other for rid, other in current.items() if proposed[rid][1] != other]
    if stale:
        with _lock:
            online = _fresh(organisation_id, settings)
            online.add(stale)
            again = online.index.score(record, [r.record_id for r in stale], **context)
        matches.update((c.record_id, c.match) for c in again)
    scored = [
        Scored(int(rid), identities.get(int(rid)), held_back(match, settings))
        for rid, match in matches.items()
    ]
    scored.sort(key=lambda s: -s.match.score)
    return scored[:limit], settings.version


def held_back(match: Match, settings: LinkSettings) -> Match:
    """The match with the decision an automatic link may take from it.

    The desk's context (companions, site, date) ranks the candidates and moves a pair between
    *review* and *apart*, but it never makes a link on its own: a pair is *link* only when its
    score reaches the link threshold both on the records alone and with the context added;
    a pair that reaches it on the records alone while the context speaks against it goes to
    review. Measured at registration (docs/identity.md, "Automatic linking with the desk's
    context"): the links context would add are right about half the time, the links it holds
    back almost never. Without context the decision is the records' alone, as before.
    """
    from mixflow.identity.linkage.index import context_bits

    if match.decision == "link" and match.score - context_bits(match) < settings.upper:
        return replace(match, decision="review")
    return match


def links_automatically(organisation_id: int, match: Match) -> bool:
    """Whether a registration may join ``match``'s record with no human looking.

    ``match`` must be a link (:func:`held_back`), and both its score on the records alone and
    its score with the context must reach :func:`~mixflow.identity.linkage.autolink.auto_link_at`
    for the organisation's registry: odds of 19 to 1, corrected for the number of records
    the index holds. The link threshold alone was set for a pair being more likely one person
    than two, in a registry the size of the sample it was measured on; at national scale it
    linked half the newcomers to someone else (docs/identity.md, "Automatic links at national
    scale"). Only the registration's own link uses this: the desk's ranking does not.
    """
    from mixflow.identity.linkage.autolink import auto_link_at
    from mixflow.identity.linkage.index import context_bits

    if match.decision != "link":
        return False
    settings = settings_for(organisation_id)
    with _lock:
        online = _indexes.get(organisation_id)
        indexed = online.size if online is not None else None
    if indexed is None:
        indexed = Person.objects.filter(organisation_id=organisation_id).count()
    at = auto_link_at(settings, indexed)
    return match.score >= at and match.score - context_bits(match) >= at


def explanation(match: Match) -> list[dict[str, Any]]:
    """The match's field-by-field comparison as JSON-ready rows."""
    return [
        {
            "field": f.field,
            "level": f.level,
            "weight": round(float(f.weight), 3),
            "left": f.left,
            "right": f.right,
            "note": f.note,
        }
        for f in match.fields
    ]
