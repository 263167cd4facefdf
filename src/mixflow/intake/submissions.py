"""Receiving a filled questionnaire: the one path for the web form, the API, OpenRosa and imports.

``submit`` validates the answers with the form's own rules (the one XPath evaluator), refuses
what is invalid without writing anything, recognises a submission it has already received, and
otherwise writes the person, group, encounter, flow count and consents through the apps'
actions, in one transaction, audited.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mixflow.accounts.models import Organisation
from mixflow.core import audit
from mixflow.core.roles import Capability
from mixflow.core.scoping import scope_of
from mixflow.geo.countries import is_country_code
from mixflow.geo.models import Location
from mixflow.identity.actions import register_group, register_person
from mixflow.identity.models import Document, Person
from mixflow.intake.actions import record_encounter, record_flow_count
from mixflow.intake.mapping import FormMapping, MappedSubmission, map_answers, mapping_of
from mixflow.intake.models import QuestionnaireVersion, Submission, SubmissionAttachment
from mixflow.intake.xlsform.model import Form
from mixflow.intake.xlsform.parse import load_xlsform
from mixflow.intake.xlsform.validate import Validation, validate_answers
from mixflow.lib.vocabularies import EncounterKind, GroupKind, LocationLevel, Relationship
from mixflow.protection.actions import record_consent

SITE_FIELD = "__site__"
"""Error key for a site problem (no question carries the site)."""


@dataclass(frozen=True)
class CompiledForm:
    form: Form
    mapping: FormMapping

    @property
    def creates_person(self) -> bool:
        return any(t.startswith("person.") for t in self.mapping.targets.values())

    @property
    def creates_flow_count(self) -> bool:
        return any(t.startswith("flow_count.") for t in self.mapping.targets.values())

    @property
    def encounter_kind(self) -> str:
        targets = self.mapping.all_targets
        if any(t.startswith("sensitive.") for t in targets):
            return EncounterKind.SCREENING
        return EncounterKind.REGISTRATION

    @property
    def capability(self) -> Capability:
        """What filling the form needs: what its mapping writes."""
        if self.creates_person:
            return Capability.REGISTER_PERSONS
        return Capability.RECORD_FLOW_COUNTS


_COMPILED: dict[tuple[int, object], CompiledForm] = {}
_COMPILED_MAX = 64


def compiled(version: QuestionnaireVersion) -> CompiledForm:
    """The parsed form of a stored version, cached: a version never changes (a new upload is a
    new version). The upload time is in the key because a database rolled back (tests) or
    restored can give a new version the id of a forgotten one."""
    key = (version.pk, version.uploaded_at)
    found = _COMPILED.get(key)
    if found is None:
        form = load_xlsform(bytes(version.xlsform), version.file_name)
        found = CompiledForm(form, mapping_of(form))
        if len(_COMPILED) >= _COMPILED_MAX:
            _COMPILED.pop(next(iter(_COMPILED)))
        _COMPILED[key] = found
    return found


def can_fill(user: Any, version: QuestionnaireVersion, site: Location | None = None) -> bool:
    scope = scope_of(user)
    if scope.organisation_id != version.questionnaire.organisation_id:
        return False
    needed = compiled(version).capability
    if site is None:
        return scope.can(needed)
    return scope.can_at_site(needed, site.pk)


def can_import(user: Any, version: QuestionnaireVersion, site: Location | None = None) -> bool:
    """Importing needs ``import_data`` and, for forms that create persons, ``register_persons``
    (information managers bring in counts and surveys; registrations stay with those who may
    register people)."""
    scope = scope_of(user)
    if scope.organisation_id != version.questionnaire.organisation_id:
        return False
    needed = [Capability.IMPORT_DATA]
    if compiled(version).creates_person:
        needed.append(Capability.REGISTER_PERSONS)
    if site is None:
        return all(scope.can(c) for c in needed)
    return all(scope.can_at_site(c, site.pk) for c in needed)


@dataclass(frozen=True)
class SubmissionInput:
    answers: Mapping[str, Any]
    channel: str
    site: Location | None = None
    instance_id: str = ""
    same_person: Person | None = None
    """At the registration desk, the earlier registration the officer recognised."""
    attachments: Sequence[tuple[str, str, bytes]] = ()


@dataclass(frozen=True)
class SubmissionOutcome:
    submission: Submission | None
    created: bool
    errors: Mapping[str, str] = field(default_factory=dict)
    validation: Validation | None = None

    @property
    def ok(self) -> bool:
        return self.submission is not None


def content_id(answers: Mapping[str, Any]) -> str:
    """A stable id for a submission that brings none: a hash of its answers."""
    text = json.dumps(answers, sort_keys=True, default=str, ensure_ascii=False)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:56]


def _site(
    organisation: Organisation, data: SubmissionInput, mapped: MappedSubmission
) -> Location | str:
    code = mapped.site_code or (mapped.flow_count or {}).get("site", "")
    if code:
        site = Location.objects.filter(code=code, level=LocationLevel.SITE).first()
        if site is None:
            return str(_("Unknown site code “%(code)s”.") % {"code": code})
        return site
    if data.site is not None:
        return data.site
    return str(_("Choose the site where this questionnaire was filled in."))


STATELESS = "XXA"
"""The travel-document code for a stateless person (ICAO 9303): ISO 3166 has none."""
COUNTRY_TARGETS = frozenset(
    {
        "person.nationality",
        "person.other_nationality",
        "person.document_country",
        "encounter.country_of_origin",
        "encounter.country_of_residence",
        "encounter.countries_transited",
        "encounter.intended_destination",
        "flow_count.nationality",
        "flow_count.intended_destination",
    }
)


def domain_errors(form: CompiledForm, answers: Mapping[str, Any]) -> dict[str, str]:
    """What the form's own rules cannot know: codes that must exist in Mixflow's lists."""
    errors: dict[str, str] = {}

    def check(targets: Mapping[str, str], values: Mapping[str, Any], prefix: str) -> None:
        for name, target in targets.items():
            value = values.get(name)
            if target not in COUNTRY_TARGETS or value in (None, ""):
                continue
            codes = value if isinstance(value, list | tuple) else str(value).split()
            unknown = [
                str(c)
                for c in codes
                if str(c).upper() != STATELESS and not is_country_code(str(c).upper())
            ]
            if unknown:
                errors[prefix + name] = str(
                    _("“%(code)s” is not an ISO 3166 alpha-3 country code (such as SDN, ERI).")
                    % {"code": unknown[0]}
                )

    check(form.mapping.targets, answers, "")
    errors.update(_flow_count_errors(form.mapping.targets, answers))
    if form.mapping.members_repeat:
        for i, instance in enumerate(answers.get(form.mapping.members_repeat) or []):
            check(form.mapping.member_targets, instance, f"{form.mapping.members_repeat}[{i}].")
    return errors


PARTS = ("flow_count.men", "flow_count.women", "flow_count.boys", "flow_count.girls")


def _flow_count_errors(targets: Mapping[str, str], answers: Mapping[str, Any]) -> dict[str, str]:
    """A flow count's men, women, boys and girls add up to its group size (a rule of the
    registry, enforced by the database too: a form that forgot it must not break an import)."""
    question_of = {target: name for name, target in targets.items()}
    size_question = question_of.get("flow_count.group_size")
    if size_question is None or not any(part in question_of for part in PARTS):
        return {}

    def number(target: str) -> int:
        try:
            return int(answers.get(question_of.get(target, ""), 0) or 0)
        except (TypeError, ValueError):
            return 0

    size = number("flow_count.group_size")
    parts = sum(number(part) for part in PARTS)
    if parts == size:
        return {}
    return {
        size_question: str(
            _("Men, women, boys and girls add up to %(parts)s, not to the group size %(size)s.")
            % {"parts": parts, "size": size}
        )
    }


def validate(
    version: QuestionnaireVersion,
    answers: Mapping[str, Any],
    lang: str,
    today: datetime.date | None = None,
) -> Validation:
    return validate_answers(compiled(version).form, answers, lang, today=today)


def submit(
    *,
    actor: Any,
    version: QuestionnaireVersion,
    data: SubmissionInput,
    lang: str = "en",
) -> SubmissionOutcome:
    """Validate and store one submission; nothing is written when it is invalid."""
    form = compiled(version)
    today = timezone.localdate()
    checked = validate_answers(form.form, data.answers, lang, today=today)
    errors = {k: str(v) for k, v in checked.errors.items()} or domain_errors(form, checked.answers)
    if errors:
        return SubmissionOutcome(None, False, errors, checked)
    organisation = version.questionnaire.organisation
    mapped = map_answers(form.mapping, checked.answers, today)
    site = _site(organisation, data, mapped)
    if isinstance(site, str):
        return SubmissionOutcome(None, False, {SITE_FIELD: site}, checked)
    allowed = can_import if data.channel == Submission.Channel.IMPORT else can_fill
    if actor is not None and getattr(actor, "pk", None) and not allowed(actor, version, site):
        message = str(_("You may not submit this questionnaire at this site."))
        return SubmissionOutcome(None, False, {SITE_FIELD: message}, checked)

    # The hash covers every answer, sensitive ones included (it reveals none of them): two
    # submissions that differ only there are two submissions.
    instance_id = data.instance_id or content_id(
        {
            "form": version.questionnaire.form_id,
            "answers": checked.answers,
            "unknown": checked.unknown,
        }
    )
    existing = Submission.objects.filter(organisation=organisation, instance_id=instance_id).first()
    if existing is not None:
        return SubmissionOutcome(existing, False, {}, checked)
    try:
        submission = _store(actor, version, form, data, mapped, checked, site, instance_id)
    except IntegrityError:
        # Another request stored the same instance between our check and our write.
        existing = Submission.objects.filter(
            organisation=organisation, instance_id=instance_id
        ).first()
        if existing is None:
            raise
        return SubmissionOutcome(existing, False, {}, checked)
    return SubmissionOutcome(submission, True, {}, checked)


@transaction.atomic
def _store(
    actor: Any,
    version: QuestionnaireVersion,
    form: CompiledForm,
    data: SubmissionInput,
    mapped: MappedSubmission,
    checked: Validation,
    site: Location,
    instance_id: str,
) -> Submission:
    organisation = version.questionnaire.organisation
    occurred_on = mapped.occurred_on or timezone.localdate()
    person = group = encounter = flow_count = None
    if mapped.person is not None:
        if data.same_person is not None and data.same_person.organisation_id == organisation.pk:
            person = data.same_person
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
            )

        if mapped.document is not None:
            with audit.acting_as(actor):
                Document.objects.create(
                    person=person,
                    kind=mapped.document.kind,
                    number=mapped.document.number,
                    issuing_country=mapped.document.issuing_country,
                )
        if mapped.members:
            members: list[tuple[Person, str]] = [(person, Relationship.HEAD)]
            for details, relationship in mapped.members:
                member = register_person(
                    actor=actor,
                    organisation=organisation,
                    site=site,
                    registered_on=occurred_on,
                    details=details,
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
            channel=data.channel,
            answers=mapped.kept,
            unmapped={**mapped.unmapped, **{k: str(v) for k, v in checked.unknown.items()}},
            submitted_by=actor if getattr(actor, "pk", None) else None,
            person=person,
            group=group,
            encounter=encounter,
            flow_count=flow_count,
        )
        for name, content_type, payload in data.attachments:
            SubmissionAttachment.objects.create(
                submission=submission, name=name, content_type=content_type, data=payload
            )
    return submission
