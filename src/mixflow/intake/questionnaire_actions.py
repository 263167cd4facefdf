"""Storing questionnaires: an uploaded XLSForm becomes a new version, checked and audited."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mixflow.accounts.actors import Actor, user_of
from mixflow.accounts.models import Organisation
from mixflow.core import audit
from mixflow.core.roles import Capability
from mixflow.core.scoping import scope_of
from mixflow.intake.compiled_forms import compiled
from mixflow.intake.models import FormMedia, Questionnaire, QuestionnaireVersion
from mixflow.intake.questionnaires import DEFAULT_QUESTIONNAIRES
from mixflow.intake.xlsform.mapping_carry import carried_overrides
from mixflow.intake.xlsform.mapping_targets import MEMBERS
from mixflow.intake.xlsform.media import MAX_MEDIA_TOTAL, MediaFile, media_problem
from mixflow.intake.xlsform.model import Form, Question, Section
from mixflow.intake.xlsform.parse import FormError, Problem, load_xlsform, target_problem


def check_may_manage_forms(actor: Actor, organisation: Organisation) -> None:
    """``manage_forms`` for this organisation, or ``PermissionDenied``."""
    scope = scope_of(actor)
    if not (scope.acts_for(organisation.pk) and scope.can(Capability.MANAGE_FORMS)):
        raise PermissionDenied(_("Your role may not manage this organisation's questionnaires."))


def organisation_language(organisation: Organisation) -> str:
    """Titles are stored in English, the lead agency's working language (shown translated)."""
    return "en"


@transaction.atomic
def upload_questionnaire(
    *,
    actor: Actor,
    organisation: Organisation,
    content: bytes,
    file_name: str,
    odk_validate: bool = False,
    media: Sequence[MediaFile] = (),
) -> QuestionnaireVersion:
    """Store a new version of an XLSForm (parsed and checked first: ``FormError`` if refused).

    A version string already uploaded for the same form is refused (``FormError``): a version,
    once used by submissions, never changes. ``odk_validate`` also runs ODK Validate (Java,
    a few seconds), as the upload page does when Java is installed. ``media`` are the files
    the form refers to (CSV choice lists, images), kept with the version.
    """
    check_may_manage_forms(actor, organisation)
    _check_media(media)
    form = load_xlsform(
        content,
        file_name,
        odk_validate=odk_validate,
        media={m.name: m.data for m in media},
    )
    title = form.title_in(organisation_language(organisation))
    with audit.acting_as(actor):
        questionnaire, _created = Questionnaire.objects.get_or_create(
            organisation=organisation, form_id=form.form_id, defaults={"title": title}
        )
        if questionnaire.versions.filter(version=form.version).exists():
            raise FormError(
                [
                    Problem(
                        "settings",
                        None,
                        "version",
                        _(
                            "Version %(version)s of this form is already stored: "
                            "give the new file a new version."
                        )
                        % {"version": form.version},
                    )
                ]
            )
        if questionnaire.title != title:
            questionnaire.title = title
            questionnaire.save(update_fields=["title"])
        previous = questionnaire.current_version()
        version = QuestionnaireVersion.objects.create(
            questionnaire=questionnaire,
            version=form.version,
            file_name=file_name,
            xlsform=content,
            xform=form.xform,
            uploaded_by=user_of(actor),
        )
        for file in media:
            FormMedia.objects.create(
                version=version,
                name=file.name,
                content_type=file.content_type,
                data=file.data,
                md5=hashlib.md5(file.data, usedforsecurity=False).hexdigest(),
            )
        if previous is not None:
            _carry_mapping(previous, version, form)
        return version


def _carry_mapping(
    previous: QuestionnaireVersion, version: QuestionnaireVersion, form: Form
) -> None:
    """The previous version's mapping of the questions unchanged in name and type, kept where
    it still fits the new form (a question moved out of the members repeat loses it)."""
    carried = carried_overrides(compiled(previous).form, previous.mapping or {}, form)
    if not carried:
        return
    misfits = {p.column for p in _mapping_problems(version, carried)}
    version.mapping = {name: t for name, t in carried.items() if name not in misfits}
    version.save(update_fields=["mapping"])


MEDIA_REFUSALS = {
    "name": gettext_lazy(
        "“%(name)s”: a form's file is named by a plain file name (letters, digits, spaces, "
        "dots, dashes), without a folder."
    ),
    "type": gettext_lazy(
        "“%(name)s”: a form's files may be CSV, XML or GeoJSON choice lists, JPEG or PNG "
        "images, MP3 or WAV sounds, MP4 videos."
    ),
    "size": gettext_lazy("“%(name)s” is larger than 10 MB."),
}


def _check_media(media: Sequence[MediaFile]) -> None:
    problems: list[Problem] = []
    names: set[str] = set()
    for file in media:
        reason = media_problem(file.name, len(file.data))
        if reason:
            problems.append(Problem(None, None, None, MEDIA_REFUSALS[reason] % {"name": file.name}))
        elif file.name.lower() in names:
            problems.append(
                Problem(
                    None,
                    None,
                    None,
                    _("“%(name)s” is attached twice.") % {"name": file.name},
                )
            )
        names.add(file.name.lower())
    if sum(len(f.data) for f in media) > MAX_MEDIA_TOTAL:
        problems.append(
            Problem(None, None, None, _("A form's files may not add up to more than 50 MB."))
        )
    if problems:
        raise FormError(problems)


@transaction.atomic
def install_default_questionnaires(*, actor: Actor, organisation: Organisation) -> int:
    """Give an organisation the three shipped questionnaires (those it does not have yet)."""
    check_may_manage_forms(actor, organisation)
    installed = 0
    for form_id, path in DEFAULT_QUESTIONNAIRES.items():
        if Questionnaire.objects.filter(organisation=organisation, form_id=form_id).exists():
            continue
        upload_questionnaire(
            actor=actor, organisation=organisation, content=path.read_bytes(), file_name=path.name
        )
        installed += 1
    return installed


def _mapping_problems(version: QuestionnaireVersion, targets: Mapping[str, str]) -> list[Problem]:
    """What is wrong with mapping ``targets`` (name → target or "") on the version's form."""
    form = compiled(version).form
    problems: list[Problem] = []
    known: set[str] = set()

    def walk(children: tuple[Question | Section, ...], in_members: bool) -> None:
        for child in children:
            known.add(child.name)
            target = targets.get(child.name, child.maps_to or "")
            kind = (
                child.type
                if isinstance(child, Question)
                else ("begin_repeat" if child.repeat else "begin_group")
            )
            if target:
                problem = target_problem(target, kind, in_members)
                if problem:
                    problems.append(Problem("survey", child.row, child.name, problem))
            if isinstance(child, Section):
                walk(child.children, in_members or (child.repeat and target == MEMBERS))

    walk(form.children, False)
    for name in sorted(set(targets) - known):
        problems.append(
            Problem(
                "survey",
                None,
                name,
                _("The form has no question named “%(name)s”.") % {"name": name},
            )
        )
    return problems


@transaction.atomic
def set_mapping(
    *, actor: Actor, version: QuestionnaireVersion, targets: Mapping[str, str]
) -> QuestionnaireVersion:
    """Map the version's questions to Mixflow fields without editing the workbook.

    ``targets`` gives, for the questions it names, the Mixflow field (``""``: none), over what
    the workbook's ``mixflow`` column says; only differences from the workbook are stored.
    Submissions already stored keep what they were mapped to; later ones follow the new mapping.
    ``FormError`` with the problems when a target does not fit its question.
    """
    check_may_manage_forms(actor, version.questionnaire.organisation)
    problems = _mapping_problems(version, targets)
    if problems:
        raise FormError(problems)
    form = compiled(version).form
    workbook = {q.name: q.maps_to or "" for q in form.questions()}
    workbook.update({section.name: section.maps_to or "" for section in form.sections()})
    overrides = {
        name: target for name, target in targets.items() if workbook.get(name, "") != target
    }
    with audit.acting_as(actor):
        version.mapping = overrides
        version.save(update_fields=["mapping"])
    return version
