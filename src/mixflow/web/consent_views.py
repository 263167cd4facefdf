"""The consent page of a person: record, change or withdraw consent, with a preview of what the
change stops ("2 referrals stop, 1 organisation loses access") before it is saved."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mixflow.accounts.queries import organisations
from mixflow.core import audit
from mixflow.core.roles import Capability
from mixflow.identity.queries import person_for
from mixflow.protection.actions import (
    ConsentChange,
    ConsentEffect,
    NewConsent,
    change_consent,
    preview_consent_change,
)
from mixflow.protection.queries import consents_of
from mixflow.web.access import requires
from mixflow.web.referral_forms import ConsentForm

if TYPE_CHECKING:
    from mixflow.accounts.models import User
    from mixflow.identity.models import Person


def _actor(request: HttpRequest) -> User:
    return cast("User", request.user)


def _organisation_choices() -> list[tuple[str, str]]:
    return [(str(o.pk), o.name) for o in organisations().order_by("name")]


def _change(request: HttpRequest, person: Person, form: ConsentForm | None) -> ConsentChange | None:
    """The change posted: a consent to withdraw (``withdraw`` = its id) or a new one."""
    today = timezone.localdate()
    withdraw_id = request.POST.get("withdraw", "")
    if withdraw_id:
        consent = (
            consents_of(request.user, person)
            .filter(pk=int(withdraw_id) if withdraw_id.isdigit() else 0, withdrawn_on__isnull=True)
            .first()
        )
        return ConsentChange(on=today, withdraw=consent) if consent else None
    if form is None or not form.is_valid():
        return None
    data = form.cleaned_data
    target = None
    if data["organisation"]:
        target = organisations().filter(pk=int(data["organisation"])).first()
    return ConsentChange(
        on=today,
        record=NewConsent(
            purpose=data["purpose"],
            given=data["given"],
            method=data["method"],
            target_organisation=target,
            withheld_from=data["withheld_from"],
        ),
    )


def effect_summary(effect: ConsentEffect) -> str:
    parts = [
        ngettext("%(n)d referral stops", "%(n)d referrals stop", len(effect.referrals_stopping))
        % {"n": len(effect.referrals_stopping)},
        ngettext(
            "%(n)d organisation loses access",
            "%(n)d organisations lose access",
            len(effect.organisations_losing),
        )
        % {"n": len(effect.organisations_losing)},
    ]
    if effect.organisations_gaining:
        parts.append(
            ngettext(
                "%(n)d organisation gains access",
                "%(n)d organisations gain access",
                len(effect.organisations_gaining),
            )
            % {"n": len(effect.organisations_gaining)}
        )
    return ", ".join(parts)


@requires(Capability.REGISTER_PERSONS)
def person_consent(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_for(request.user, person_id)
    if person is None:
        raise Http404
    actor = _actor(request)
    form = ConsentForm(
        request.POST if request.method == "POST" and not request.POST.get("withdraw") else None,
        organisations=_organisation_choices(),
    )
    effect = None
    change = None
    if request.method == "POST":
        change = _change(request, person, form)
        if change is None and request.POST.get("withdraw"):
            raise Http404
        if change is not None:
            try:
                if request.POST.get("step") == "confirm":
                    done = change_consent(actor=actor, person=person, change=change)
                    messages.success(
                        request, _("Consent saved: %(effect)s.") % {"effect": effect_summary(done)}
                    )
                    return HttpResponseRedirect(reverse("web:person_detail", args=[person.pk]))
                effect = preview_consent_change(actor=actor, person=person, change=change)
            except PermissionDenied as refusal:
                messages.error(request, str(refusal) or _("You may not change this consent."))
                change = None
    else:
        audit.record_access(request.user, person, part="consent")
    return render(
        request,
        "web/referrals/consent.html",
        {
            "person": person,
            "consents": consents_of(request.user, person),
            "form": form,
            "change": change,
            "effect": effect,
            "summary": effect_summary(effect) if effect is not None else "",
            "posted": request.POST,
        },
    )
