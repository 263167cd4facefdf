"""What ``validate`` needs to know about a form, worked out once per form instead of per answer.

Bulk import validates a million rows against the same form: the walk of groups and repeats, the
index of names, the compiled expressions and the choice names are the same for every row. A
plan is built on first use and kept while the form object lives (keyed by ``id``, dropped by a
weak-reference finaliser, since a ``Form`` holds dicts and cannot be hashed).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from mixflow.intake.xlsform import xpath
from mixflow.intake.xlsform.model import Form, Question, Section

Compiled = Callable[[xpath.Context], xpath.Value]


def compiled(expr: str) -> Compiled | None:
    """``expr`` compiled; ``None`` for an empty one; when it does not parse, a function that
    raises ``Unknowable`` each time it is evaluated: pyxform accepted it, ODK Collect evaluates
    it, the author was told at upload; on the server its value is unknown."""
    if not expr:
        return None
    try:
        return xpath.compile_expression(expr)
    except xpath.XPathError as error:
        message = str(error)

        def fail(ctx: xpath.Context) -> xpath.Value:
            raise xpath.Unknowable(message)

        return fail


@dataclass(frozen=True)
class Step:
    """One element of a scope (the top of the form or a repeat instance), in document order."""

    element: Question | Section
    name: str
    groups: tuple[str, ...]
    """The groups inside this scope that contain the element (their relevance is inherited)."""
    is_section: bool
    is_repeat: bool
    is_note: bool
    relevant: Compiled | None
    calculation: Compiled | None
    default: Compiled | None
    """The default, when it is an expression (evaluated on the first pass only)."""
    repeat_count: Compiled | None
    required: Compiled | None
    constraint: Compiled | None
    choice_names: frozenset[str] | None
    is_select: bool = False
    """The names of a select's choices when no ``choice_filter`` narrows them."""


@dataclass(frozen=True)
class Plan:
    homes: dict[str, tuple[str, ...]]
    """Where each name lives: the chain of repeat names from the top."""
    elements: dict[str, Question | Section]
    steps: dict[str | None, tuple[Step, ...]]
    """The steps of the top (``None``) and of each repeat (by name)."""
    names: dict[str | None, frozenset[str]]
    """The names each scope knows (the rest of its answers are kept aside as unknown)."""
    questions: frozenset[str]
    """The names that are questions (not groups or repeats): what ``${name}`` reads directly."""
    forward_only: bool
    """Whether every expression evaluated during a pass reads only what is final by then (an
    earlier element of its own scope, or anything of an enclosing scope): one pass then reaches
    the fixed point, and the second pass that would only confirm it is skipped."""


def _with_ancestors(
    children: Sequence[Question | Section], ancestors: tuple[str, ...] = ()
) -> Iterator[tuple[Question | Section, tuple[str, ...]]]:
    for child in children:
        yield child, ancestors
        if isinstance(child, Section) and not child.repeat:
            yield from _with_ancestors(child.children, (*ancestors, child.name))


def _step(element: Question | Section, groups: tuple[str, ...]) -> Step:
    if isinstance(element, Section):
        return Step(
            element,
            element.name,
            groups,
            True,
            element.repeat,
            False,
            compiled(element.relevant),
            None,
            None,
            compiled(element.repeat_count) if element.repeat else None,
            None,
            None,
            None,
        )
    names = (
        frozenset(c.name for c in element.choices)
        if element.is_select and not element.choice_filter
        else None
    )
    return Step(
        element,
        element.name,
        groups,
        False,
        False,
        element.type == "note",
        compiled(element.relevant),
        compiled(element.calculation),
        compiled(element.default) if element.default_is_expression else None,
        None,
        compiled(element.required),
        compiled(element.constraint),
        names,
        element.is_select,
    )


def _reads(expr: str) -> frozenset[str]:
    try:
        return xpath.references(xpath.parse(expr))
    except xpath.XPathError:
        return frozenset()  # it fails before reading anything


def _build(form: Form) -> Plan:
    homes: dict[str, tuple[str, ...]] = {}
    elements: dict[str, Question | Section] = {}
    steps: dict[str | None, tuple[Step, ...]] = {}
    chains: dict[str | None, tuple[str, ...]] = {}
    duplicates = False

    def index(
        key: str | None, children: Sequence[Question | Section], chain: tuple[str, ...]
    ) -> None:
        nonlocal duplicates
        found: list[Step] = []
        chains[key] = chain
        for element, groups in _with_ancestors(children):
            duplicates |= element.name in elements
            homes.setdefault(element.name, chain)
            elements.setdefault(element.name, element)
            found.append(_step(element, groups))
            if isinstance(element, Section) and element.repeat:
                index(element.name, element.children, (*chain, element.name))
        steps[key] = tuple(found)

    index(None, form.children, ())
    forward = not duplicates
    for key, scope_steps in steps.items():
        chain = chains[key]
        position = {step.name: i for i, step in enumerate(scope_steps)}
        for i, step in enumerate(scope_steps):
            element = step.element
            exprs = [element.relevant]
            if isinstance(element, Section):
                exprs.append(element.repeat_count if element.repeat else "")
            else:
                exprs.append(element.calculation)
                exprs.append(element.default if element.default_is_expression else "")
            for expr in filter(None, exprs):
                for name in _reads(expr):
                    home = homes.get(name)
                    if home is None:
                        continue  # an unknown name: an error, whatever was read before
                    if home == chain:
                        forward &= position.get(name, i) < i
                    else:
                        forward &= chain[: len(home)] == home
    names = {key: frozenset(step.name for step in found) for key, found in steps.items()}
    questions = frozenset(n for n, e in elements.items() if isinstance(e, Question))
    return Plan(homes, elements, steps, names, questions, forward)


_PLANS: dict[int, Plan] = {}


def plan_of(form: Form) -> Plan:
    """The form's plan, built on first use."""
    plan = _PLANS.get(id(form))
    if plan is None:
        plan = _build(form)
        _PLANS[id(form)] = plan
        weakref.finalize(form, _PLANS.pop, id(form), None)
    return plan
