"""The two-factor page: set up an authenticator (QR code and typed key), confirm a sign-in
with its code or a recovery code, and renew the recovery codes. Views validate input and call
``accounts.two_factor_actions``."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from mixflow.accounts import two_factor as policy
from mixflow.accounts import two_factor_actions
from mixflow.web.access import requires

if TYPE_CHECKING:
    from mixflow.accounts.models import User


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


def _codes_page(request: HttpRequest, codes: list[str]) -> HttpResponse:
    return render(request, "web/two_factor/codes.html", {"codes": codes, "next": _next(request)})


@requires()
@sensitive_post_parameters("code")
def two_factor(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]  # @requires let only users in
    verified = policy.is_verified(user)
    enrolled = policy.is_enrolled(user)
    pending = policy.pending_device(user)
    error = ""
    if request.method == "POST":
        code = request.POST.get("code", "")
        if pending is not None and (verified or not enrolled):
            codes = two_factor_actions.confirm_enrolment(
                actor=user, user=user, device=pending, code=code
            )
            if codes is not None:
                otp_login(request, pending)
                return _codes_page(request, codes)
            error = _("This code is not the one your authenticator shows now. Try the next one.")
        elif enrolled and not verified:
            device = two_factor_actions.verify_sign_in(actor=user, user=user, code=code)
            if device is not None:
                otp_login(request, device)
                left = policy.recovery_codes_left(user)
                if left <= 3 and device.name == policy.RECOVERY:
                    messages.warning(
                        request,
                        _("%(count)d recovery codes left: make new ones below.") % {"count": left},
                    )
                return redirect(_next(request))
            error = _(
                "This code was not accepted. Type the six digits your authenticator shows now, "
                "or one of your recovery codes. After a wrong code, wait a few seconds."
            )
    context = {
        "verified": verified,
        "enrolled": enrolled,
        "required": policy.required_for(user, request.session),
        "pending": pending,
        "error": error,
        "next": _next(request),
        "codes_left": policy.recovery_codes_left(user) if enrolled else 0,
    }
    if pending is not None and (verified or not enrolled):
        context["qr"] = mark_safe(policy.qr_svg(pending))  # noqa: S308  # our own SVG
        context["secret"] = policy.secret_of(pending)
    return render(request, "web/two_factor/page.html", context, status=400 if error else 200)


@require_POST
@requires()
def two_factor_start(request: HttpRequest) -> HttpResponse:
    """Begin setting up an authenticator: a first one, or a new one by a confirmed session."""
    user: User = request.user  # type: ignore[assignment]
    if policy.is_enrolled(user) and not policy.is_verified(user):
        # Replacing the authenticator needs the current one: otherwise a stolen password would
        # be enough to take over the second factor.
        return redirect("web:two_factor")
    two_factor_actions.start_enrolment(actor=user, user=user)
    return redirect(f"{reverse('web:two_factor')}?{urlencode({'next': _next(request)})}")


@require_POST
@requires()
def two_factor_recovery_codes(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if not (policy.is_enrolled(user) and policy.is_verified(user)):
        return redirect("web:two_factor")
    return _codes_page(request, two_factor_actions.renew_recovery_codes(actor=user, user=user))
