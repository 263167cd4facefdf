"""The cases section of the person page: the person's cases and the button to open one.

An inclusion tag, so the person page gains it with one include and its view knows nothing of
cases.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import template
from django.utils import timezone

from mixflow.identity.queries import group_memberships_of
from mixflow.protection.case_queries import cases_of_person, may_open_case_for, suggests_child_case
from mixflow.protection.case_vocabulary import CaseKind
from mixflow.web.case_forms import OpenCaseForm

if TYPE_CHECKING:
    from mixflow.identity.models import Person

register = template.Library()


@register.inclusion_tag("web/cases/_person_case_list.html", takes_context=True)
def person_cases(context: template.Context, person: Person) -> dict[str, Any]:
    user = context["request"].user
    child = suggests_child_case(person, timezone.localdate())
    groups = sorted({m.group_id for m in group_memberships_of(user, person)})
    return {
        "person": person,
        "cases": list(cases_of_person(user, person)),
        "may_open": may_open_case_for(user, person),
        "child": child,
        "form": OpenCaseForm(
            initial={"kind": CaseKind.CHILD if child else CaseKind.GENERAL}, groups=groups
        ),
        "csrf_token": context.get("csrf_token"),
        "request": context["request"],
    }
