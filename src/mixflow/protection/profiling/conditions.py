"""The rule language: a condition over screening answers, and the answers that made it true.

A condition is a JSON object of one of these shapes:

* ``{"answer": NAME, "is": CODE}`` — a single-choice answer equals ``CODE``;
* ``{"answer": NAME, "in": [CODE, …]}`` — a single-choice answer is one of the codes;
* ``{"answer": NAME, "any_of": [CODE, …]}`` — a multiple-choice answer holds at least one;
* ``{"answer": NAME, "at_least": N}`` — a number is at least ``N``;
* ``{"age_under": N}`` — the person may be younger than ``N`` (the youngest possible age counts:
  a year-only date of birth leaves two ages, and the benefit of the doubt goes to the child);
* ``{"age_at_least": N}`` — the person may be ``N`` or older (the oldest possible age counts);
* ``{"age_uncertain": true}`` — the age is estimated or unknown;
* ``{"all": [C, …]}``, ``{"any": [C, …]}``, ``{"not": C}``.

``evaluate`` returns whether the condition holds and, when it does, the evidence: the answers
(name → value as given) that made it hold. ``problems`` lists what is wrong with a condition
(unknown answer names, operators or codes) without evaluating it.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from mixflow.lib.messages import Message, gettext_noop
from mixflow.protection.profiling.answers import (
    AGE,
    AGE_SOURCES,
    ANSWERS,
    AgeRange,
    age_range,
    codes,
    text,
)

Condition = Mapping[str, Any]
ANSWER_OPERATORS = ("is", "in", "any_of", "at_least")
AGE_OPERATORS = ("age_under", "age_at_least", "age_uncertain")
GROUPS = ("all", "any", "not")


@dataclass
class Outcome:
    holds: bool
    evidence: dict[str, Any] = field(default_factory=dict)


def _age_evidence(answers: Mapping[str, Any], known: AgeRange | None) -> dict[str, Any]:
    """The answers behind the age, and the age itself: one number, or the range the answers
    leave ("13-18" for an estimate of 16, give or take two years)."""
    given = {k: answers[k] for k in AGE_SOURCES if answers.get(k) not in (None, "")}
    if known is None:
        return {**given, AGE: None}
    if known.youngest == known.oldest:
        return {**given, AGE: known.youngest}
    return {**given, AGE: f"{known.youngest}-{known.oldest}"}


def evaluate(condition: Condition, answers: Mapping[str, Any], on: datetime.date) -> Outcome:
    """Whether ``condition`` holds for ``answers`` screened on ``on``, with its evidence."""
    if "all" in condition:
        evidence: dict[str, Any] = {}
        for part in condition["all"]:
            outcome = evaluate(part, answers, on)
            if not outcome.holds:
                return Outcome(False)
            evidence.update(outcome.evidence)
        return Outcome(True, evidence)
    if "any" in condition:
        evidence = {}
        holds = False
        for part in condition["any"]:
            outcome = evaluate(part, answers, on)
            if outcome.holds:
                holds = True
                evidence.update(outcome.evidence)
        return Outcome(holds, evidence)
    if "not" in condition:
        # A negation is evidence only of what was answered: an absent answer proves nothing.
        inner = evaluate(condition["not"], answers, on)
        read = {n: answers[n] for n in reads(condition["not"]) if answers.get(n) not in (None, "")}
        return Outcome(not inner.holds, read if not inner.holds else {})
    if any(op in condition for op in AGE_OPERATORS):
        return _age(condition, answers, on)
    name = condition["answer"]
    value = answers.get(name)
    # Codes are lower case; an answer typed "Yes" by hand means the same.
    if "is" in condition:
        holds = text(value).lower() == str(condition["is"])
    elif "in" in condition:
        holds = text(value).lower() in {str(v) for v in condition["in"]}
    elif "any_of" in condition:
        given = {code.lower() for code in codes(value)}
        holds = bool(given & {str(v) for v in condition["any_of"]})
    else:
        try:
            holds = value not in (None, "") and float(value) >= float(condition["at_least"])
        except (TypeError, ValueError):
            holds = False
    return Outcome(holds, {name: value} if holds else {})


def _age(condition: Condition, answers: Mapping[str, Any], on: datetime.date) -> Outcome:
    known = age_range(answers, on)
    if "age_uncertain" in condition:
        uncertain = known is None or known.uncertain
        holds = uncertain == bool(condition["age_uncertain"])
        return Outcome(holds, _age_evidence(answers, known) if holds else {})
    if known is None:
        return Outcome(False)
    if "age_under" in condition:
        holds = known.youngest < int(condition["age_under"])
        return Outcome(holds, _age_evidence(answers, known) if holds else {})
    holds = known.oldest >= int(condition["age_at_least"])
    return Outcome(holds, _age_evidence(answers, known) if holds else {})


def reads(condition: Condition) -> list[str]:
    """The answers a condition reads, in order of appearance (age conditions read the date of
    birth, its precision, the estimated age and the screening date)."""
    out: list[str] = []
    for group in ("all", "any"):
        for part in condition.get(group, ()):
            out += reads(part)
    if "not" in condition:
        out += reads(condition["not"])
    if any(op in condition for op in AGE_OPERATORS):
        out += AGE_SOURCES
    if "answer" in condition:
        out.append(str(condition["answer"]))
    return list(dict.fromkeys(out))


def located(where: str | Message, problem: Message) -> Message:
    """``when.all[1]: …``: a problem after the place it is at (a path in the JSON, a rule)."""
    return Message(gettext_noop("%(where)s: %(problem)s"), {"where": where, "problem": problem})


def _at(where: str, template: str, **params: object) -> list[Message]:
    return [located(where, Message(template, params))]


def problems(condition: Any, where: str = "when") -> list[Message]:
    """What is wrong with ``condition``: each problem says where (``when.all[1]``) and what,
    as a message for the layer that shows it to translate (:mod:`mixflow.lib.messages`)."""
    if not isinstance(condition, Mapping):
        return _at(where, gettext_noop("a condition must be an object"))
    keys = set(condition)
    for group in ("all", "any"):
        if group in condition:
            parts = condition[group]
            if keys != {group} or not isinstance(parts, list) or not parts:
                return _at(
                    where,
                    gettext_noop("“%(group)s” takes a non-empty list and nothing beside it"),
                    group=group,
                )
            out: list[Message] = []
            for i, part in enumerate(parts):
                out += problems(part, f"{where}.{group}[{i}]")
            return out
    if "not" in condition:
        if keys != {"not"}:
            return _at(where, gettext_noop("“not” takes one condition and nothing beside it"))
        return problems(condition["not"], f"{where}.not")
    ages = keys & set(AGE_OPERATORS)
    if ages:
        if len(keys) != 1:
            return _at(where, gettext_noop("an age condition stands alone"))
        (op,) = ages
        value = condition[op]
        if op == "age_uncertain":
            ok = isinstance(value, bool)
        else:
            ok = isinstance(value, int) and not isinstance(value, bool) and 0 < value < 130
        if ok:
            return []
        return _at(
            where, gettext_noop("bad value for “%(op)s”: %(value)s"), op=op, value=repr(value)
        )
    if "answer" not in condition:
        return _at(
            where,
            gettext_noop("unknown operator %(operators)s (known: answer with %(known)s)"),
            operators=repr(sorted(keys)),
            known=", ".join((*ANSWER_OPERATORS, *AGE_OPERATORS, *GROUPS)),
        )
    name = condition["answer"]
    if name not in ANSWERS:
        return _at(where, gettext_noop("unknown answer “%(name)s”"), name=str(name))
    ops = keys - {"answer"}
    if len(ops) != 1 or not ops <= set(ANSWER_OPERATORS):
        return _at(
            where,
            gettext_noop("“answer” takes exactly one of %(operators)s"),
            operators=", ".join(ANSWER_OPERATORS),
        )
    (op,) = ops
    spec = ANSWERS[name]
    value = condition[op]
    if op == "at_least":
        if spec.kind != "number" or isinstance(value, bool) or not isinstance(value, int | float):
            return _at(where, gettext_noop("“at_least” compares a number answer with a number"))
        return []
    if op == "any_of" and spec.kind != "many":
        return _at(
            where,
            gettext_noop("“any_of” reads a multiple-choice answer; “%(name)s” is not one"),
            name=name,
        )
    if op in ("is", "in") and spec.kind == "many":
        return _at(where, gettext_noop("“%(name)s” holds several codes: use “any_of”"), name=name)
    given = [value] if op == "is" else value
    if not isinstance(given, list) or not given or not all(isinstance(v, str) for v in given):
        return _at(
            where,
            gettext_noop("“is” takes a code")
            if op == "is"
            else gettext_noop("“in” takes a list of codes"),
        )
    unknown = [v for v in given if spec.values and v not in spec.values]
    if unknown:
        return _at(
            where,
            gettext_noop("“%(name)s” has no code %(codes)s"),
            name=name,
            codes=", ".join(unknown),
        )
    return []
