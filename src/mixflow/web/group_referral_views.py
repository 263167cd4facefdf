"""One referral for a group: choose the members and the service; each member's consent is
asked on its own (``protection.referrals.sharing_per_member``, the one consent mechanism), and
the members it does not allow are shown as left out, with the reason, before and after
proposing."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from mixflow.core import audit
from mixflow.core.roles import Capability
from mixflow.identity.queries import group_for
from mixflow.protection.actions import propose_group_referral
from mixflow.protection.queries import services_for
from mixflow.protection.referrals import sharing_per_member
from mixflow.web.access import requires
from mixflow.web.referral_forms import GroupReferralForm

if TYPE_CHECKING:
    from mixflow.accounts.models import User


@requires(Capability.MAKE_REFERRALS)
def group_referral_new(request: HttpRequest, group_id: int) -> HttpResponse:
    """GET: the form. POST ``check``: each member's consent for the chosen service's
    organisation. POST ``propose``: the referral, for the members whose consent allows it."""
    group = group_for(request.user, group_id)
    if group is None:
        raise Http404
    memberships = list(group.memberships.all())
    services = {
        str(s.pk): s
        for s in services_for(request.user).filter(active=True).order_by("service_type", "name")
    }
    form = GroupReferralForm(
        request.POST or None,
        services=[(pk, f"{s.name} — {s.provider}") for pk, s in services.items()],
        members=[
            (str(m.person_id), f"{m.person.display_name} ({m.get_relationship_display()})")
            for m in memberships
        ],
        initial={"members": [str(m.person_id) for m in memberships]},
    )
    sharing = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        service = services[data["service"]]
        chosen = {int(pk) for pk in data["members"]}
        if "propose" in request.POST:
            try:
                made = propose_group_referral(
                    actor=cast("User", request.user),
                    group=group,
                    members=[m.person for m in memberships if m.person_id in chosen],
                    service=service,
                    needs=data["needs"],
                    due_on=data["due_on"],
                    note=data["note"],
                    contact=data["contact"],
                )
            except ValidationError as error:
                form.add_error(None, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    _("The referral is proposed for %(count)s members.")
                    % {"count": made.referral.members.count()},
                )
                for left_out in made.excluded:
                    messages.warning(
                        request,
                        _("%(name)s is left out: %(reason)s")
                        % {
                            "name": left_out.person.display_name,
                            "reason": left_out.decision.reason,
                        },
                    )
                return HttpResponseRedirect(reverse("web:referral_detail", args=[made.referral.pk]))
        sharing = sharing_per_member(
            [m for m in memberships if m.person_id in chosen], service.provider.organisation_id
        )
    audit.record_access(request.user, group, part="group referral")
    return render(
        request,
        "web/referrals/group_new.html",
        {"group": group, "memberships": memberships, "form": form, "sharing": sharing},
    )
