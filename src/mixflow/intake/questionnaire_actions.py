"""Storing questionnaires: an uploaded XLSForm becomes a new version, checked and audited."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from mixflow.accounts.actors import Actor, user_of
from mixflow.accounts.models import Organisation
from mixflow.core import audit
from mixflow.core.roles import Capability
from mixflow.core.scoping import scope_of
from mixflow.intake.models import Questionnaire, QuestionnaireVersion
from mixflow.intake.questionnaires import DEFAULT_QUESTIONNAIRES
from mixflow.intake.xlsform.parse import FormError, Problem, load_xlsform


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
) -> QuestionnaireVersion:
    """Store a new version of an XLSForm (parsed and checked first: ``FormError`` if refused).

    A version string already uploaded for the same form is refused (``FormError``): a version,
    once used by submissions, never changes. ``odk_validate`` also runs ODK Validate (Java,
    a few seconds), as the upload page does when Java is installed.
    """
    check_may_manage_forms(actor, organisation)
    form = load_xlsform(content, file_name, odk_validate=odk_validate)
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
        return QuestionnaireVersion.objects.create(
            questionnaire=questionnaire,
            version=form.version,
            file_name=file_name,
            xlsform=content,
            xform=form.xform,
            uploaded_by=user_of(actor),
        )


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
