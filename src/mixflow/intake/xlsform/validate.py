"""Check a set of answers against a form: types, relevance, required, constraints, choices.

``validate_answers`` is the server's one judgement of a submission, whatever its channel (web
page, CSV import, OpenRosa); every expression goes through ``xpath`` (the one evaluator).

Answers come keyed by question name (groups are transparent; a repeat is a list of dicts). They
may be strings as a web form or a CSV gives them, or typed values from JSON. Accepted forms:

* integer: ``12``, ``"12"``; decimal: ``1.5``, ``"1.5"`` (a dot, never a comma);
* date: a ``date`` or an ISO string ``YYYY-MM-DD`` only (``dd/mm/yyyy`` is ambiguous: refused);
* select_multiple: a list or a space-separated string;
* geopoint: ``"lat lon [altitude accuracy]"``.

Error messages are strings already in ``lang``: the form's own messages in that language
(falling back to the default language), Mixflow's generic ones rendered from ``gettext_lazy``
inside ``django.utils.translation.override(lang)``. Each is a ``Said`` (``intake/said.py``): a
quarantined row stores how to say it again in its reader's language.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext_lazy as _

from mixflow.intake.said import said, said_by_form
from mixflow.intake.xlsform import geo_math, xpath
from mixflow.intake.xlsform.form_plan import Plan, Step, plan_of
from mixflow.intake.xlsform.model import Choice, Form, Question, Section

MAX_PASSES = 6
"""Calculations and relevance may depend on each other: iterate to a fixed point, bounded."""
MAX_REPEAT_INSTANCES = 500

# --- messages (translated by the lead; rendered in the user's language by ``_say``) --------

REQUIRED = _("This answer is required.")
NOT_ACCEPTED = _("This answer is not accepted.")
NOT_INTEGER = _("Enter a whole number.")
NOT_DECIMAL = _("Enter a number (with a dot for decimals).")
NOT_DATE = _("Enter a date as YYYY-MM-DD.")
NOT_DATETIME = _("Enter a date and time (ISO 8601).")
NOT_TIME = _("Enter a time as HH:MM or HH:MM:SS.")
NOT_GEOPOINT = _("Enter a location as “latitude longitude”, in degrees.")
NOT_GEOTRACE = _(
    "Enter at least 2 points, each “latitude longitude [altitude accuracy]” in degrees, "
    "separated by “;”."
)
NOT_GEOSHAPE = _(
    "Enter at least 3 points, each “latitude longitude [altitude accuracy]” in degrees, "
    "separated by “;”."
)
NOT_A_CHOICE = _("“%(value)s” is not one of the choices.")
ONE_CHOICE = _("Choose only one answer.")
NOT_A_LIST = _("This repeat expects a list of entries.")
REPEAT_COUNT = _("There should be %(count)s entries here, not %(given)s.")
TOO_MANY = _("No more than %(count)s entries are accepted.")
BAD_EXPRESSION = _("The form's rule could not be evaluated: %(error)s")


def _say(message: Any, lang: str, **params: Any) -> str:
    return said(message, lang, **params)


# --- state -----------------------------------------------------------------------------


@dataclass
class _Scope:
    """The top of the form or one instance of a repeat."""

    section: Section | None
    prefix: str
    parent: _Scope | None
    index: int = 0
    live: bool = True
    """False when the repeat holding this instance is not relevant: nothing in it is."""
    raw: Mapping[str, Any] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)
    type_errors: dict[str, Any] = field(default_factory=dict)
    relevant: dict[str, bool] = field(default_factory=dict)
    repeats: dict[str, list[_Scope]] = field(default_factory=dict)
    chain: tuple[str, ...] = ()
    """The names of the repeats from the top down to this scope (what ``resolve`` compares)."""


def _empty(value: Any) -> bool:
    if type(value) is str:  # the usual case, without the comparisons below
        return value == ""
    return value is None or value == "" or value == [] or value == ()


def _expose(value: Any) -> xpath.Value:
    """A typed answer as the evaluator sees it."""
    kind = type(value)
    if kind is str:  # the usual case first ("" stays "")
        return value
    if kind is int:
        return float(value)
    if _empty(value):
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | Decimal):
        return float(value)
    if isinstance(value, list | tuple):
        return " ".join(str(v) for v in value)
    return value


# --- typing raw answers ----------------------------------------------------------------

_PARSED = frozenset(
    {"select_multiple", "integer", "decimal", "date", "today", "start", "end", "geopoint"}
    | {"time", "datetime", "geotrace", "geoshape", "start-geopoint"}
)
"""The types whose text answers are parsed (every other type keeps the text, trimmed)."""
_INTEGER = re.compile(r"[+-]?\d{1,18}")
_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}([T ].*)?")
_TIME = re.compile(
    r"(?P<h>[01]\d|2[0-3]):(?P<m>[0-5]\d)(?::(?P<s>[0-5]\d)(?:\.\d{1,3})?)?"
    r"(?P<tz>Z|[+-]\d{2}:?\d{2})?"
)


def _typed(question: Question, raw: Any) -> tuple[Any, Any]:
    """(typed value, error message or None)."""
    kind = question.type
    if type(raw) is str and kind not in _PARSED:  # a text as it came: only trimmed
        return raw.strip(), None
    if _empty(raw):
        return "", None
    if kind == "select_multiple":
        if isinstance(raw, list | tuple):
            return [str(v).strip() for v in raw if str(v).strip()], None
        return str(raw).split(), None
    if isinstance(raw, list | tuple):
        if len(raw) == 1:
            raw = raw[0]
        else:
            return "", ONE_CHOICE if kind == "select_one" else NOT_ACCEPTED
    if kind == "integer":
        if isinstance(raw, bool):
            return "", NOT_INTEGER
        if isinstance(raw, int):
            return raw, None
        if isinstance(raw, float | Decimal) and float(raw).is_integer():
            return int(raw), None
        text = str(raw).strip()
        return (int(text), None) if _INTEGER.fullmatch(text) else ("", NOT_INTEGER)
    if kind == "decimal":
        if isinstance(raw, bool):
            return "", NOT_DECIMAL
        text = str(raw).strip()
        if not _DECIMAL.fullmatch(text):
            return "", NOT_DECIMAL
        try:
            return Decimal(text), None
        except InvalidOperation:
            return "", NOT_DECIMAL
    if kind in ("date", "today"):
        if isinstance(raw, datetime.datetime):
            return raw.date(), None
        if isinstance(raw, datetime.date):
            return raw, None
        text = str(raw).strip()
        if _DATE.fullmatch(text):
            try:
                return datetime.date.fromisoformat(text[:10]), None
            except ValueError:
                pass
        return "", NOT_DATE
    if kind == "time":
        if isinstance(raw, datetime.time):
            return raw.isoformat(), None
        text = str(raw).strip()
        # HH:MM from a browser's time input, HH:MM:SS.sss+hh:mm from ODK Collect: kept as given
        return (text, None) if _TIME.fullmatch(text) else ("", NOT_TIME)
    if kind in ("start", "end", "datetime"):
        if isinstance(raw, datetime.datetime):
            return raw, None
        try:
            text = str(raw).strip().replace("Z", "+00:00")
            if not _DATE.fullmatch(text) or len(text) < 16:  # a date alone is not a datetime
                return "", NOT_DATETIME
            return datetime.datetime.fromisoformat(text), None
        except ValueError:
            return "", NOT_DATETIME
    if kind in ("geopoint", "start-geopoint"):
        return _geopoint(raw)
    if kind in ("geotrace", "geoshape"):
        return _geo_line(raw, closed=kind == "geoshape")
    return str(raw).strip(), None


def _geopoint(raw: Any) -> tuple[Any, Any]:
    parts = [str(p) for p in raw] if isinstance(raw, list | tuple) else str(raw).split()
    if geo_math.parse_point(" ".join(parts)) is None:
        return "", NOT_GEOPOINT
    return " ".join(parts), None


def _geo_line(raw: Any, *, closed: bool) -> tuple[Any, Any]:
    """A geotrace (2 points or more) or a geoshape (3 distinct points or more, stored closed
    as ODK Collect stores it: the first point again at the end)."""
    text = ";".join(str(p) for p in raw) if isinstance(raw, list | tuple) else str(raw)
    points = geo_math.parse_points(text)
    problem = NOT_GEOSHAPE if closed else NOT_GEOTRACE
    if points is None:
        return "", problem
    parts = [" ".join(p.split()) for p in text.split(";") if p.strip()]
    if closed:
        if len(points) > 1 and points[0][:2] == points[-1][:2]:
            parts, points = parts[:-1], points[:-1]
        if len({p[:2] for p in points}) < 3:
            return "", problem
        parts.append(parts[0])
    elif len(points) < 2:
        return "", problem
    return ";".join(parts), None


def _from_expression(question: Question, value: xpath.Value) -> Any:
    """A calculation's or dynamic default's result, typed like the question."""
    if isinstance(value, list):
        value = value[0] if value else ""
    if question.type == "integer":
        number = xpath.to_number(value)
        return "" if math.isnan(number) or math.isinf(number) else int(number)
    if question.type == "decimal":
        number = xpath.to_number(value)
        return "" if math.isnan(number) or math.isinf(number) else Decimal(repr(number))
    if question.type == "date":
        found = xpath.to_date(value)
        return found if found is not None else ""
    if question.type == "select_multiple":
        return xpath.to_string(value).split()
    return xpath.to_string(value)


# --- the evaluation context ------------------------------------------------------------


class _State:
    def __init__(self, form: Form, lang: str, today: datetime.date, now: datetime.datetime):
        self.form = form
        self.lang = lang
        self.today = today
        self.now = now
        self.plan: Plan = plan_of(form)
        # where each name lives: the chain of repeat names from the top (shared, read-only)
        self.homes: dict[str, tuple[str, ...]] = self.plan.homes
        self.elements: dict[str, Question | Section] = self.plan.elements
        self.top = _Scope(None, "", None)

    def steps(self, scope: _Scope) -> tuple[Step, ...]:
        return self.plan.steps[scope.section.name if scope.section is not None else None]

    def scopes(self, scope: _Scope | None = None) -> Iterator[_Scope]:
        scope = scope or self.top
        yield scope
        for instances in scope.repeats.values():
            for instance in instances:
                yield from self.scopes(instance)

    def chain(self, scope: _Scope) -> tuple[str, ...]:
        return scope.chain

    def value_in(self, scope: _Scope, name: str) -> xpath.Value:
        element = self.elements[name]
        if isinstance(element, Section):
            if not element.repeat:
                return ""
            if not scope.relevant.get(name, True):
                return []
            return list(scope.repeats.get(name, []))
        if not scope.relevant.get(name, True):
            return ""
        return _expose(scope.values.get(name, ""))

    def resolve(self, scope: _Scope, name: str) -> xpath.Value:
        if name not in self.homes:
            raise xpath.XPathError(f"There is no question named “{name}”.")
        home = self.homes[name]
        if home == scope.chain:  # the usual case: a name of the same scope
            return self.value_in(scope, name)
        # Climb to the deepest scope whose repeat chain leads to the name's home, then (when
        # the name lives in repeats below it) fan out: the values across those instances.
        common = scope
        while home[: len(common.chain)] != common.chain and common.parent:
            common = common.parent
        depth = len(common.chain)
        if depth == len(home):
            return self.value_in(common, name)
        found: list[Any] = []

        def fan(s: _Scope, rest: tuple[str, ...]) -> None:
            if not rest:
                value = self.value_in(s, name)
                if isinstance(value, list):
                    found.extend(value)
                else:
                    found.append(value)
                return
            if not s.relevant.get(rest[0], True):
                return
            for instance in s.repeats.get(rest[0], []):
                fan(instance, rest[1:])

        fan(common, home[depth:])
        return found

    def choice_label(self, question: str, value: str) -> str:
        element = self.elements.get(question)
        if not isinstance(element, Question):
            raise xpath.XPathError(f"“{question}” is not a select question.")
        choice = element.choice(value)
        return choice.label_in(self.lang) if choice else ""


@dataclass(slots=True)
class _Context:
    state: _State
    scope: _Scope
    value: xpath.Value = ""
    item: Choice | None = None

    @property
    def today(self) -> datetime.date:
        return self.state.today

    @property
    def now(self) -> datetime.datetime:
        return self.state.now

    def resolve(self, name: str) -> xpath.Value:
        state, scope = self.state, self.scope
        # The usual case, ``_State.value_in`` inlined: a question of the same scope.
        if name in state.plan.questions and state.homes[name] == scope.chain:
            if not scope.relevant.get(name, True):
                return ""
            return _expose(scope.values.get(name, ""))
        return state.resolve(scope, name)

    def current(self) -> xpath.Value:
        return self.value

    def field(self, name: str) -> xpath.Value:
        if self.item is None:
            raise xpath.Unknowable(f"“{name}”: refer to questions as ${{{name}}}.")
        if name == "name":
            return self.item.name
        if name == "label":
            return self.item.label_in(self.state.form.default_language)
        if name.startswith("label::"):
            return self.item.label.get(name.split("::", 1)[1], "")
        return self.item.extra.get(name, "")

    def position(self) -> int:
        if not self.scope.index:
            raise xpath.XPathError("position(..) is only meaningful inside a repeat.")
        return self.scope.index

    def choice_label(self, question: str, value: str) -> str:
        return self.state.choice_label(question, value)

    def table(self, name: str) -> Sequence[Mapping[str, str]] | None:
        return self.state.form.tables.get(name)


# --- the result ------------------------------------------------------------------------


@dataclass(frozen=True)
class Validation:
    answers: dict[str, Any]
    """Typed and cleaned: irrelevant and empty answers removed, calculations and defaults in."""
    errors: dict[str, str]
    """Path (``name`` or ``members[2].age``) → message in the requested language."""
    relevant: set[str]
    """Paths of the relevant questions and sections (the page shows only these)."""
    unknown: dict[str, Any]
    """Keys that are no question of the form: kept aside, not an error."""
    values: dict[str, Any] = field(default_factory=dict, repr=False)
    """Every computed value by path, relevant or not (what the page pre-fills)."""
    _state: Any = field(default=None, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        return not self.errors

    def value_at(self, path: str) -> Any:
        value = self.values.get(path, "")
        return "" if value is None else value


# --- the passes ------------------------------------------------------------------------


def _load(state: _State, scope: _Scope, raw: Mapping[str, Any], unknown: dict[str, Any]) -> None:
    """Type the raw answers of one scope; create its repeat instances."""
    scope.raw = raw
    values = scope.values
    for step in state.steps(scope):
        if step.is_section:
            if step.is_repeat:
                element = step.element
                assert isinstance(element, Section)
                given = raw.get(step.name)
                if given is None or given == "":
                    given = []
                if not isinstance(given, list) or not all(isinstance(i, Mapping) for i in given):
                    scope.type_errors[step.name] = NOT_A_LIST
                    given = []
                scope.repeats[step.name] = []
                for item in given[:MAX_REPEAT_INSTANCES]:
                    _add_instance(state, scope, element, item, unknown)
                if len(given) > MAX_REPEAT_INSTANCES:
                    scope.type_errors[step.name] = TOO_MANY
            continue
        if step.is_note:
            continue
        question = step.element
        assert isinstance(question, Question)
        value, error = _typed(question, raw.get(step.name))
        if error is not None:
            scope.type_errors[step.name] = error
        elif _empty(value):
            value = _initial(state, question)
        values[step.name] = value
    known = state.plan.names[scope.section.name if scope.section is not None else None]
    for key, value in raw.items():
        if key not in known:
            unknown[scope.prefix + key] = value


def _add_instance(
    state: _State, scope: _Scope, section: Section, raw: Mapping[str, Any], unknown: dict[str, Any]
) -> None:
    instances = scope.repeats.setdefault(section.name, [])
    prefix = f"{scope.prefix}{section.name}[{len(instances)}]."
    instance = _Scope(
        section, prefix, scope, index=len(instances) + 1, chain=(*scope.chain, section.name)
    )
    instances.append(instance)
    _load(state, instance, raw, unknown)


def _initial(state: _State, question: Question) -> Any:
    """What an unanswered question starts with: metadata, or a literal default."""
    if question.type in ("start", "end"):
        return state.now
    if question.type == "today":
        return state.today
    if question.default and not question.default_is_expression:
        value, error = _typed(question, question.default)
        return value if error is None else ""
    return ""


def _evaluate(state: _State, scope: _Scope, expr: str, value: xpath.Value = "") -> xpath.Value:
    return xpath.evaluate(expr, _Context(state, scope, value))


def _pass(state: _State, scope: _Scope, first: bool, failures: dict[str, str]) -> bool:
    """One pass over a scope in document order; whether anything changed."""
    changed = False
    context = _Context(state, scope)
    relevance = scope.relevant
    values = scope.values
    live = scope.live
    for step in state.steps(scope):
        inherited = live
        if inherited:
            for group in step.groups:
                if not relevance.get(group, True):
                    inherited = False
                    break
        relevant = inherited
        if inherited and step.relevant is not None:
            try:
                relevant = xpath.to_bool(step.relevant(context))
            except xpath.Unknowable:  # ODK Collect decides: the server shows and keeps it
                relevant = inherited
            except xpath.XPathError as error:
                failures[scope.prefix + step.name] = str(error)
                relevant = False
        if relevance.get(step.name) != relevant:
            relevance[step.name] = relevant
            changed = True
        if step.is_section:
            if step.is_repeat:
                section = step.element
                assert isinstance(section, Section)
                if step.repeat_count is not None and relevant:
                    changed |= _fit_repeat(state, scope, section, failures)
                for instance in scope.repeats.get(step.name, []):
                    changed |= instance.live != relevant
                    instance.live = relevant
            continue
        if step.is_note:
            continue
        expr = step.calculation
        if (
            expr is None
            and first
            and step.default is not None
            and _empty(values.get(step.name))
            and step.name not in scope.type_errors
        ):
            expr = step.default
        if expr is not None and relevant:
            question = step.element
            assert isinstance(question, Question)
            try:
                result = _from_expression(question, expr(context))
            except xpath.Unknowable:  # computed by ODK Collect: keep what was submitted
                continue
            except xpath.XPathError as error:
                failures[scope.prefix + step.name] = str(error)
                continue
            if result != values.get(step.name):
                values[step.name] = result
                changed = True
    for instances in list(scope.repeats.values()):
        for instance in instances:
            changed |= _pass(state, instance, first, failures)
    return changed


def _fit_repeat(state: _State, scope: _Scope, section: Section, failures: dict[str, str]) -> bool:
    """A ``repeat_count`` adds the instances missing (an excess is reported, not dropped)."""
    try:
        count = xpath.to_number(_evaluate(state, scope, section.repeat_count))
    except xpath.Unknowable:
        return False
    except xpath.XPathError as error:
        failures[scope.prefix + section.name] = str(error)
        return False
    if math.isnan(count):
        return False
    wanted = max(0, min(int(count), MAX_REPEAT_INSTANCES))
    instances = scope.repeats.setdefault(section.name, [])
    added = False
    while len(instances) < wanted:
        _add_instance(state, scope, section, {}, {})
        added = True
    return added


def _available(
    state: _State, scope: _Scope, question: Question, failures: dict[str, str] | None = None
) -> tuple[Choice, ...]:
    if not question.choice_filter:
        return question.choices
    out: list[Choice] = []
    for choice in question.choices:
        try:
            context = _Context(state, scope, "", choice)
            if xpath.evaluate_bool(question.choice_filter, context):
                out.append(choice)
        except xpath.Unknowable:  # filtered by ODK Collect: every choice may be right
            return question.choices
        except xpath.XPathError as error:
            if failures is not None:
                failures[scope.prefix + question.name] = str(error)
            return ()
    return tuple(out)


def _check(state: _State, scope: _Scope, errors: dict[str, str], lang: str) -> None:
    relevance = scope.relevant
    context: _Context | None = None
    for step in state.steps(scope):
        if not relevance.get(step.name, True):
            continue
        path = scope.prefix + step.name
        if step.is_section:
            if step.name in scope.type_errors:
                errors[path] = _say(scope.type_errors[step.name], lang)
            elif step.repeat_count is not None:
                section = step.element
                assert isinstance(section, Section)
                _check_count(state, scope, section, errors, lang)
            continue
        if step.is_note:
            continue
        question = step.element
        assert isinstance(question, Question)
        if step.name in scope.type_errors:
            errors[path] = _say(scope.type_errors[step.name], lang)
            continue
        value = scope.values.get(step.name, "")
        if _empty(value):
            # ODK Collect enforces "required" for what only it can answer (range, rank…), and
            # for nothing it does not show: a calculation is never "answered" by anyone.
            if (
                step.required is not None
                and not question.device_only
                and question.type != "calculate"
            ):
                context = context or _Context(state, scope)
                context.value = ""
                if _holds(state, context, step.required, path, errors, unknown=False):
                    message = said_by_form(
                        question.required_message, lang, question.default_language
                    )
                    errors[path] = message or _say(REQUIRED, lang)
            continue
        if step.is_select:
            choices: frozenset[str] | set[str] | None = step.choice_names
            if choices is None:
                choices = {c.name for c in _available(state, scope, question)}
            codes = value if isinstance(value, list) else [value]
            wrong = [code for code in codes if code not in choices]
            if wrong:
                errors[path] = _say(NOT_A_CHOICE, lang, value=wrong[0])
                continue
        if step.constraint is not None:
            context = context or _Context(state, scope)
            context.value = _expose(value)
            ok = _holds(state, context, step.constraint, path, errors, unknown=True)
            if not ok and path not in errors:
                message = said_by_form(question.constraint_message, lang, question.default_language)
                errors[path] = message or _say(NOT_ACCEPTED, lang)


def _holds(
    state: _State,
    context: _Context,
    expr: Callable[[xpath.Context], xpath.Value],
    path: str,
    errors: dict[str, str],
    *,
    unknown: bool,
) -> bool:
    """Whether a compiled rule holds; an error becomes the answer's error; ``unknown`` when
    only ODK Collect can evaluate it (the server neither requires nor refuses on its word)."""
    try:
        return xpath.to_bool(expr(context))
    except xpath.Unknowable:
        return unknown
    except xpath.XPathError as error:
        errors[path] = _say(BAD_EXPRESSION, state.lang, error=str(error))
        return False


def _check_count(
    state: _State, scope: _Scope, section: Section, errors: dict[str, str], lang: str
) -> None:
    try:
        count = xpath.to_number(_evaluate(state, scope, section.repeat_count))
    except xpath.XPathError:
        return
    given = len(scope.repeats.get(section.name, []))
    if not math.isnan(count) and given > max(0, int(count)):
        errors[scope.prefix + section.name] = _say(
            REPEAT_COUNT, lang, count=max(0, int(count)), given=given
        )


def _collect(
    state: _State,
    scope: _Scope,
    answers: dict[str, Any],
    relevant: set[str],
    values: dict[str, Any],
) -> None:
    relevance = scope.relevant
    own = scope.values
    prefix = scope.prefix
    for step in state.steps(scope):
        name = step.name
        path = prefix + name
        is_relevant = relevance.get(name, True)
        if is_relevant:
            relevant.add(path)
        if step.is_section:
            if step.is_repeat:
                items: list[dict[str, Any]] = []
                for instance in scope.repeats.get(name, []):
                    item: dict[str, Any] = {}
                    _collect(state, instance, item, relevant, values)
                    items.append(item)
                if is_relevant and items:
                    answers[name] = items
            continue
        if step.is_note:
            continue
        value = own.get(name, "")
        values[path] = value
        if is_relevant and not _empty(value):
            answers[name] = value


def _build(
    form: Form, raw: Mapping[str, Any], lang: str, today: datetime.date | None
) -> tuple[_State, dict[str, Any], dict[str, str]]:
    today = today or datetime.date.today()
    now = datetime.datetime.now(datetime.UTC)
    state = _State(form, lang, today, now)
    unknown: dict[str, Any] = {}
    _load(state, state.top, raw, unknown)
    failures: dict[str, str] = {}
    # When every expression reads only what is final by the time it is evaluated (see
    # ``Plan.forward_only``), the second pass would change nothing: one pass is the fixed point.
    passes = 1 if state.plan.forward_only else MAX_PASSES
    for number in range(passes):
        if not _pass(state, state.top, number == 0, failures):
            break
    return state, unknown, failures


def validate_answers(
    form: Form,
    raw: Mapping[str, Any],
    lang: str = "en",
    today: datetime.date | None = None,
) -> Validation:
    """Type, compute and check ``raw``; see the module's docstring for what is accepted."""
    state, unknown, failures = _build(form, raw, lang, today)
    errors: dict[str, str] = {}
    for scope in state.scopes():
        _check(state, scope, errors, lang)
    for path, message in failures.items():
        errors.setdefault(path, _say(BAD_EXPRESSION, lang, error=message))
    answers: dict[str, Any] = {}
    relevant: set[str] = set()
    values: dict[str, Any] = {}
    _collect(state, state.top, answers, relevant, values)
    return Validation(answers, errors, relevant, unknown, values, state)


def _scope_at(state: _State, path: str) -> _Scope:
    """The scope holding ``path`` (``members[1].city`` → instance 1 of ``members``)."""
    scope = state.top
    for name, index in re.findall(r"([^.\[\]]+)\[(\d+)\]\.", path):
        instances = scope.repeats.get(name, [])
        if int(index) >= len(instances):
            return scope
        scope = instances[int(index)]
    return scope


def available_choices(
    form: Form, question: Question, checked: Validation, path: str | None = None
) -> tuple[Choice, ...]:
    """The choices ``question`` offers given the answers (its ``choice_filter`` applied)."""
    if not question.is_select:
        return ()
    state = checked._state
    if not isinstance(state, _State) or state.form is not form:
        state, _u, _f = _build(form, checked.answers, "en", None)
    return _available(state, _scope_at(state, path or question.name), question)


def fill_references(text: str, checked: Validation, path: str = "") -> str:
    """A label or hint with its ``${name}`` references replaced by the answers in scope
    (``path`` says which repeat instance: ``members[1].name``)."""
    state = checked._state
    if not isinstance(state, _State) or "${" not in text:
        return text
    scope = _scope_at(state, path)

    def value(match: re.Match[str]) -> str:
        try:
            return xpath.to_string(state.resolve(scope, match.group(1)))
        except xpath.XPathError:
            return match.group(0)

    return re.sub(r"\$\{\s*([\w.\-]+)\s*\}", value, text)
