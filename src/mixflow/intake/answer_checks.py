"""Checks of a submission's answers: the form's own rules, then what only Mixflow knows.

Shared by ``receive_submission`` and the bulk mode of ``submit_many``: one copy of every check.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from mixflow.accounts.models import Organisation
from mixflow.geo.countries import is_country_code
from mixflow.identity.actions import PersonDetails
from mixflow.intake.choice_values import SEX_TARGET, domain_sex
from mixflow.intake.compiled_forms import CompiledForm, compiled
from mixflow.intake.mapping import map_answers
from mixflow.intake.models import QuestionnaireVersion
from mixflow.intake.said import said
from mixflow.intake.xlsform.validate import Validation, validate_answers
from mixflow.lib.dates import MIN_YEAR, parse_partial_date


def check_answers(
    form: CompiledForm, answers: Mapping[str, Any], lang: str, today: datetime.date
) -> tuple[Validation, dict[str, str]]:
    """The validated answers and, if they are refused, the reason per question."""
    checked = validate_answers(form.form, answers, lang, today=today)
    errors = dict(checked.errors)
    if not errors:
        with translation.override(lang):
            errors = domain_errors(form, checked.answers)
            errors = errors or person_errors(form, checked.answers, today)
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
                errors[prefix + name] = said(
                    _("“%(code)s” is not an ISO 3166 alpha-3 country code (such as SDN, ERI)."),
                    code=unknown[0],
                )

    check(form.mapping.targets, answers, "")
    errors.update(_flow_count_errors(form.mapping.targets, answers))
    errors.update(_sharing_errors(form.mapping.targets, answers))
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
        size_question: said(
            _("Men, women, boys and girls add up to %(parts)s, not to the group size %(size)s."),
            parts=parts,
            size=size,
        )
    }


SHARE_TARGET = "consent.share_with_organisation"
NOT_SHARED = frozenset({"no", "none"})


def _sharing_errors(targets: Mapping[str, str], answers: Mapping[str, Any]) -> dict[str, str]:
    """Consent to share names an organisation Mixflow knows (the consent record points to it)."""
    errors: dict[str, str] = {}
    for name, target in targets.items():
        value = answers.get(name)
        if target != SHARE_TARGET or value in (None, ""):
            continue
        codes = value if isinstance(value, list | tuple) else str(value).split()
        wanted = [str(c) for c in codes if str(c) not in NOT_SHARED]
        known = set(Organisation.objects.filter(code__in=wanted).values_list("code", flat=True))
        unknown = [c for c in wanted if c not in known]
        if unknown:
            errors[name] = said(
                _(
                    "“%(code)s” is not the code of an organisation in Mixflow: use the code "
                    "an administrator gave the organisation, or answer “none”."
                ),
                code=unknown[0],
            )
    return errors


BIRTH_TARGETS = ("person.date_of_birth", "person.dob_precision", "person.age_years")


def person_errors(
    form: CompiledForm, answers: Mapping[str, Any], today: datetime.date
) -> dict[str, str]:
    """What the person's record will hold, checked as registration will check it: a date of
    birth that is a real calendar date in a plausible range, and a sex the domain knows.
    Every value accepted here is accepted when the person is written."""
    mapping = form.mapping
    mapped = map_answers(mapping, answers, today)
    on = mapped.occurred_on or today
    errors: dict[str, str] = {}

    def question(targets: Mapping[str, str], *wanted: str) -> str | None:
        for target in wanted:
            for name, mapped_to in targets.items():
                if mapped_to == target:
                    return name
        return None

    def check(
        details: PersonDetails, values: Mapping[str, Any], targets: Mapping[str, str], prefix: str
    ) -> None:
        where = question(targets, *BIRTH_TARGETS)
        if where is not None:
            message = _birth_error(details, on)
            if message:
                errors[prefix + where] = message
        sex_question = question(targets, SEX_TARGET)
        given = values.get(sex_question) if sex_question else None
        known = given in (None, "") or domain_sex(str(given), dict(mapping.sex_codes))
        if sex_question and not known:
            errors[prefix + sex_question] = said(
                _(
                    "“%(value)s” does not say a sex Mixflow knows: use female, male, other "
                    "or unknown (or codes labelled so in the form's choices)."
                ),
                value=given,
            )

    if mapped.person is not None:
        check(mapped.person, answers, mapping.targets, "")
    if mapping.members_repeat:
        instances = answers.get(mapping.members_repeat) or []
        people = iter(mapped.members)
        for i, instance in enumerate(instances):
            has_person = any(
                target.startswith("person.") and instance.get(name) not in (None, "", [])
                for name, target in mapping.member_targets.items()
            )
            if has_person:
                details, _relationship = next(people)
                check(details, instance, mapping.member_targets, f"{mapping.members_repeat}[{i}].")
    return errors


def _birth_error(details: PersonDetails, on: datetime.date) -> str:
    try:
        born = parse_partial_date(details.date_of_birth, details.dob_precision)
    except ValueError:
        return said(
            _(
                "“%(value)s” is not a possible date of birth: give a real calendar date "
                "(YYYY-MM-DD), a year and month (YYYY-MM) or a year, from %(min)s to today."
            ),
            value=details.date_of_birth,
            min=MIN_YEAR,
        )
    if born.year is not None and born.year > on.year:
        return said(
            _("%(value)s is after the day of registration: give a date of birth before it."),
            value=details.date_of_birth,
        )
    return ""


def validate(
    version: QuestionnaireVersion,
    answers: Mapping[str, Any],
    lang: str,
    today: datetime.date | None = None,
) -> Validation:
    return validate_answers(compiled(version).form, answers, lang, today=today)
