"""What each role's home page offers: its own daily work first, in the reader's language."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mixflow.core.roles import Capability, Role
from mixflow.core.scoping import scope_of
from mixflow.intake.draft_queries import drafts_for
from mixflow.intake.queries import flow_counts_recorded_by


@dataclass(frozen=True)
class Task:
    label: str
    url: str
    note: str = ""


def greeting_name(user: Any) -> str:
    """The user's first name, unless it is a role's English name (as for the demo accounts):
    then the role's name in the reader's language ("Bienvenido/a, Oficial de registro")."""
    name = str(getattr(user, "first_name", "") or "")
    with translation.override("en"):
        english = {str(role.label): role for role in Role}
    role = english.get(name)
    if role is not None:
        return str(role.label)
    return name or str(user.get_username())


def tasks_for(user: Any) -> list[Task]:
    """The links a role uses every day, most frequent first."""
    scope = scope_of(user)
    tasks: list[Task] = []
    if scope.can(Capability.RECORD_FLOW_COUNTS) or scope.can(Capability.REGISTER_PERSONS):
        tasks.append(
            Task(
                _("Fill in a questionnaire"),
                reverse("web:questionnaire_list"),
                _("Record what you see and register people."),
            )
        )
        drafts = drafts_for(user).count()
        if drafts:
            tasks.append(
                Task(
                    _("My drafts"),
                    reverse("web:draft_list"),
                    ngettext("%(count)s form to finish.", "%(count)s forms to finish.", drafts)
                    % {"count": drafts},
                )
            )
    if scope.can(Capability.MANAGE_CASES):
        tasks.append(
            Task(_("My work"), reverse("web:my_work"), _("Your cases, overdue tasks, referrals."))
        )
    if scope.can(Capability.VIEW_PERSONS):
        tasks.append(Task(_("Search for a person"), reverse("web:person_search")))
    if scope.can(Capability.MAKE_REFERRALS):
        tasks.append(Task(_("Referrals"), reverse("web:referral_list")))
    if scope.can(Capability.REVIEW_MATCHES):
        tasks.append(Task(_("Review possible duplicates"), reverse("web:review_queue")))
    if scope.can(Capability.IMPORT_DATA):
        tasks.append(
            Task(
                _("Import a file"), reverse("web:import_new"), _("Spreadsheets and survey exports.")
            )
        )
    if scope.can(Capability.RECEIVE_REFERRALS):
        tasks.append(Task(_("Referrals addressed to you"), reverse("web:inbox")))
    if scope.can(Capability.VIEW_AGGREGATES):
        tasks.append(Task(_("Dashboards"), reverse("web:flows_dashboard")))
    if scope.can(Capability.PUBLISH_STATISTICS):
        tasks.append(Task(_("Publications"), reverse("web:publication_list")))
    if scope.can(Capability.VIEW_FLOW_COUNTS):
        tasks.append(
            Task(_("Flow counts"), reverse("web:flow_count_list"), _("List, filter and correct."))
        )
    if scope.can(Capability.VIEW_SITES):
        note = (
            _("Figures per site; record a count there.")
            if scope.can(Capability.RECORD_FLOW_COUNTS)
            else _("Figures per site.")
        )
        tasks.append(Task(_("Sites"), reverse("web:site_list"), note))
    if scope.can(Capability.MANAGE_USERS):
        tasks.append(
            Task(_("Accounts"), reverse("web:user_list"), _("Add people and give them roles."))
        )
    if scope.can(Capability.MANAGE_FORMS):
        tasks.append(
            Task(
                _("Questionnaires"),
                reverse("web:questionnaire_list"),
                _("Upload XLSForms and new versions."),
            )
        )
    if scope.can(Capability.MANAGE_PROFILE_RULES):
        tasks.append(Task(_("Screening rules"), reverse("web:profile_rules")))
    if scope.can(Capability.ADMINISTER_SYSTEM):
        tasks.append(
            Task(_("Administration"), reverse("admin:index"), _("Organisations and the audit log."))
        )
    return tasks


@dataclass(frozen=True)
class OwnCounts:
    today: int
    this_week: list[Any]
    correctable: bool = False
    """Whether the reader may correct them (an audited change, on the count's page)."""


def own_flow_counts(user: Any, shown: int = 10) -> OwnCounts | None:
    """An enumerator's entries: how many today, and the latest of the last seven days."""
    if not scope_of(user).can(Capability.RECORD_FLOW_COUNTS):
        return None
    now = timezone.localtime()
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    week = flow_counts_recorded_by(user, midnight - datetime.timedelta(days=6))
    return OwnCounts(
        today=week.filter(observed_at__gte=midnight).count(),
        this_week=list(week.order_by("-observed_at")[:shown]),
        correctable=scope_of(user).can(Capability.CORRECT_FLOW_COUNTS),
    )
