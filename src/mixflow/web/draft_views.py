"""Drafts of the web questionnaire (issue 12): save a partly-filled form, list one's drafts,
resume (the fill page reads ``?draft=``), delete. Kept apart from the fill view so that the
form renderer's own changes and these do not meet."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mixflow.core.roles import Capability
from mixflow.geo.queries import sites_for
from mixflow.intake.actions import DRAFT_DAYS, discard_draft, save_draft
from mixflow.intake.draft_queries import draft_for, drafts_for
from mixflow.intake.queries import compiled, questionnaire_for
from mixflow.web.access import requires
from mixflow.web.questionnaire_form import raw_answers

if TYPE_CHECKING:
    from mixflow.accounts.models import User
    from mixflow.geo.models import Location
    from mixflow.intake.models import Draft

FILLERS = (Capability.REGISTER_PERSONS, Capability.RECORD_FLOW_COUNTS)
DRAFT_FIELD = "_draft"
"""The fill page's hidden field naming the draft it was resumed from."""


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _lang() -> str:
    return (get_language() or "en")[:2]


@requires(*FILLERS)
@require_POST
def draft_save(request: HttpRequest, questionnaire_id: int) -> HttpResponse:
    """The fill page's "Save as draft" button: the answers as they are, unchecked."""
    questionnaire = questionnaire_for(request.user, questionnaire_id)
    version = questionnaire.current_version() if questionnaire else None
    if version is None:
        raise Http404
    site: Location | None = None
    if request.POST.get("_site", "").isdigit():
        site = sites_for(request.user).filter(pk=int(request.POST["_site"])).first()
    existing = draft_for(request.user, request.POST.get(DRAFT_FIELD, ""))
    save_draft(
        actor=_user(request),
        version=version,
        answers=raw_answers(compiled(version).form, request.POST),
        site=site,
        draft=existing,
    )
    messages.success(
        request,
        _("Draft saved. Find it under “My drafts” for %(days)s days.") % {"days": DRAFT_DAYS},
    )
    return redirect("web:draft_list")


def title_of(draft: Draft) -> str:
    return gettext(compiled(draft.version).form.title_in(_lang()))


@requires(*FILLERS)
def draft_list(request: HttpRequest) -> HttpResponse:
    drafts: list[dict[str, Any]] = [
        {"draft": draft, "title": title_of(draft)} for draft in drafts_for(request.user)[:100]
    ]
    return render(request, "web/questionnaires/drafts.html", {"drafts": drafts})


@requires(*FILLERS)
@require_POST
def draft_delete(request: HttpRequest, draft_id: int) -> HttpResponse:
    draft = draft_for(request.user, draft_id)
    if draft is None:
        raise Http404
    discard_draft(actor=_user(request), draft=draft)
    messages.success(request, _("The draft is deleted."))
    return redirect("web:draft_list")


def resumed(request: HttpRequest) -> Draft | None:
    """The draft the fill page was opened from (``?draft=``), if it is the reader's."""
    return draft_for(request.user, request.GET.get("draft", ""))


def draft_submitted(request: HttpRequest, data: QueryDict) -> None:
    """A form resumed from a draft was submitted: the draft has done its work."""
    draft = draft_for(request.user, data.get(DRAFT_FIELD, ""))
    if draft is not None:
        discard_draft(actor=_user(request), draft=draft)
