"""The profiles section of the person page: current profiles and needs, each flag with the
answers that raised it, and the history of officers' decisions.

Profiles are sensitive: the section shows them only to readers holding ``view_sensitive`` (the
query returns nothing to others) and logs each reading of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from mixflow.core import audit
from mixflow.core.roles import Capability
from mixflow.core.scoping import scope_of
from mixflow.intake.questionnaires.screening_words import answers_in_words
from mixflow.protection.profile_codes import code_choices, code_label
from mixflow.protection.profiling.answers import ANSWERS
from mixflow.protection.queries import current_profiles, decisions_of, explanation, flags_of

if TYPE_CHECKING:
    from mixflow.identity.models import Person

register = template.Library()


@register.filter
def profile_code(code: str) -> str:
    return code_label(code)


@register.simple_tag
def rule_description(rule: Any) -> str:
    """A profiling rule's plain-language description in the page's language."""
    return str(rule.describe((get_language() or "en")[:2]))


@register.inclusion_tag("web/protection/_person_profiles.html", takes_context=True)
def person_profiles(context: template.Context, person: Person) -> dict[str, Any]:
    user = context["request"].user
    scope = scope_of(user)
    if not scope.can(Capability.VIEW_SENSITIVE):
        return {"shown": False}
    flags = list(flags_of(user, person))
    lang = (get_language() or "en")[:2]
    rows = [
        {
            "flag": flag,
            "label": code_label(flag.code),
            "explanation": explanation(
                flag.rule_set_version, flag.rule_ids or [flag.rule_id], lang
            ),
        }
        for flag in flags
    ]
    if flags:
        audit.record_access(user, person, read="profile flags", flags=len(flags))
    return {
        "shown": True,
        "person": person,
        "current": [
            {"code": p.code, "label": code_label(p.code), "status": p.status, "flag": p.flag}
            for p in current_profiles(flags)
        ],
        "rows": rows,
        "history": list(decisions_of(user, person)[:50]),
        "can_decide": scope.can(Capability.CONFIRM_PROFILES),
        "codes": code_choices(),
        "csrf_token": context.get("csrf_token"),
        "request": context["request"],
    }


@register.filter
def in_words(evidence: Any) -> list[tuple[str, str]]:
    """A flag's evidence (answer name → value) as the questionnaire words it, in the page's
    language ("Raisons du départ … — Travail ou moyens de subsistance / Conflit …"), not as
    field names and codes ("reasons_for_leaving = economic conflict")."""
    return answers_in_words(evidence or {}, (get_language() or "en")[:2])


#: How a condition compares each kind of answer, for the rule editor's list of questions.
COMPARED = {
    "one": _("one code: “is” or “in”"),
    "many": _("several codes: “any_of”"),
    "number": _("a number: “at_least”"),
    "date": _("a date (read by the age conditions)"),
    "text": _("free text"),
}


@register.inclusion_tag("web/protection/_rule_questions.html")
def rule_questions() -> dict[str, Any]:
    """The answers a profiling rule may read, each with its question and its codes as the
    questionnaire words them in the page's language: what the rule editor's condition and
    examples name."""
    lang = (get_language() or "en")[:2]
    rows = []
    for name, spec in ANSWERS.items():
        question = answers_in_words({name: ""}, lang)[0][0]
        codes = [(code, answers_in_words({name: code}, lang)[0][1]) for code in spec.values]
        rows.append(
            {"name": name, "question": question, "compared": COMPARED[spec.kind], "codes": codes}
        )
    return {"rows": rows}
