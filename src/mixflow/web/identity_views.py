"""Identity pages: the review queue, the side-by-side comparison, decisions and their undo, and
splitting a record off. Views check access, validate and call ``identity.actions``; reads go
through ``identity.queries``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from mixflow.core import audit
from mixflow.core.roles import Capability
from mixflow.identity.actions import LinkError, decide_candidate, split_record, undo_decision
from mixflow.identity.queries import (
    candidate_for,
    decision_for,
    decisions_for,
    person_for,
    review_queue_for,
    undoable_among,
)
from mixflow.identity.vocabulary import MatchStatus
from mixflow.web.access import requires
from mixflow.web.identity_forms import DecisionForm, QueueFilterForm, ReasonForm

if TYPE_CHECKING:
    from mixflow.accounts.models import User
    from mixflow.identity.models import MatchCandidate

PAGE_SIZE = 25


def _actor(request: HttpRequest) -> User:
    """The signed-in user acting: ``requires`` turned anonymous visitors away (and an action
    would refuse one anyway: nobody's scope allows anything)."""
    return cast("User", request.user)


# The matcher speaks plain English: its field names and findings, as the reviewer reads them.
FIELD_LABELS = {
    "name": _l("Names"),
    "name_spelling": _l("Spelling of the names"),
    "name_rarity": _l("How rare the shared names are"),
    "name_set": _l("Records with these names"),
    "date_of_birth": _l("Date of birth"),
    "sex": _l("Sex"),
    "nationality": _l("Nationality"),
    "group": _l("Travel group"),
    "site": _l("Site"),
    "co_travellers": _l("Travel companions"),
}
LEVEL_LABELS = {
    # the co-traveller findings of identity.linkage.cotravel.describe_adjustment
    "other members of these travel groups match each other too": _l(
        "other members of these travel groups match each other too"
    ),
    "one registered with a travel group, the other alone": _l(
        "one registered with a travel group, the other alone"
    ),
    "the other members of these travel groups do not match": _l(
        "the other members of these travel groups do not match"
    ),
    "missing": _l("missing"),
    "no token shared": _l("no token shared"),
    "one token shared": _l("one token shared"),
    "one-name person, name shared": _l("one-name person, name shared"),
    "two or more tokens shared, not the given name": _l(
        "two or more tokens shared, not the given name"
    ),
    "given name and another token shared": _l("given name and another token shared"),
    "one name set within the other": _l("one name set within the other"),
    "same names": _l("same names"),
    "a shared name only loosely alike": _l("a shared name only loosely alike"),
    "shared names alike": _l("shared names alike"),
    "shared names very common (under 8 bits)": _l("shared names very common (under 8 bits)"),
    "shared names common (8-12 bits)": _l("shared names common (8-12 bits)"),
    "shared names fairly common (12-16 bits)": _l("shared names fairly common (12-16 bits)"),
    "shared names uncommon (16-20 bits)": _l("shared names uncommon (16-20 bits)"),
    "shared names rare (20-24 bits)": _l("shared names rare (20-24 bits)"),
    "shared names very rare (24 bits or more)": _l("shared names very rare (24 bits or more)"),
    "same names, shared by 9 records or more": _l("same names, shared by 9 records or more"),
    "same names, shared by 5 to 8 records": _l("same names, shared by 5 to 8 records"),
    "same names, shared by 3 or 4 records": _l("same names, shared by 3 or 4 records"),
    "same names, found only in these two records": _l(
        "same names, found only in these two records"
    ),
    "years more than 4 apart": _l("years more than 4 apart"),
    "years 2 to 4 apart": _l("years 2 to 4 apart"),
    "years 1 apart": _l("years 1 apart"),
    "same year, month or day differ": _l("same year, month or day differ"),
    "same year (year-only or placeholder date)": _l("same year (year-only or placeholder date)"),
    "same year and month": _l("same year and month"),
    "day and month swapped": _l("day and month swapped"),
    "same exact date": _l("same exact date"),
    "different": _l("different"),
    "same": _l("same"),
    "commonly confused or shared": _l("commonly confused or shared"),
    "different groups": _l("different groups"),
    "same travel group": _l("same travel group"),
    "different sites": _l("different sites"),
    "same site": _l("same site"),
}


def explanation_rows(candidate: MatchCandidate) -> list[dict[str, Any]]:
    """The stored field-by-field explanation, with translated labels."""
    rows = []
    shown: tuple[object, object] | None = None
    for row in candidate.explanation or []:
        field = str(row.get("field", ""))
        level = str(row.get("level", ""))
        values = (row.get("left"), row.get("right"))
        rows.append(
            {
                **row,
                "label": FIELD_LABELS.get(field, field.replace("_", " ")),
                "level": LEVEL_LABELS.get(level, level),
                "weight": float(row.get("weight") or 0.0),
                # Several findings about the same values (the names): show the values once.
                "repeat": values == shown,
            }
        )
        shown = values
    return rows


@requires(Capability.REVIEW_MATCHES)
def review_queue(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET or None)
    status = form.chosen_status()
    candidates = review_queue_for(request.user, status)
    page = Paginator(candidates, PAGE_SIZE).get_page(request.GET.get("page"))
    keep = urlencode({"status": request.GET.get("status", "")})
    return render(
        request,
        "web/identity/review_queue.html",
        {"form": form, "page": page, "keep": keep},
    )


@requires(Capability.REVIEW_MATCHES)
def candidate_review(request: HttpRequest, candidate_id: int) -> HttpResponse:
    candidate = candidate_for(request.user, candidate_id)
    if candidate is None:
        raise Http404
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        if candidate.status == MatchStatus.DECIDED:
            messages.error(
                request,
                _("This pair has already been decided: undo that decision first to change it."),
            )
            return redirect("web:candidate_review", candidate_id=candidate.pk)
        if form.is_valid():
            try:
                decide_candidate(
                    actor=_actor(request),
                    candidate=candidate,
                    verdict=form.cleaned_data["verdict"],
                    reason=form.cleaned_data["reason"],
                )
            except LinkError as error:
                messages.error(request, str(error))
                return redirect("web:candidate_review", candidate_id=candidate.pk)
            messages.success(request, _("Decision recorded. It can be undone from the history."))
            return redirect("web:review_queue")
    decisions = decisions_for(request.user).filter(candidate=candidate)
    # Both records are shown side by side: each is a read of a person's record.
    audit.record_access(request.user, candidate.record_a, via="match_review")
    audit.record_access(request.user, candidate.record_b, via="match_review")
    return render(
        request,
        "web/identity/candidate_review.html",
        {
            "candidate": candidate,
            "a": candidate.record_a,
            "b": candidate.record_b,
            "form": form,
            "decisions": decisions,
            "explanation": explanation_rows(candidate),
            "same_identity": candidate.record_a.identity_id is not None
            and candidate.record_a.identity_id == candidate.record_b.identity_id,
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@requires(Capability.REVIEW_MATCHES)
def decision_history(request: HttpRequest) -> HttpResponse:
    decisions = decisions_for(request.user)
    page = Paginator(decisions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/identity/decision_history.html",
        {"page": page, "form": ReasonForm(), "undoable": undoable_among(page.object_list)},
    )


@require_POST
@requires(Capability.REVIEW_MATCHES)
def decision_undo(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = decision_for(request.user, decision_id)
    if decision is None:
        raise Http404
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        undo_decision(actor=_actor(request), decision=decision, reason=reason)
    except LinkError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The decision was undone."))
    return redirect("web:decision_history")


@require_POST
@requires(Capability.REVIEW_MATCHES)
def person_split(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_for(request.user, person_id)
    if person is None:
        raise Http404
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        split_record(actor=_actor(request), person=person, reason=reason)
    except LinkError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("This record now stands apart. The split can be undone from the history.")
        )
    return HttpResponseRedirect(reverse("web:person_detail", args=[person.pk]))
