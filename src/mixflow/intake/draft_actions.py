"""Drafts of the web questionnaire: save a partly-filled form, finish it later, or drop it.

A draft is its author's alone and never a submission: nothing in it is checked, counted or
mapped until it goes through ``receive_submission`` like any other answer, and the draft is
then deleted. Saving asks the same permission as submitting (``can_fill``), so a draft cannot
be kept of a form the author may no longer fill.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mixflow.accounts.actors import Actor, user_of
from mixflow.core import audit
from mixflow.geo.models import Location
from mixflow.intake.compiled_forms import can_fill
from mixflow.intake.models import Draft, QuestionnaireVersion

DRAFT_DAYS = 14
"""How long an unfinished form is kept after its last save."""
LAPSED_DRAFTS = "draft"
"""What ``mixflow retention run`` calls the expired drafts it deletes."""


def _own(actor: Actor, draft: Draft) -> None:
    user = user_of(actor)
    if user is None or draft.owner_id != user.pk:
        raise PermissionDenied(_("Only the person who saved a draft may change it."))


@transaction.atomic
def save_draft(
    *,
    actor: Actor,
    version: QuestionnaireVersion,
    answers: Mapping[str, Any],
    site: Location | None = None,
    draft: Draft | None = None,
) -> Draft:
    """Keep ``answers`` as the actor's draft of ``version`` (a new one, or ``draft`` updated);
    its expiry moves to ``DRAFT_DAYS`` from now. The actor's expired drafts go at the same
    time."""
    user = user_of(actor)
    if user is None or not can_fill(actor, version, site):
        raise PermissionDenied(_("Your role may not fill in this questionnaire."))
    if draft is not None:
        _own(actor, draft)
    expires = timezone.now() + datetime.timedelta(days=DRAFT_DAYS)
    with audit.acting_as(actor):
        Draft.objects.filter(owner=user, expires_at__lte=timezone.now()).delete()
        if draft is None:
            draft = Draft(
                organisation_id=version.questionnaire.organisation_id, owner=user, version=version
            )
        draft.version = version
        draft.site = site
        draft.answers = dict(answers)
        draft.expires_at = expires
        draft.save()
    return draft


def delete_lapsed_drafts(organisation_id: int, now: datetime.datetime, dry_run: bool) -> int:
    """The organisation's drafts past their expiry, deleted (``mixflow retention run``, run
    daily): saving another draft clears only its author's, and an author who never comes back
    would leave unfinished answers kept for ever."""
    lapsed = Draft.objects.filter(organisation_id=organisation_id, expires_at__lte=now)
    ids = list(lapsed.values_list("pk", flat=True))
    if ids and not dry_run:
        Draft.objects.filter(pk__in=ids).delete()
    return len(ids)


@transaction.atomic
def discard_draft(*, actor: Actor, draft: Draft) -> None:
    """Delete a draft: its author dropped it, or submitted it."""
    _own(actor, draft)
    with audit.acting_as(actor):
        draft.delete()
