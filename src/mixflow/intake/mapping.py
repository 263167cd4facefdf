"""From a questionnaire's validated answers to the domain: which answer fills which field.

A form declares its mapping in the survey sheet's ``mixflow`` column (``person.given_name``,
``encounter.reasons_for_leaving``…; the vocabulary is ``intake.xlsform.mapping_targets``), so an
organisation changes its questionnaire without a code change. This module is pure: it turns
answers into plain values; ``intake.submission_actions`` writes them through the apps' actions.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from mixflow.identity.actions import PersonDetails
from mixflow.intake.choice_values import SEX_TARGET, domain_sex, sex_codes
from mixflow.intake.contracts import Journey, Sensitive
from mixflow.intake.flow_count_fields import FLOW_COUNT_CODES, FLOW_COUNT_NUMBERS
from mixflow.intake.xlsform.model import Form, Question, Section
from mixflow.lib.vocabularies import DatePrecision, Sex

MEMBERS = "group.members"
SENSITIVE_PREFIX = "sensitive."
YES = frozenset({"yes", "true", "1", "oui", "si", "sí"})
NO = frozenset({"no", "false", "0", "non"})


@dataclass(frozen=True)
class FormMapping:
    """Where each mapped question sends its answer, computed once per form version."""

    targets: Mapping[str, str]
    """question name → mapping target, for questions outside the members repeat."""
    member_targets: Mapping[str, str]
    """question name → target, for questions inside the members repeat."""
    members_repeat: str | None
    """name of the repeat whose instances are group members."""
    sex_codes: Mapping[str, str] = field(default_factory=dict)
    """the form's sex choice codes → the domain's value (``f`` → ``female``)."""

    @property
    def all_targets(self) -> frozenset[str]:
        return frozenset(self.targets.values()) | frozenset(self.member_targets.values())

    def sensitive_questions(self) -> frozenset[str]:
        return frozenset(
            name
            for name, target in [*self.targets.items(), *self.member_targets.items()]
            if target.startswith(SENSITIVE_PREFIX)
        )


def mapping_of(form: Form, overrides: Mapping[str, str] | None = None) -> FormMapping:
    """Where the form's questions go: the workbook's ``mixflow`` column, with ``overrides``
    (question name → target, ``""`` for none) set on the mapping page after upload."""
    overrides = overrides or {}

    def target_of(child: Question | Section) -> str | None:
        return overrides.get(child.name, child.maps_to) or None

    targets: dict[str, str] = {}
    member_targets: dict[str, str] = {}
    members_repeat: list[str] = []
    codes: dict[str, str] = {}

    def walk(children: Iterable[Question | Section], in_members: bool) -> None:
        for child in children:
            target = target_of(child)
            if isinstance(child, Section):
                is_members = child.repeat and target == MEMBERS
                if is_members:
                    members_repeat.append(child.name)
                walk(child.children, in_members or is_members)
            elif target:
                (member_targets if in_members else targets)[child.name] = target
                if target == SEX_TARGET:
                    codes.update(sex_codes(child.choices))

    walk(form.children, False)
    return FormMapping(
        targets, member_targets, members_repeat[0] if members_repeat else None, codes
    )


@dataclass(frozen=True)
class DocumentDetails:
    kind: str
    number: str
    issuing_country: str


@dataclass(frozen=True)
class ConsentAnswer:
    purpose: str
    given: bool
    target_organisation: str = ""
    withheld_from: str = ""


@dataclass(frozen=True)
class MappedSubmission:
    """What one submission says, sorted by the domain object it fills."""

    person: PersonDetails | None = None
    document: DocumentDetails | None = None
    group_kind: str = ""
    members: Sequence[tuple[PersonDetails, str]] = ()
    occurred_on: datetime.date | None = None
    site_code: str = ""
    journey: Journey | None = None
    sensitive: Sensitive = field(default_factory=Sensitive)
    flow_count: Mapping[str, Any] | None = None
    consents: Sequence[ConsentAnswer] = ()
    consent_method: str = ""
    kept: Mapping[str, Any] = field(default_factory=dict)
    """Answers stored with the submission: everything but the sensitive ones."""
    unmapped: Mapping[str, Any] = field(default_factory=dict)
    """Answers whose question maps to nothing."""


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return " ".join(str(v) for v in value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def _codes(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, list | tuple):
        return [str(v) for v in value if str(v)]
    return [v for v in str(value).split() if v]


def _yes_no(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if text in YES:
        return True
    if text in NO:
        return False
    return None


def _int(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, int | Decimal | float):
        return int(value)
    try:
        return int(Decimal(str(value)))
    except ArithmeticError:
        return None


def _date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _person(
    values: Mapping[str, Any], on: datetime.date, codes: Mapping[str, str]
) -> PersonDetails | None:
    """Person details from ``person.*`` values; ``None`` when no name or birth detail is given."""
    if not any(values.get(k) not in (None, "", []) for k in values):
        return None
    born = values.get("person.date_of_birth")
    precision = _text(values.get("person.dob_precision")) or None
    born_on = _date(born)
    date_of_birth = born_on.isoformat() if born_on else _text(born)
    age = _int(values.get("person.age_years"))
    if precision == DatePrecision.YEAR and date_of_birth:
        date_of_birth = date_of_birth[:4]
    elif precision == DatePrecision.MONTH and date_of_birth:
        date_of_birth = date_of_birth[:7]
    if (not date_of_birth or precision == DatePrecision.ESTIMATED) and age is not None:
        date_of_birth, precision = str(on.year - age), DatePrecision.ESTIMATED
    if precision == DatePrecision.UNKNOWN:
        date_of_birth = ""
    if not date_of_birth:
        precision = None
    nationalities = [
        *_codes(values.get("person.nationality")),
        *_codes(values.get("person.other_nationality")),
    ]
    given_sex = _text(values.get("person.sex"))
    # ``answer_checks`` refuses a value that names no sex: nothing becomes "unknown" silently.
    sex = (domain_sex(given_sex, dict(codes)) if given_sex else None) or Sex.UNKNOWN
    return PersonDetails(
        given_name=_text(values.get("person.given_name")),
        family_name=_text(values.get("person.family_name")),
        father_name=_text(values.get("person.father_name")),
        native_name=_text(values.get("person.native_name")),
        sex=sex if sex in Sex.values else Sex.UNKNOWN,
        date_of_birth=date_of_birth,
        dob_precision=precision,
        nationalities=tuple(dict.fromkeys(code.upper() for code in nationalities)),
        languages=tuple(_codes(values.get("person.languages"))),
    )


def _by_target(answers: Mapping[str, Any], targets: Mapping[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, target in targets.items():
        if name in answers and answers[name] not in (None, "", []):
            out[target] = answers[name]
    return out


def _flow_count(values: Mapping[str, Any]) -> dict[str, Any] | None:
    fields = {
        k.removeprefix("flow_count."): v for k, v in values.items() if k.startswith("flow_count.")
    }
    if not fields:
        return None
    out: dict[str, Any] = {}
    for name in FLOW_COUNT_NUMBERS:
        out[name] = _int(fields.get(name)) or 0
    observed = fields.get("observed_at")
    out["observed_at"] = observed
    for name in FLOW_COUNT_CODES:
        out[name] = _text(fields.get(name))
    # A multiple-choice answer keeps its first code: the registry records one means.
    out["transport"] = (_codes(fields.get("transport")) or [""])[0]
    out["previous_transit_point"] = _text(fields.get("previous_transit_point"))
    out["site"] = _text(fields.get("site"))
    return out


def _consents(values: Mapping[str, Any]) -> list[ConsentAnswer]:
    out: list[ConsentAnswer] = []
    for purpose in ("services", "statistics", "family_tracing"):
        given = _yes_no(values.get(f"consent.{purpose}"))
        if given is not None:
            out.append(ConsentAnswer(purpose, given))
    share = _text(values.get("consent.share_with_organisation"))
    for code in share.split():
        if code not in ("no", "none"):
            out.append(ConsentAnswer("share_with_organisation", True, target_organisation=code))
    withhold = _text(values.get("consent.withhold_from"))
    if withhold and withhold.lower() not in NO | {"none"}:
        out.append(ConsentAnswer("withhold_from", True, withheld_from=withhold))
    return out


def map_answers(
    mapping: FormMapping, answers: Mapping[str, Any], today: datetime.date
) -> MappedSubmission:
    """Sort validated ``answers`` into the domain objects they fill."""
    values = _by_target(answers, mapping.targets)
    occurred_on = _date(values.get("encounter.occurred_on")) or today
    person_values = {k: v for k, v in values.items() if k.startswith("person.")}
    person = _person(person_values, occurred_on, mapping.sex_codes) if person_values else None

    members: list[tuple[PersonDetails, str]] = []
    if mapping.members_repeat:
        for instance in answers.get(mapping.members_repeat) or []:
            member_values = _by_target(instance, mapping.member_targets)
            details = _person(
                {k: v for k, v in member_values.items() if k.startswith("person.")},
                occurred_on,
                mapping.sex_codes,
            )
            if details is not None:
                members.append((details, _text(member_values.get("member.relationship"))))

    document = None
    if values.get("person.document_kind"):
        document = DocumentDetails(
            kind=_text(values["person.document_kind"]),
            number=_text(values.get("person.document_number")),
            issuing_country=_text(values.get("person.document_country")),
        )

    journey = None
    if person is not None or any(k.startswith("encounter.") for k in values):
        journey = Journey(
            country_of_origin=_text(values.get("encounter.country_of_origin")),
            country_of_residence=_text(values.get("encounter.country_of_residence")),
            departure_date=_date(values.get("encounter.departure_date")),
            countries_transited=tuple(_codes(values.get("encounter.countries_transited"))),
            intended_destination=_text(values.get("encounter.intended_destination")),
            transport=tuple(_codes(values.get("encounter.transport"))),
            reasons_for_leaving=tuple(_codes(values.get("encounter.reasons_for_leaving"))),
            used_smuggler=_yes_no(values.get("encounter.used_smuggler")),
            smuggler_cost_usd=_int(values.get("encounter.smuggler_cost_usd")),
            wishes_return=_yes_no(values.get("encounter.wishes_return")),
        )
    sensitive = Sensitive(
        trafficking_indicators=tuple(_codes(values.get("sensitive.trafficking_indicators"))),
        violence_incidents=tuple(_codes(values.get("sensitive.violence_incidents"))),
        health_conditions=tuple(_codes(values.get("sensitive.health_conditions"))),
        wishes_asylum=_yes_no(values.get("sensitive.wishes_asylum")),
        asylum_details=_text(values.get("sensitive.asylum_details")),
        fear_of_return=_text(values.get("sensitive.fear_of_return")),
        refugee_elsewhere=_text(values.get("sensitive.refugee_elsewhere")),
        refugee_country=_text(values.get("sensitive.refugee_country")).upper(),
        under_18=_text(values.get("sensitive.under_18")),
        child_care=_text(values.get("sensitive.child_care")),
        single_caregiver=_yes_no(values.get("sensitive.single_caregiver")),
        travelling_with_others=_yes_no(values.get("sensitive.travelling_with_others")),
    )

    secret = mapping.sensitive_questions()
    kept = {k: _json_safe(_strip(v, secret)) for k, v in answers.items() if k not in secret}
    mapped_names = set(mapping.targets) | set(mapping.member_targets)
    if mapping.members_repeat:
        mapped_names.add(mapping.members_repeat)
    unmapped = {k: v for k, v in kept.items() if k not in mapped_names}
    return MappedSubmission(
        person=person,
        document=document,
        group_kind=_text(values.get("group.kind")),
        members=tuple(members),
        occurred_on=occurred_on,
        site_code=_text(values.get("encounter.site")),
        journey=journey,
        sensitive=sensitive,
        flow_count=_flow_count(values),
        consents=tuple(_consents(values)),
        consent_method=_text(values.get("consent.method")),
        kept=kept,
        unmapped=unmapped,
    )


def _strip(value: Any, secret: frozenset[str]) -> Any:
    """Sensitive answers inside repeat instances are dropped too."""
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return [{k: v for k, v in item.items() if k not in secret} for item in value]
    return value


def _json_safe(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list):
        return [_json_safe(v) for v in value]
    if isinstance(value, tuple):
        return [_json_safe(v) for v in value]
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    return value
