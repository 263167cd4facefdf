"""Reading drafts: each user sees their own, unexpired, within their organisation's scope."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from mixflow.core.scoping import scoped
from mixflow.intake.models import Draft


def drafts_for(user: Any) -> QuerySet[Draft]:
    return (
        scoped(user, Draft)
        .filter(owner_id=getattr(user, "pk", None), expires_at__gt=timezone.now())
        .select_related("version__questionnaire", "site")
    )


def draft_for(user: Any, draft_id: int | str) -> Draft | None:
    if not str(draft_id).isdigit():
        return None
    return drafts_for(user).filter(pk=int(draft_id)).first()
