"""A stored questionnaire version as the pipeline uses it: its parsed form, its mapping, which
version a submission answers, and who may submit it.

The rules here hold for every channel (web form, API, OpenRosa, imports, the command line) and
every actor: a ``SystemActor`` passes because its scope holds every capability, never because a
check is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from mixflow.accounts.actors import Actor
from mixflow.core.roles import Capability
from mixflow.core.scoping import scope_of
from mixflow.geo.models import Location
from mixflow.intake.mapping import FormMapping, mapping_of
from mixflow.intake.models import Questionnaire, QuestionnaireVersion, Submission
from mixflow.intake.xlsform.model import Form
from mixflow.intake.xlsform.parse import load_xlsform
from mixflow.lib.vocabularies import EncounterKind


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
    def counts_only(self) -> bool:
        """Whether every answer it maps fills a flow count (no person): such forms are written
        in bulk by ``submit_many``."""
        targets = self.mapping.all_targets
        return bool(targets) and all(t.startswith("flow_count.") for t in targets)

    @property
    def encounter_kind(self) -> str:
        targets = self.mapping.all_targets
        if any(t.startswith("sensitive.") for t in targets):
            return EncounterKind.SCREENING
        return EncounterKind.REGISTRATION

    @property
    def is_survey(self) -> bool:
        """A form with no ``mixflow`` mapping: its answers are stored and exported as given."""
        return not self.mapping.all_targets

    @property
    def capabilities(self) -> tuple[Capability, ...]:
        """What filling the form needs (any one of them): what its mapping writes. A survey
        writes nothing but its submission, which field staff of either kind may collect."""
        if self.creates_person:
            return (Capability.REGISTER_PERSONS,)
        if self.is_survey:
            return (Capability.RECORD_FLOW_COUNTS, Capability.REGISTER_PERSONS)
        return (Capability.RECORD_FLOW_COUNTS,)

    @property
    def capability(self) -> Capability:
        """The first of ``capabilities``."""
        return self.capabilities[0]


_COMPILED: dict[tuple[object, ...], CompiledForm] = {}
_COMPILED_MAX = 64


def compiled(version: QuestionnaireVersion) -> CompiledForm:
    """The parsed form of a stored version, cached: a version never changes (a new upload is a
    new version). The upload time is in the key because a database rolled back (tests) or
    restored can give a new version the id of a forgotten one; the mapping set after upload is
    in the key because the mapping page changes it."""
    overrides = dict(version.mapping or {})
    key = (version.pk, version.uploaded_at, tuple(sorted(overrides.items())))
    found = _COMPILED.get(key)
    if found is None:
        media = {m.name: bytes(m.data) for m in version.media.all()}
        form = load_xlsform(bytes(version.xlsform), version.file_name, media=media)
        found = CompiledForm(form, mapping_of(form, overrides))
        if len(_COMPILED) >= _COMPILED_MAX:
            _COMPILED.pop(next(iter(_COMPILED)))
        _COMPILED[key] = found
    return found


class UnknownVersion(LookupError):
    """The submission names a version the questionnaire does not have (or it has none)."""

    def __init__(self, questionnaire: Questionnaire, wanted: str) -> None:
        self.questionnaire = questionnaire
        self.wanted = wanted
        if wanted:
            message = _("This questionnaire has no version “%(v)s”.") % {"v": wanted}
        else:
            message = _("This questionnaire has no form uploaded yet.")
        super().__init__(message)
        self.message = message


def version_to_use(questionnaire: Questionnaire, named: str | None = None) -> QuestionnaireVersion:
    """The one rule for every channel: the version the submission names, if it names one (an
    OpenRosa instance's ``version`` attribute, an API caller's ``version``), else the current
    one. ``UnknownVersion`` when there is no such version."""
    if named:
        version = questionnaire.versions.filter(version=named).first()
    else:
        version = questionnaire.current_version()
    if version is None:
        raise UnknownVersion(questionnaire, named or "")
    return version


def needed_to_submit(form: CompiledForm, channel: str) -> tuple[Capability, ...]:
    """Importing needs ``import_data`` and, for forms that create persons, ``register_persons``
    (information managers bring in counts and surveys; registrations stay with those who may
    register people): all of them. Any other channel needs one of what the form's mapping
    writes (``CompiledForm.capabilities``)."""
    if channel == Submission.Channel.IMPORT:
        if form.creates_person:
            return (Capability.IMPORT_DATA, Capability.REGISTER_PERSONS)
        return (Capability.IMPORT_DATA,)
    return form.capabilities


def may_submit(
    actor: Actor | Any, version: QuestionnaireVersion, channel: str, site: Location | None = None
) -> bool:
    """Whether ``actor`` may submit answers to ``version`` through ``channel`` (at ``site``)."""
    scope = scope_of(actor)
    if not scope.acts_for(version.questionnaire.organisation_id):
        return False
    form = compiled(version)
    needed = needed_to_submit(form, channel)

    def holds(capability: Capability) -> bool:
        return scope.can(capability) if site is None else scope.can_at_site(capability, site.pk)

    if channel == Submission.Channel.IMPORT:
        return all(holds(c) for c in needed)
    return any(holds(c) for c in needed)


def can_fill(
    actor: Actor | Any, version: QuestionnaireVersion, site: Location | None = None
) -> bool:
    return may_submit(actor, version, Submission.Channel.WEB, site)


def can_import(
    actor: Actor | Any, version: QuestionnaireVersion, site: Location | None = None
) -> bool:
    return may_submit(actor, version, Submission.Channel.IMPORT, site)


def check_may_import(
    actor: Actor, version: QuestionnaireVersion, site: Location | None = None
) -> None:
    """``import_data`` (and ``register_persons`` for forms that create persons) in the
    questionnaire's organisation, at ``site`` when one is given; else ``PermissionDenied``."""
    if not can_import(actor, version, site):
        raise PermissionDenied(
            _("Your role may not import answers to this questionnaire at this site.")
            if site is not None
            else _("Your role may not import answers to this questionnaire.")
        )


def question_labels(version: QuestionnaireVersion) -> tuple[list[str], dict[str, list[str]]]:
    form = compiled(version).form
    names: list[str] = []
    labels: dict[str, list[str]] = {}
    for question in form.questions():
        names.append(question.name)
        labels[question.name] = [text for text in question.label.values() if text]
    return names, labels
