"""Profiles in the demo: every loaded screening flagged by the shipped rules, and a share of the
caseworker's flags already decided, so that the person pages show work done and work waiting.

Flags are raised as the profiling rules' system actor would on each submission; decisions are
taken by the demo caseworker through the same action as the page, each with its reason.
"""

from __future__ import annotations

from collections.abc import Sequence

from mixflow.accounts.models import User
from mixflow.core.actors import SystemActor
from mixflow.core.roles import Role
from mixflow.intake.screening import profile_stored_screenings
from mixflow.protection.actions import decide_flag
from mixflow.protection.models import ProfileFlag

PROFILING = SystemActor("profiling rules")
DECIDED = 40
"""How many of the caseworker's flags the demo decides (one in five dismissed, a few amended)."""
REASONS = {
    "confirmed": "Confirmed in the follow-up interview.",
    "dismissed": "Not borne out in the follow-up interview.",
    "amended": "The interview showed another need.",
}
AMEND_TO = {"economic": "international_protection", "smuggled": "trafficking"}


def profile_demo(users: Sequence[User]) -> tuple[int, int]:
    """Flag every screening not flagged yet and decide some of the caseworker's flags;
    returns (flags raised, decisions taken). Running it again adds nothing."""
    raised = profile_stored_screenings(actor=PROFILING)
    caseworker = next((u for u in users if u.username == Role.CASEWORKER), None)
    if caseworker is None or ProfileFlag.objects.exclude(status="raised").exists():
        return raised, 0
    waiting = (
        ProfileFlag.objects.filter(organisation=caseworker.organisation, status="raised")
        .select_related("encounter")
        .order_by("-encounter__occurred_on", "pk")[:DECIDED]
    )
    decided = 0
    for number, flag in enumerate(waiting):
        if flag.code in AMEND_TO and number % 4 == 0:
            decision, amended = "amended", AMEND_TO[flag.code]
        elif number % 5 == 4:
            decision, amended = "dismissed", ""
        else:
            decision, amended = "confirmed", ""
        decide_flag(
            actor=caseworker,
            flag=flag,
            decision=decision,
            reason=REASONS[decision],
            amended_code=amended,
        )
        decided += 1
    return raised, decided
