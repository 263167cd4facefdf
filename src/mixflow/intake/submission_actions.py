"""Receiving filled questionnaires: the one path for the web form, the API, OpenRosa, imports
and the command line.

``receive_submission`` takes one submission through look-up → version → may-fill → validate →
map → store, in one transaction, audited; ``submit_many`` takes many of one version through the
same steps, and writes count-only forms (the flow monitoring registry) with bulk inserts and one
audit entry per call. Nothing is written for an invalid or refused submission; a submission
already received (same instance id, same answers) is recognised and not stored twice, and
another one under a reused instance id is a conflict (``SubmissionOutcome.conflict``). An error
the checks missed (the database refusing a value) is an outcome with the reason under
``ROW_FIELD``, never an exception: one bad row never stops the rows around it.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from mixflow.accounts.actors import Actor, user_of
from mixflow.accounts.models import Organisation
from mixflow.core import audit
from mixflow.core.bulk import insert_many
from mixflow.geo.models import Location
from mixflow.identity.actions import (
    DeskContext,
    record_document,
    register_group,
    register_person,
)
from mixflow.identity.models import Person
from mixflow.intake.answer_checks import check_answers
from mixflow.intake.compiled_forms import CompiledForm, compiled, may_submit, version_to_use
from mixflow.intake.encounter_actions import flow_count_from, record_encounter, record_flow_count
from mixflow.intake.hooks import flow_counts_written
from mixflow.intake.mapping import MappedSubmission, map_answers
from mixflow.intake.models import (
    FlowCount,
    ImportBatch,
    Questionnaire,
    QuestionnaireVersion,
    Submission,
    SubmissionAttachment,
)
from mixflow.intake.said import reason_of, said
from mixflow.intake.screening import profile_encounter
from mixflow.intake.submission_sites import SITE_FIELD, SiteResolver
from mixflow.intake.xlsform.model import METADATA_TYPES, Form, Question, Section
from mixflow.intake.xlsform.validate import Validation
from mixflow.lib.vocabularies import GroupKind, Relationship
from mixflow.protection.actions import record_consent

logger = logging.getLogger(__name__)

ROW_FIELD = "__row__"
"""The key of an error about a whole submission rather than one answer (an import's row)."""

Attachment = tuple[str, str, bytes]
"""(name, content type, bytes) of a file sent with a submission (an OpenRosa photo)."""


@dataclass(frozen=True)
class SubmissionOutcome:
    submission: Submission | None
    created: bool
    errors: Mapping[str, str] = field(default_factory=dict)
    """Why it was refused, keyed by question (``SITE_FIELD`` for the site)."""
    validation: Validation | None = None
    conflict: Submission | None = None
    """The submission received earlier under the same instance id with other answers."""

    @property
    def ok(self) -> bool:
        return self.submission is not None


@dataclass(frozen=True)
class Incoming:
    """One submission of many (``submit_many``): its answers and its id, if it brings one."""

    answers: Mapping[str, Any]
    instance_id: str = ""
    kept: Mapping[str, str] = field(default_factory=dict)
    """Values that answer no question, kept with the submission as given (an import's columns
    mapped to no question)."""


def content_id(answers: Mapping[str, Any]) -> str:
    """A stable id for a submission that brings none: a hash of its answers."""
    text = json.dumps(answers, sort_keys=True, default=str, ensure_ascii=False)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:56]


def _instance_id(version: QuestionnaireVersion, given: str, checked: Validation) -> str:
    # The hash covers every answer, sensitive ones included (it reveals none of them): two
    # submissions that differ only there are two submissions.
    return given or content_id(
        {
            "form": version.questionnaire.form_id,
            "answers": checked.answers,
            "unknown": checked.unknown,
        }
    )


def _refusal() -> str:
    return said(gettext_lazy("Your role does not allow you to submit this questionnaire."))


def receive_submission(
    *,
    actor: Actor,
    questionnaire: Questionnaire,
    answers: Mapping[str, Any],
    channel: str,
    lang: str,
    site: Location | None = None,
    instance_id: str = "",
    version: str | None = None,
    same_person: Person | None = None,
    attachments: Sequence[Attachment] = (),
    batch: ImportBatch | None = None,
    kept: Mapping[str, str] | None = None,
) -> SubmissionOutcome:
    """Validate and store one submission of ``questionnaire``.

    The version is the one named (``version``), else the current one (``UnknownVersion`` if
    there is none such). ``PermissionDenied`` when the actor may not submit this questionnaire
    through this channel, or not at the submission's site. An outcome with errors keyed by
    question when the answers are refused (``ROW_FIELD`` for the whole submission, and
    ``conflict`` for a reused instance id); nothing is written then. ``kept``: values that
    answer no question, stored with the submission as given.
    """
    chosen = version_to_use(questionnaire, version)
    return _guarded(
        actor=actor,
        version=chosen,
        answers=answers,
        channel=channel,
        lang=lang,
        site=site,
        instance_id=instance_id,
        same_person=same_person,
        attachments=attachments,
        batch=batch,
        kept=kept,
    )


@transaction.atomic
def _receive(
    *,
    actor: Actor,
    version: QuestionnaireVersion,
    answers: Mapping[str, Any],
    channel: str,
    lang: str,
    site: Location | None,
    instance_id: str,
    same_person: Person | None = None,
    attachments: Sequence[Attachment] = (),
    batch: ImportBatch | None = None,
    resolver: SiteResolver | None = None,
    kept: Mapping[str, str] | None = None,
) -> SubmissionOutcome:
    if not may_submit(actor, version, channel):
        raise PermissionDenied(_refusal())
    form = compiled(version)
    today = timezone.localdate()
    checked, errors = check_answers(form, answers, lang, today)
    if errors:
        return SubmissionOutcome(None, False, errors, checked)
    mapped = map_answers(form.mapping, checked.answers, today)
    resolver = resolver or SiteResolver(actor=actor, version=version, channel=channel, default=site)
    where = resolver.resolve(_site_code(mapped))
    if where.refused:
        raise PermissionDenied(where.error)
    if where.site is None:
        return SubmissionOutcome(None, False, {SITE_FIELD: where.error}, checked)

    organisation = version.questionnaire.organisation
    given_id = bool(instance_id)
    instance_id = _instance_id(version, instance_id, checked)
    existing = Submission.objects.filter(organisation=organisation, instance_id=instance_id).first()
    if existing is not None:
        return _received_before(existing, given_id, version, mapped, checked, lang)
    try:
        with audit.acting_as(actor):
            submission = _store(
                actor,
                version,
                form,
                mapped,
                checked,
                where.site,
                instance_id,
                channel=channel,
                same_person=same_person,
                attachments=attachments,
                batch=batch,
                kept=kept or {},
            )
    except IntegrityError:
        # Another request stored the same instance between our check and our write.
        existing = Submission.objects.filter(
            organisation=organisation, instance_id=instance_id
        ).first()
        if existing is None:
            raise
        return _received_before(existing, given_id, version, mapped, checked, lang)
    return SubmissionOutcome(submission, True, {}, checked)


def _volatile(form: Form) -> frozenset[str]:
    """Answers the server fills when the device did not (``start``, ``today``…) or computes:
    they differ between two sendings of one submission."""
    names: set[str] = set()

    def walk(children: Sequence[Question | Section]) -> None:
        for child in children:
            if isinstance(child, Section):
                walk(child.children)
            elif child.type in METADATA_TYPES or child.type == "calculate":
                names.add(child.name)

    walk(form.children)
    return frozenset(names)


def _lasting(answers: Mapping[str, Any], volatile: frozenset[str]) -> dict[str, Any]:
    return {k: v for k, v in answers.items() if k not in volatile}


def _received_before(
    existing: Submission,
    given_id: bool,
    version: QuestionnaireVersion,
    mapped: MappedSubmission,
    checked: Validation,
    lang: str,
) -> SubmissionOutcome:
    """The same submission again is harmless (nothing new is stored); another submission under
    a reused instance id is a conflict, never a silent drop of its content. An id computed from
    the content (none was given) cannot collide with other content."""
    volatile = _volatile(compiled(version).form)
    same = not given_id or (
        existing.version.questionnaire_id == version.questionnaire_id
        and _lasting(existing.answers, volatile) == _lasting(mapped.kept, volatile)
    )
    if same:
        return SubmissionOutcome(existing, False, {}, checked)
    message = said(
        gettext_lazy(
            "Another submission (number %(id)s) was already received under the instance id "
            "“%(instance)s” with other answers. Give this submission its own instance id, or "
            "correct the one already received."
        ),
        lang,
        id=existing.pk,
        instance=existing.instance_id,
    )
    return SubmissionOutcome(None, False, {ROW_FIELD: message}, checked, conflict=existing)


def _unmapped(
    mapped: MappedSubmission, checked: Validation, kept: Mapping[str, str]
) -> dict[str, Any]:
    """Everything given that answers no question: nothing sent is thrown away."""
    return {**kept, **mapped.unmapped, **{k: str(v) for k, v in checked.unknown.items()}}


def _site_code(mapped: MappedSubmission) -> str:
    return str(mapped.site_code or (mapped.flow_count or {}).get("site", "") or "")


@transaction.atomic
def _store(
    actor: Actor,
    version: QuestionnaireVersion,
    form: CompiledForm,
    mapped: MappedSubmission,
    checked: Validation,
    site: Location,
    instance_id: str,
    *,
    channel: str,
    same_person: Person | None,
    attachments: Sequence[Attachment],
    batch: ImportBatch | None,
    kept: Mapping[str, str],
) -> Submission:
    organisation = version.questionnaire.organisation
    occurred_on = mapped.occurred_on or timezone.localdate()
    person = group = encounter = flow_count = None
    if mapped.person is not None:
        if same_person is not None and same_person.organisation_id == organisation.pk:
            person = same_person
        else:
            # A person recognised at the desk but registered by another organisation (shared by
            # consent) gets a record of our own: we never write into another organisation's
            # record, and identities are kept per organisation.
            person = register_person(
                actor=actor,
                organisation=organisation,
                site=site,
                registered_on=occurred_on,
                details=mapped.person,
                context=DeskContext(companions=[d for d, _relationship in mapped.members]),
            )

        if mapped.document is not None:
            record_document(
                actor=actor,
                person=person,
                kind=mapped.document.kind,
                number=mapped.document.number,
                issuing_country=mapped.document.issuing_country,
            )
        if mapped.members:
            members: list[tuple[Person, str]] = [(person, Relationship.HEAD)]
            everyone = [mapped.person, *(d for d, _relationship in mapped.members)]
            for k, (details, relationship) in enumerate(mapped.members, start=1):
                # What the desk knows: this site, this date, and the others of the submission.
                mates = [d for j, d in enumerate(everyone) if j != k]
                member = register_person(
                    actor=actor,
                    organisation=organisation,
                    site=site,
                    registered_on=occurred_on,
                    details=details,
                    context=DeskContext(companions=mates),
                )
                members.append((member, relationship or Relationship.OTHER_RELATIVE))
            group = register_group(
                actor=actor,
                organisation=organisation,
                site=site,
                kind=mapped.group_kind or GroupKind.FAMILY,
                formed_on=occurred_on,
                members=members,
            )
        if mapped.journey is not None:
            encounter = record_encounter(
                actor=actor,
                person=person,
                site=site,
                occurred_on=occurred_on,
                kind=form.encounter_kind,
                journey=mapped.journey,
                sensitive=mapped.sensitive,
                group=group,
            )
            # Every screening is profiled, whichever path brought it (issue 9): the flags
            # are evidence for an officer; they change, refuse and share nothing.
            profile_encounter(encounter)
        for consent in mapped.consents:
            target = None
            if consent.target_organisation:
                target = Organisation.objects.filter(code=consent.target_organisation).first()
            record_consent(
                actor=actor,
                person=person,
                purpose=consent.purpose,
                given=consent.given,
                method=mapped.consent_method or "verbal",
                recorded_on=occurred_on,
                target_organisation=target,
                withheld_from=consent.withheld_from,
            )
    if mapped.flow_count is not None:
        flow_count = record_flow_count(
            actor=actor, organisation=organisation, site=site, values=mapped.flow_count
        )
    with audit.acting_as(actor):
        submission = Submission.objects.create(
            organisation=organisation,
            version=version,
            site=site,
            instance_id=instance_id,
            channel=channel,
            answers=mapped.kept,
            unmapped=_unmapped(mapped, checked, kept),
            submitted_by=user_of(actor),
            batch=batch,
            person=person,
            group=group,
            encounter=encounter,
            flow_count=flow_count,
        )
        for name, content_type, payload in attachments:
            SubmissionAttachment.objects.create(
                submission=submission, name=name, content_type=content_type, data=payload
            )
    return submission


def submit_many(
    *,
    actor: Actor,
    version: QuestionnaireVersion,
    items: Sequence[Incoming],
    channel: str,
    lang: str,
    site: Location | None = None,
    batch: ImportBatch | None = None,
) -> list[SubmissionOutcome]:
    """Many submissions of one version (an import's chunk of rows), one outcome each, in order.

    The same steps as ``receive_submission``, with the same checks. A count-only form is
    written with bulk inserts and one audit entry for the call (about ``batch`` when there is
    one); any other form goes through ``receive_submission``'s steps one submission at a time.
    ``PermissionDenied`` when the actor may not submit this version at all; a submission
    refused at its site gets the reason as its error (the others go on).
    """
    if not may_submit(actor, version, channel):
        raise PermissionDenied(_refusal())
    resolver = SiteResolver(actor=actor, version=version, channel=channel, default=site)
    if not compiled(version).counts_only:
        return [
            _receive_or_refusal(actor, version, item, channel, lang, site, batch, resolver)
            for item in items
        ]
    return _submit_counts(actor, version, items, channel, lang, batch, resolver)


def _receive_or_refusal(
    actor: Actor,
    version: QuestionnaireVersion,
    item: Incoming,
    channel: str,
    lang: str,
    site: Location | None,
    batch: ImportBatch | None,
    resolver: SiteResolver,
) -> SubmissionOutcome:
    try:
        return _guarded(
            actor=actor,
            version=version,
            answers=item.answers,
            channel=channel,
            lang=lang,
            site=site,
            instance_id=item.instance_id,
            batch=batch,
            resolver=resolver,
            kept=item.kept,
        )
    except PermissionDenied as refusal:
        return SubmissionOutcome(None, False, {SITE_FIELD: reason_of(refusal)})


def _guarded(*, lang: str, **given: Any) -> SubmissionOutcome:
    """``_receive``, with any error of the domain or the database an outcome with its reason:
    one bad submission never breaks the request or the import chunk around it."""
    try:
        return _receive(lang=lang, **given)
    except (DatabaseError, ValueError, TypeError, LookupError, ArithmeticError) as error:
        # ``_receive`` is atomic (a savepoint inside an import's chunk): what this one
        # submission wrote is undone and the others go on. The checks should have refused it;
        # the log says what they missed.
        logger.exception("Submission refused by the database or the domain")
        return SubmissionOutcome(None, False, {ROW_FIELD: _unexpected(error, lang)})


def _unexpected(error: Exception, lang: str) -> str:
    return said(
        gettext_lazy(
            "This could not be stored (%(error)s): a value is beyond what Mixflow can keep. "
            "Correct the values and send them again; an imported row can be corrected in "
            "quarantine or set aside."
        ),
        lang,
        error=type(error).__name__,
    )


@transaction.atomic
def _submit_counts(
    actor: Actor,
    version: QuestionnaireVersion,
    items: Sequence[Incoming],
    channel: str,
    lang: str,
    batch: ImportBatch | None,
    resolver: SiteResolver,
) -> list[SubmissionOutcome]:
    """The bulk mode for count-only forms: no person is created, so each submission is checked
    alone and the flow counts and submissions are written a chunk at a time."""
    form = compiled(version)
    organisation = version.questionnaire.organisation
    today = timezone.localdate()
    checks = [check_answers(form, item.answers, lang, today) for item in items]
    ids = [
        _instance_id(version, item.instance_id, checked)
        for item, (checked, _errors) in zip(items, checks, strict=True)
    ]
    existing: dict[str, Submission] = {
        s.instance_id: s
        for s in Submission.objects.filter(organisation=organisation, instance_id__in=ids)
    }
    outcomes: list[SubmissionOutcome] = []
    counts: list[FlowCount] = []
    submissions: list[Submission] = []
    for item, (checked, errors), instance_id in zip(items, checks, ids, strict=True):
        if errors:
            outcomes.append(SubmissionOutcome(None, False, errors, checked))
            continue
        mapped = map_answers(form.mapping, checked.answers, today)
        if instance_id in existing:
            before = existing[instance_id]
            outcomes.append(
                _received_before(before, bool(item.instance_id), version, mapped, checked, lang)
            )
            continue
        assert mapped.flow_count is not None  # a count-only form maps to a flow count
        where = resolver.resolve(_site_code(mapped))
        if where.site is None:
            outcomes.append(SubmissionOutcome(None, False, {SITE_FIELD: where.error}, checked))
            continue
        count = flow_count_from(organisation, where.site, mapped.flow_count, actor)
        submission = Submission(
            organisation=organisation,
            version=version,
            site=where.site,
            instance_id=instance_id,
            channel=channel,
            answers=mapped.kept,
            unmapped=_unmapped(mapped, checked, item.kept),
            submitted_by=user_of(actor),
            batch=batch,
        )
        # Two items of the same call with the same id: the second is already received.
        existing[instance_id] = submission
        counts.append(count)
        submissions.append(submission)
        outcomes.append(SubmissionOutcome(submission, True, {}, checked))
    if submissions:
        FlowCount.objects.bulk_create(counts)
        flow_counts_written(count.pk for count in counts)
        for submission, count in zip(submissions, counts, strict=True):
            submission.flow_count = count
        insert_many(Submission, submissions)
        summary: dict[str, object] = {"flow_counts": len(counts), "channel": channel}
        if batch is not None:
            summary["file"] = batch.file_name
        audit.record_bulk_change(actor, batch if batch is not None else version, summary)
    return outcomes
