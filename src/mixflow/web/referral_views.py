"""Referral pages: the caseworker's side (propose from the person's page with suggestions,
send, follow, close) and the provider's inbox (the shared fields only; accept, decline,
complete, feedback). Views check access, validate and call ``protection.actions``."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mixflow.core import audit
from mixflow.core.roles import Capability
from mixflow.identity.queries import person_for
from mixflow.protection.actions import (
    accept_referral,
    close_referral,
    complete_referral,
    decline_referral,
    give_feedback,
    propose_referral,
    send_referral,
)
from mixflow.protection.queries import (
    ReferralFilter,
    confirmed_needs,
    filter_referrals,
    overdue,
    received_referral_for,
    received_referrals_for,
    referral_for,
    referral_sharing,
    referrals_for,
    service_for,
    shared_view,
    suggestions_for,
)
from mixflow.protection.vocabulary import (
    OPEN_STATUSES,
    SHARED_FIELDS,
    ReferralStatus,
    SharedField,
    need_label,
)
from mixflow.web.access import requires
from mixflow.web.referral_forms import (
    AnswerForm,
    NeedsForm,
    ProposeForm,
    ReasonForm,
    ReferralFilterForm,
)

if TYPE_CHECKING:
    from mixflow.accounts.models import User

PAGE_SIZE = 25


def _actor(request: HttpRequest) -> User:
    return cast("User", request.user)


# -- the referring side ----------------------------------------------------------------------------


@requires(Capability.MAKE_REFERRALS)
def referral_list(request: HttpRequest) -> HttpResponse:
    form = ReferralFilterForm(request.GET or None)
    wanted = ReferralFilter()
    if form.is_bound and form.is_valid():
        wanted = ReferralFilter(**form.cleaned_data)
    referrals = filter_referrals(referrals_for(request.user), wanted)
    page = Paginator(referrals, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/referrals/list.html",
        {
            "form": form,
            "page": page,
            "overdue_count": overdue(referrals_for(request.user)).count(),
            "today": timezone.localdate(),
        },
    )


@requires(Capability.MAKE_REFERRALS)
def referral_detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = referral_for(request.user, referral_id)
    if referral is None:
        raise Http404
    audit.record_access(request.user, referral)  # its needs and note can be sensitive
    return render(
        request,
        "web/referrals/detail.html",
        {
            "referral": referral,
            "needs": [need_label(n) for n in referral.needs],
            "sharing": referral_sharing(referral),
            "shared_labels": [
                str(SharedField(code).label)
                for code in (
                    referral.shared_fields
                    if referral.status != ReferralStatus.PROPOSED
                    else SHARED_FIELDS[referral.service.service_type]
                )
                if code in SharedField.values
            ],
            "is_open": referral.status in OPEN_STATUSES,
            "closable": referral.status != ReferralStatus.CLOSED,
            "today": timezone.localdate(),
        },
    )


@requires(Capability.MAKE_REFERRALS)
@require_POST
def referral_send(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = referral_for(request.user, referral_id)
    if referral is None:
        raise Http404
    try:
        send_referral(actor=_actor(request), referral=referral)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The referral is sent."))
    return HttpResponseRedirect(reverse("web:referral_detail", args=[referral.pk]))


@requires(Capability.MAKE_REFERRALS)
@require_POST
def referral_close(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = referral_for(request.user, referral_id)
    if referral is None:
        raise Http404
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        close_referral(actor=_actor(request), referral=referral, reason=reason)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The referral is closed."))
    return HttpResponseRedirect(reverse("web:referral_detail", args=[referral.pk]))


@requires(Capability.MAKE_REFERRALS)
def referral_new(request: HttpRequest, person_id: int) -> HttpResponse:
    """Suggested services for the needs chosen (GET), and proposing one of them (POST)."""
    person = person_for(request.user, person_id)
    if person is None:
        raise Http404
    if request.method == "POST":
        form = ProposeForm(request.POST)
        service = None
        if form.is_valid():
            service = service_for(request.user, form.cleaned_data["service"])
            if service is None:
                form.add_error(None, _("This service is not in the directory."))
        if form.is_valid() and service is not None:
            data = form.cleaned_data
            try:
                referral = propose_referral(
                    actor=_actor(request),
                    person=person,
                    service=service,
                    needs=data["needs"],
                    due_on=data["due_on"],
                    contact=data["contact"],
                    note=data["note"],
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("The referral is proposed."))
                if data["send_now"]:
                    try:
                        send_referral(actor=_actor(request), referral=referral)
                    except ValidationError as error:
                        messages.error(request, " ".join(error.messages))
                    else:
                        messages.success(request, _("The referral is sent."))
                return HttpResponseRedirect(reverse("web:referral_detail", args=[referral.pk]))
        messages.error(request, _("The referral could not be proposed: choose a service again."))
        return HttpResponseRedirect(reverse("web:referral_new", args=[person.pk]))
    needs_form = NeedsForm(request.GET or None)
    suggestions = []
    needs: list[str] = []
    from_profiles = False
    if needs_form.is_bound and needs_form.is_valid():
        needs = list(needs_form.cleaned_data["needs"])
        suggestions = suggestions_for(request.user, person, needs)
    elif not needs_form.is_bound:
        # Start from what a protection officer confirmed at screening.
        needs = confirmed_needs(request.user, person)
        if needs:
            from_profiles = True
            needs_form = NeedsForm(initial={"needs": needs})
            suggestions = suggestions_for(request.user, person, needs)
    audit.record_access(request.user, person, part="referral suggestions")
    return render(
        request,
        "web/referrals/new.html",
        {
            "person": person,
            "needs_form": needs_form,
            "needs": needs,
            "from_profiles": from_profiles,
            "suggestions": [
                (
                    s,
                    ProposeForm(
                        initial={"service": s.service.pk, "needs": needs},
                        auto_id=f"id_{s.service.pk}_%s",  # one form per suggestion
                    ),
                )
                for s in suggestions
            ],
        },
    )


# -- the receiving side: the provider's inbox --------------------------------------------------


@requires(Capability.RECEIVE_REFERRALS)
def inbox(request: HttpRequest) -> HttpResponse:
    form = ReferralFilterForm(request.GET or None)
    wanted = ReferralFilter()
    if form.is_bound and form.is_valid():
        wanted = ReferralFilter(**form.cleaned_data)
    received = filter_referrals(received_referrals_for(request.user), wanted)
    page = Paginator(received, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    return render(
        request,
        "web/referrals/inbox.html",
        {
            "form": form,
            "page": page,
            "rows": [(r, shared_view(r, today)) for r in page],
            "overdue_count": overdue(received_referrals_for(request.user)).count(),
            "today": today,
        },
    )


@requires(Capability.RECEIVE_REFERRALS)
def inbox_detail(request: HttpRequest, received_id: int) -> HttpResponse:
    referral = received_referral_for(request.user, received_id)
    if referral is None:
        raise Http404
    view = shared_view(referral)
    if view.allowed:
        audit.record_access(request.user, referral, part="shared fields")
    return render(
        request,
        "web/referrals/inbox_detail.html",
        {
            "referral": referral,
            "view": view,
            "today": timezone.localdate(),
            "can_answer": referral.status == ReferralStatus.SENT,
            "can_complete": referral.status == ReferralStatus.ACCEPTED,
            "can_feedback": referral.status in (ReferralStatus.ACCEPTED, ReferralStatus.COMPLETED),
        },
    )


@requires(Capability.RECEIVE_REFERRALS)
@require_POST
def inbox_answer(request: HttpRequest, received_id: int) -> HttpResponse:
    referral = received_referral_for(request.user, received_id)
    if referral is None:
        raise Http404
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an answer."))
        return HttpResponseRedirect(reverse("web:inbox_detail", args=[referral.pk]))
    answer, text = form.cleaned_data["answer"], form.cleaned_data["text"]
    actor = _actor(request)
    try:
        if answer == "accept":
            accept_referral(actor=actor, referral=referral, feedback=text)
            messages.success(request, _("The referral is accepted."))
        elif answer == "decline":
            decline_referral(actor=actor, referral=referral, reason=text)
            messages.success(request, _("The referral is declined."))
        elif answer == "complete":
            complete_referral(actor=actor, referral=referral, feedback=text)
            messages.success(request, _("The referral is completed."))
        else:
            give_feedback(actor=actor, referral=referral, feedback=text)
            messages.success(request, _("The feedback is saved."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return HttpResponseRedirect(reverse("web:inbox_detail", args=[referral.pk]))
