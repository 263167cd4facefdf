"""A rule set: loading, checking and running the profiling rules kept as data.

A rule set is a JSON document ``{"version": N, "rules": [RULE, …]}``; each rule holds:

* ``id`` — stable, never reused for another meaning (flags keep it with the version);
* ``kind`` — ``profile`` (one of the nine indicative profiles) or ``need`` (a specific-needs
  code of the refugee agency: ``SC-UC``, ``SV``…);
* ``code`` — the profile or need it flags;
* ``child`` — true for child indicators, which come first in every result;
* ``description`` — plain language, ``{"en": …, "fr": …, "es": …}``;
* ``reads`` — the answers it reads (checked against its condition);
* ``when`` — its condition (``conditions``);
* ``examples`` — ``{"fire": [ANSWERS, …], "quiet": [ANSWERS, …]}``: screenings it must and
  must not flag; a rule set whose examples fail is refused.

Several rules may flag one code (each with its own evidence): a code appears once per screening,
with the evidence of every rule that raised it.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from mixflow.lib.messages import Message, gettext_noop
from mixflow.protection.profiling.answers import ANSWERS
from mixflow.protection.profiling.conditions import evaluate, located, problems, reads

RULES_DIR = Path(__file__).resolve().parent / "rules"
SHIPPED = RULES_DIR / "registration.json"
LANGUAGES = ("en", "fr", "es")
PROFILES = (
    "international_protection",
    "refugee",
    "unaccompanied_separated_child",
    "trafficking",
    "smuggled",
    "environmental",
    "economic",
    "stranded_return",
    "specific_needs",
)
"""The nine indicative profiles of DOMAIN.md §4, in its order."""
NEED_FAMILIES = ("CR", "SC", "DS", "SM", "FU", "LP", "TR", "SV", "ER", "SP")
"""The refugee agency's specific-needs codes used here (a code or one of its sub-codes)."""
KINDS = ("profile", "need")
EXAMPLE_DAY = datetime.date(2026, 6, 1)
"""Examples are screened on this day, so that an example's age never drifts."""


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    code: str
    child: bool
    description: Mapping[str, str]
    reads: tuple[str, ...]
    when: Mapping[str, Any]
    examples_fire: tuple[Mapping[str, Any], ...] = ()
    examples_quiet: tuple[Mapping[str, Any], ...] = ()

    def describe(self, lang: str) -> str:
        return self.description.get(lang) or self.description["en"]


@dataclass(frozen=True)
class Flag:
    """One profile or need raised for one screening, by one or more rules."""

    code: str
    kind: str
    rule_ids: tuple[str, ...]
    version: int
    evidence: Mapping[str, Any]
    child: bool
    explanations: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """language → the descriptions of the rules that raised it."""

    @property
    def rule_id(self) -> str:
        return self.rule_ids[0]

    def explain(self, lang: str) -> str:
        lines = self.explanations.get(lang) or self.explanations.get("en") or ()
        return " ".join(lines)

    def as_json(self, lang: str) -> dict[str, Any]:
        return {
            "code": self.code,
            "kind": self.kind,
            "rule_id": self.rule_id,
            "rule_ids": list(self.rule_ids),
            "version": self.version,
            "child_indicator": self.child,
            "evidence": dict(self.evidence),
            "explanation": self.explain(lang),
        }


class RuleSetError(ValueError):
    """A rule set that cannot be used; ``problems`` says each thing wrong, where, as messages
    for the layer that shows them to translate (:mod:`mixflow.lib.messages`); ``str()`` is
    English."""

    def __init__(self, problems: Sequence[Message]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class RuleSet:
    version: int
    rules: tuple[Rule, ...]

    def screen(self, answers: Mapping[str, Any], on: datetime.date | None = None) -> list[Flag]:
        """The flags ``answers`` raise: child indicators first, then profiles, then needs."""
        on = on or datetime.date.today()
        found: dict[str, dict[str, Any]] = {}
        for rule in self.rules:
            outcome = evaluate(rule.when, answers, on)
            if not outcome.holds:
                continue
            entry = found.setdefault(
                rule.code,
                {"kind": rule.kind, "rules": [], "evidence": {}, "child": False},
            )
            entry["rules"].append(rule)
            entry["evidence"].update(outcome.evidence)
            entry["child"] = entry["child"] or rule.child
        flags = [
            Flag(
                code=code,
                kind=entry["kind"],
                rule_ids=tuple(r.id for r in entry["rules"]),
                version=self.version,
                evidence=entry["evidence"],
                child=entry["child"],
                explanations={
                    lang: tuple(r.describe(lang) for r in entry["rules"]) for lang in LANGUAGES
                },
            )
            for code, entry in found.items()
        ]
        return sorted(flags, key=_order)

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def as_data(self) -> dict[str, Any]:
        return {"version": self.version, "rules": [rule_data(r) for r in self.rules]}


def _order(flag: Flag) -> tuple[int, int, int]:
    kind = KINDS.index(flag.kind)
    rank = PROFILES.index(flag.code) if flag.code in PROFILES else len(PROFILES)
    return (0 if flag.child else 1, kind, rank)


def rule_data(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "kind": rule.kind,
        "code": rule.code,
        "child": rule.child,
        "description": dict(rule.description),
        "reads": list(rule.reads),
        "when": rule.when,
        "examples": {"fire": list(rule.examples_fire), "quiet": list(rule.examples_quiet)},
    }


def rule_problems(raw: Any) -> list[tuple[str, Message]]:
    """What is wrong with one rule's data, each problem with the field it is about (``id``,
    ``kind``, ``code``, ``description``, ``child``, ``when``, ``reads``, ``examples``), so
    that the rule editor's form shows it beside that field."""
    if not isinstance(raw, Mapping):
        return [("", Message(gettext_noop("a rule must be an object")))]
    out: list[tuple[str, Message]] = []

    def problem(field: str, template: str, **params: object) -> None:
        out.append((field, Message(template, params)))

    if not isinstance(raw.get("id"), str) or not raw["id"]:
        problem("id", gettext_noop("an id is needed"))
    kind, code = raw.get("kind"), raw.get("code")
    if kind not in KINDS:
        problem("kind", gettext_noop("kind must be “profile” or “need”"))
    elif kind == "profile" and code not in PROFILES:
        problem(
            "code",
            gettext_noop("unknown profile “%(code)s” (known: %(known)s)"),
            code=str(code),
            known=", ".join(PROFILES),
        )
    elif kind == "need" and (not isinstance(code, str) or code.split("-")[0] not in NEED_FAMILIES):
        problem("code", gettext_noop("unknown specific-needs code “%(code)s”"), code=str(code))
    description = raw.get("description")
    if not isinstance(description, Mapping) or not all(
        isinstance(description.get(lang), str) and description[lang].strip() for lang in LANGUAGES
    ):
        problem(
            "description",
            gettext_noop("a description is needed in %(languages)s"),
            languages=", ".join(LANGUAGES),
        )
    if "child" in raw and not isinstance(raw["child"], bool):
        problem("child", gettext_noop("“child” is true or false"))
    condition_problems = [("when", p) for p in problems(raw.get("when"))]
    out += condition_problems
    if not condition_problems:
        declared = raw.get("reads")
        actual = reads(raw["when"])
        if not isinstance(declared, list) or set(declared) != set(actual):
            problem(
                "reads",
                gettext_noop("“reads” must list the answers its condition reads: %(answers)s"),
                answers=str(actual),
            )
    examples = raw.get("examples")
    if not isinstance(examples, Mapping) or not examples.get("fire") or not examples.get("quiet"):
        problem("examples", gettext_noop("at least one example that fires and one that does not"))
    else:
        for group in ("fire", "quiet"):
            for i, example in enumerate(examples[group]):
                if not isinstance(example, Mapping):
                    problem(
                        "examples",
                        gettext_noop("example %(example)s must be an object"),
                        example=f"{group}[{i}]",
                    )
                    continue
                unknown = sorted(set(example) - set(ANSWERS))
                if unknown:
                    problem(
                        "examples",
                        gettext_noop("example %(example)s names unknown answers %(answers)s"),
                        example=f"{group}[{i}]",
                        answers=str(unknown),
                    )
    return out


def _rule_problems(raw: Any, index: int) -> list[Message]:
    if not isinstance(raw, Mapping):
        return [located(_rule_number(index + 1), Message(gettext_noop("a rule must be an object")))]
    name = str(raw.get("id") or "") or _rule_number(index + 1)
    return [located(name, problem) for _field, problem in rule_problems(raw)]


def _rule_number(number: int) -> Message:
    return Message(gettext_noop("rule %(number)s"), {"number": number})


def example_failures(rule: Rule) -> list[tuple[str, Message]]:
    """Each of the rule's examples that does not do what it says, with the group it is in
    (``fire`` or ``quiet``)."""
    out = []
    for i, example in enumerate(rule.examples_fire):
        if not evaluate(rule.when, example, EXAMPLE_DAY).holds:
            out.append(
                (
                    "fire",
                    Message(
                        gettext_noop("example %(example)s does not fire"),
                        {"example": f"fire[{i}]"},
                    ),
                )
            )
    for i, example in enumerate(rule.examples_quiet):
        if evaluate(rule.when, example, EXAMPLE_DAY).holds:
            out.append(
                (
                    "quiet",
                    Message(gettext_noop("example %(example)s fires"), {"example": f"quiet[{i}]"}),
                )
            )
    return out


def rule_from_data(raw: Mapping[str, Any]) -> Rule:
    """One rule from data that ``rule_problems`` found nothing wrong with."""
    return _rule(raw)


def _rule(raw: Mapping[str, Any]) -> Rule:
    examples = raw["examples"]
    return Rule(
        id=raw["id"],
        kind=raw["kind"],
        code=raw["code"],
        child=bool(raw.get("child", False)),
        description={lang: raw["description"][lang] for lang in LANGUAGES},
        reads=tuple(raw["reads"]),
        when=raw["when"],
        examples_fire=tuple(examples["fire"]),
        examples_quiet=tuple(examples["quiet"]),
    )


def failing_examples(rule_set: RuleSet) -> list[Message]:
    """Each example that does not do what it says (fire / stay quiet) for its own rule."""
    return [
        located(rule.id, problem)
        for rule in rule_set.rules
        for _group, problem in example_failures(rule)
    ]


def parse(data: Any, *, version: int | None = None) -> RuleSet:
    """A checked rule set from its JSON data; ``RuleSetError`` listing every problem.

    ``version`` overrides the document's own (a published version is numbered on publishing)."""
    if not isinstance(data, Mapping) or not isinstance(data.get("rules"), list):
        raise RuleSetError(
            [Message(gettext_noop("a rule set is an object with a list of “rules”"))]
        )
    found: list[Message] = []
    ids: set[str] = set()
    for index, raw in enumerate(data["rules"]):
        found += _rule_problems(raw, index)
        rule_id = raw.get("id") if isinstance(raw, Mapping) else None
        if isinstance(rule_id, str):
            if rule_id in ids:
                found.append(located(rule_id, Message(gettext_noop("the id is used twice"))))
            ids.add(rule_id)
    if not data["rules"]:
        found.append(Message(gettext_noop("a rule set needs at least one rule")))
    if found:
        raise RuleSetError(found)
    number = version if version is not None else data.get("version", 1)
    if not isinstance(number, int) or isinstance(number, bool) or number < 1:
        raise RuleSetError([Message(gettext_noop("the version is a positive whole number"))])
    rule_set = RuleSet(number, tuple(_rule(raw) for raw in data["rules"]))
    failing = failing_examples(rule_set)
    if failing:
        raise RuleSetError(failing)
    return rule_set


def parse_text(text: str, *, version: int | None = None) -> RuleSet:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise RuleSetError(
            [Message(gettext_noop("not valid JSON: %(error)s"), {"error": str(error)})]
        ) from None
    return parse(data, version=version)


@lru_cache(maxsize=1)
def shipped() -> RuleSet:
    """The rule set that ships with Mixflow (used until an administrator publishes another)."""
    return parse_text(SHIPPED.read_text(encoding="utf-8"))
