"""How long the organisation keeps each record type, per purpose (``manage_retention``).
``mixflow retention run`` applies the periods; the page says so."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from mixflow.core.roles import Capability
from mixflow.protection.data_rights import retention_rules_of
from mixflow.protection.retention_actions import set_retention
from mixflow.protection.retention_models import (
    ACTION_OF,
    PURPOSES_OF,
    Purpose,
    RecordType,
    RetentionAction,
)
from mixflow.web.access import requires


@requires(Capability.MANAGE_RETENTION)
def retention(request: HttpRequest) -> HttpResponse:
    organisation = request.user.organisation  # type: ignore[union-attr]
    if request.method == "POST" and organisation is not None:
        record_type = request.POST.get("record_type", "")
        purpose = request.POST.get("purpose", "")
        text = request.POST.get("months", "").strip()
        try:
            months = int(text) if text else None
            set_retention(
                actor=request.user,  # type: ignore[arg-type]
                organisation=organisation,
                record_type=record_type,
                purpose=purpose,
                months=months,
            )
        except (ValueError, ValidationError) as error:
            shown = error.messages if isinstance(error, ValidationError) else []
            messages.error(request, " ".join(shown) or _("Enter a whole number of months."))
        else:
            messages.success(request, _("The retention period is saved."))
        return redirect("web:retention")
    rules = retention_rules_of(request.user)  # type: ignore[arg-type]
    kept = {(rule.record_type, rule.purpose): rule.months for rule in rules}
    rows = [
        {
            "record_type": record_type,
            "record_label": RecordType(record_type).label,
            "purpose": purpose,
            "purpose_label": Purpose(purpose).label,
            "action": RetentionAction(ACTION_OF[record_type]).label,
            "months": kept.get((record_type, purpose)),
            "key": f"{record_type}-{purpose}",
        }
        for record_type, purposes in PURPOSES_OF.items()
        for purpose in purposes
    ]
    return render(request, "web/protection/retention.html", {"rows": rows})
