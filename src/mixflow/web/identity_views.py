"""Identity pages: the review queue, the side-by-side comparison, decisions and their undo, and
splitting a record off. Views check access, validate and call ``identity.actions``; reads go
through ``identity.queries``."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mixflow.core import audit
from mixflow.core.roles import Capability
from mixflow.identity.actions import LinkError, decide_candidate, split_record, undo_decision
from mixflow.identity.explaining import ExplainedRow, likelihood, percent, plain_rows
from mixflow.identity.queries import (
    candidate_for,
    decision_for,
    decisions_for,
    identity_side,
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


def explanation_rows(candidate: MatchCandidate) -> list[ExplainedRow]:
    """The stored field-by-field explanation in plain words, starting point first."""
    return plain_rows(candidate.explanation or [], candidate.score)


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
    side_a = identity_side(request.user, candidate.record_a)
    side_b = identity_side(request.user, candidate.record_b)
    initial = {
        "shown_a": ",".join(map(str, side_a.record_ids)),
        "shown_b": ",".join(map(str, side_b.record_ids)),
    }
    form = DecisionForm(request.POST or None, initial=initial)
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
                    shown=(form.cleaned_data["shown_a"], form.cleaned_data["shown_b"]),
                )
            except LinkError as error:
                messages.error(request, str(error))
                return redirect("web:candidate_review", candidate_id=candidate.pk)
            messages.success(request, _("Decision recorded. It can be undone from the history."))
            return redirect("web:review_queue")
    decisions = decisions_for(request.user).filter(candidate=candidate)
    # Both records are shown side by side: each is a read of a person's record.
    for record in {*side_a.records, *side_b.records, candidate.record_a, candidate.record_b}:
        audit.record_access(request.user, record, via="match_review")
    linked = candidate.record_a.identity_id is not None and (
        candidate.record_a.identity_id == candidate.record_b.identity_id
    )
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
            "same_identity": linked,
            "side_a": side_a,
            "side_b": side_b,
            "merged_size": len(set(side_a.record_ids) | set(side_b.record_ids)),
            "probability": percent(candidate.score),
            "likelihood": likelihood(candidate.score),
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
