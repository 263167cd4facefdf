"""Checks of a submission's answers: the form's own rules, then what only Mixflow knows.

Shared by ``receive_submission`` and the bulk mode of ``submit_many``: one copy of every check.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from mixflow.geo.countries import is_country_code
from mixflow.intake.compiled_forms import CompiledForm, compiled
from mixflow.intake.models import QuestionnaireVersion
from mixflow.intake.xlsform.validate import Validation, validate_answers


def check_answers(
    form: CompiledForm, answers: Mapping[str, Any], lang: str, today: datetime.date
) -> tuple[Validation, dict[str, str]]:
    """The validated answers and, if they are refused, the reason per question."""
    checked = validate_answers(form.form, answers, lang, today=today)
    errors = {k: str(v) for k, v in checked.errors.items()} or domain_errors(form, checked.answers)
    return checked, errors


STATELESS = "XXA"
"""The travel-document code for a stateless person (ICAO 9303): ISO 3166 has none."""
COUNTRY_TARGETS = frozenset(
    {
        "person.nationality",
        "person.other_nationality",
        "person.document_country",
        "encounter.country_of_origin",
        "encounter.country_of_residence",
        "encounter.countries_transited",
        "encounter.intended_destination",
        "flow_count.nationality",
        "flow_count.intended_destination",
    }
)


def domain_errors(form: CompiledForm, answers: Mapping[str, Any]) -> dict[str, str]:
    """What the form's own rules cannot know: codes that must exist in Mixflow's lists."""
    errors: dict[str, str] = {}

    def check(targets: Mapping[str, str], values: Mapping[str, Any], prefix: str) -> None:
        for name, target in targets.items():
            value = values.get(name)
            if target not in COUNTRY_TARGETS or value in (None, ""):
                continue
            codes = value if isinstance(value, list | tuple) else str(value).split()
            unknown = [
                str(c)
                for c in codes
                if str(c).upper() != STATELESS and not is_country_code(str(c).upper())
            ]
            if unknown:
                errors[prefix + name] = str(
                    _("“%(code)s” is not an ISO 3166 alpha-3 country code (such as SDN, ERI).")
                    % {"code": unknown[0]}
                )

    check(form.mapping.targets, answers, "")
    errors.update(_flow_count_errors(form.mapping.targets, answers))
    if form.mapping.members_repeat:
        for i, instance in enumerate(answers.get(form.mapping.members_repeat) or []):
            check(form.mapping.member_targets, instance, f"{form.mapping.members_repeat}[{i}].")
    return errors


PARTS = ("flow_count.men", "flow_count.women", "flow_count.boys", "flow_count.girls")


def _flow_count_errors(targets: Mapping[str, str], answers: Mapping[str, Any]) -> dict[str, str]:
    """A flow count's men, women, boys and girls add up to its group size (a rule of the
    registry, enforced by the database too: a form that forgot it must not break an import)."""
    question_of = {target: name for name, target in targets.items()}
    size_question = question_of.get("flow_count.group_size")
    if size_question is None or not any(part in question_of for part in PARTS):
        return {}

    def number(target: str) -> int:
        try:
            return int(answers.get(question_of.get(target, ""), 0) or 0)
        except (TypeError, ValueError):
            return 0

    size = number("flow_count.group_size")
    parts = sum(number(part) for part in PARTS)
    if parts == size:
        return {}
    return {
        size_question: str(
            _("Men, women, boys and girls add up to %(parts)s, not to the group size %(size)s.")
            % {"parts": parts, "size": size}
        )
    }


def validate(
    version: QuestionnaireVersion,
    answers: Mapping[str, Any],
    lang: str,
    today: datetime.date | None = None,
) -> Validation:
    return validate_answers(compiled(version).form, answers, lang, today=today)
