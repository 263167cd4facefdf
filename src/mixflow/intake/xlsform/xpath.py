"""The one XPath evaluator: the subset of XPath 1.0 that XLSForm columns use.

Everything that evaluates a form expression (relevance, constraints, calculations, defaults,
choice filters, repeat counts) goes through ``evaluate`` here; the web page asks the server.

Values are Python objects: ``str``, ``float``, ``bool``, ``datetime.date``,
``datetime.datetime`` and ``list`` (a node-set: the values of one field across repeat
instances, or the instances of a repeat). An empty answer is ``""``, never an error: as in
XPath, ``number("")`` is NaN, so ``"" > 3`` is false and ``"" = ""`` is true.

Dates follow JavaRosa: in arithmetic a date is its number of days since 1970-01-01, so
``today() - ${born}`` is a number of days.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import hashlib
import math
import operator
import random
import re
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any, Protocol

from mixflow.intake.xlsform import geo_math

Value = Any
"""str | float | bool | datetime.date | datetime.datetime | list[Value]"""

EPOCH = datetime.date(1970, 1, 1)


class XPathError(ValueError):
    """An expression that cannot be parsed or evaluated (bad syntax, a bad reference…)."""


class Unknowable(XPathError):
    """A part ODK Collect evaluates on the device and the server cannot: ``pulldata()``, a
    path into a secondary instance, a function of the ODK list Mixflow has not got. The form is
    accepted with a note; ``validate`` treats the value as unknown (never as an error)."""


# --- syntax tree -------------------------------------------------------------------------


@dataclass(frozen=True)
class Literal:
    value: str | float


@dataclass(frozen=True)
class Ref:
    """``${name}``"""

    name: str


@dataclass(frozen=True)
class Current:
    """``.``: the value of the question the expression belongs to."""


@dataclass(frozen=True)
class Parent:
    """``..``: only meaningful as ``position(..)``."""


@dataclass(frozen=True)
class Field:
    """A bare name: a column of the choice being filtered (``choice_filter``)."""

    name: str


@dataclass(frozen=True)
class Unary:
    operand: Node


@dataclass(frozen=True)
class Binary:
    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple[Node, ...]


@dataclass(frozen=True)
class Unknown:
    """What the server cannot evaluate: ``what`` names it for the author (``pulldata()``, a
    path); ``args`` are kept so that the questions it reads are still known."""

    what: str
    args: tuple[Node, ...] = ()


Node = Literal | Ref | Current | Parent | Field | Unary | Binary | Call | Unknown


# --- tokens ------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<number>\d+(?:\.\d*)?|\.\d+)
  | (?P<string>'[^']*'|"[^"]*")
  | (?P<ref>\$\{\s*(?P<refname>[A-Za-z_][\w.\-]*)\s*\})
  | (?P<op>!=|<=|>=|=|<|>|\+|-|\*|\(|\)|,|\.\.|\.|//|/|\[|\]|\||@)
  | (?P<name>[A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?)
    """,
    re.VERBOSE,
)
_OPERATOR_NAMES = frozenset({"and", "or", "div", "mod"})


@dataclass(frozen=True)
class Token:
    kind: str  # number, string, ref, op, name, function, opname, end
    text: str
    at: int


def tokenize(expr: str) -> list[Token]:
    tokens: list[Token] = []
    pos = 0
    while pos < len(expr):
        match = _TOKEN.match(expr, pos)
        if match is None:
            raise XPathError(f"Unexpected character “{expr[pos]}” at position {pos + 1}.")
        kind = match.lastgroup or ""
        if kind == "refname":  # pragma: no cover - the named subgroup never ends a match
            kind = "ref"
        text = match.group(0)
        pos = match.end()
        if kind == "space":
            continue
        if kind == "ref":
            text = match.group("refname")
        elif kind == "string":
            text = text[1:-1]
        elif kind == "name":
            # XPath's disambiguation: after an operand, and/or/div/mod are operators; a name
            # followed by "(" is a function; `*` needs no such rule here (no wildcards).
            prev = tokens[-1] if tokens else None
            after_operand = prev is not None and (
                prev.kind in ("number", "string", "ref", "name")
                or (prev.kind == "op" and prev.text in (")", ".", ".."))
            )
            if after_operand and text in _OPERATOR_NAMES:
                kind = "opname"
            elif re.match(r"\s*\(", expr[pos:]):
                kind = "function"
        tokens.append(Token(kind, text, match.start()))
    tokens.append(Token("end", "", len(expr)))
    return tokens


# --- parser ------------------------------------------------------------------------------

_LEVELS: tuple[frozenset[str], ...] = (
    frozenset({"or"}),
    frozenset({"and"}),
    frozenset({"=", "!="}),
    frozenset({"<", "<=", ">", ">="}),
    frozenset({"+", "-"}),
    frozenset({"*", "div", "mod"}),
)


class _Parser:
    def __init__(self, expr: str) -> None:
        self.expr = expr
        self.tokens = tokenize(expr)
        self.i = 0

    def peek(self) -> Token:
        return self.tokens[self.i]

    def take(self) -> Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def expect(self, text: str) -> None:
        token = self.take()
        if token.text != text or token.kind not in ("op", "opname"):
            raise XPathError(
                f"Expected “{text}” at position {token.at + 1}, found “{token.text or 'end'}”."
            )

    def parse(self) -> Node:
        if self.peek().kind == "end":
            raise XPathError("The expression is empty.")
        node = self.binary(0)
        token = self.peek()
        if token.kind != "end":
            raise XPathError(f"Unexpected “{token.text}” at position {token.at + 1}.")
        return node

    def binary(self, level: int) -> Node:
        if level == len(_LEVELS):
            return self.unary()
        node = self.binary(level + 1)
        token = self.peek()
        while token.kind in ("op", "opname") and token.text in _LEVELS[level]:
            self.take()
            node = Binary(token.text, node, self.binary(level + 1))
            token = self.peek()
        return node

    def unary(self) -> Node:
        token = self.peek()
        if token.kind == "op" and token.text == "-":
            self.take()
            return Unary(self.unary())
        return self.primary()

    def primary(self) -> Node:
        start = self.peek()
        node = self.step()
        if self.peek().kind == "op" and self.peek().text in ("/", "//", "["):
            return self.path(start, node)
        return node

    def path(self, start: Token, node: Node | None) -> Node:
        """A location path (``/data/a``, ``../b``, ``instance('x')/root/item[name=1]/label``):
        ODK Collect evaluates it against the XForm's instances, the server cannot."""
        args: list[Node] = list(node.args) if isinstance(node, Call | Unknown) else []
        while self.peek().kind == "op" and self.peek().text in ("/", "//", "["):
            token = self.take()
            if token.text == "[":
                args.append(self.binary(0))
                self.expect("]")
                continue
            following = self.peek()
            if following.kind == "op" and following.text == "@":
                self.take()
                following = self.peek()
            if following.kind == "name" or (
                following.kind == "op" and following.text in (".", "..", "*")
            ):
                self.take()
        end = self.peek().at
        return Unknown(self.expr[start.at : end].strip(), tuple(args))

    def step(self) -> Node:
        token = self.take()
        if token.kind == "number":
            return Literal(float(token.text))
        if token.kind == "string":
            return Literal(token.text)
        if token.kind == "ref":
            return Ref(token.text)
        if token.kind == "function":
            return self.call(token)
        if token.kind == "name":
            return Field(token.text)
        if token.kind == "op":
            if token.text == "(":
                node = self.binary(0)
                self.expect(")")
                return node
            if token.text == ".":
                return Current()
            if token.text == "..":
                return Parent()
            if token.text in ("/", "//", "@"):  # an absolute path or an attribute
                self.i -= 1
                return self.path(token, None)
        raise XPathError(
            f"Unexpected “{token.text or 'end of expression'}” at position {token.at + 1}."
        )

    def call(self, token: Token) -> Node:
        name = token.text
        self.expect("(")
        args: list[Node] = []
        if not (self.peek().kind == "op" and self.peek().text == ")"):
            args.append(self.binary(0))
            while self.peek().kind == "op" and self.peek().text == ",":
                self.take()
                args.append(self.binary(0))
        self.expect(")")
        if name not in FUNCTIONS:
            return Unknown(f"{name}()", tuple(args))
        low, high = FUNCTIONS[name].arity
        if len(args) < low or (high is not None and len(args) > high):
            wanted = str(low) if high == low else f"{low} to {high if high is not None else '…'}"
            raise XPathError(
                f"The function “{name}()” takes {wanted} argument(s), {len(args)} given."
            )
        return Call(name, tuple(args))


@lru_cache(maxsize=4096)
def parse(expr: str) -> Node:
    """The syntax tree of ``expr`` (cached: a form's expressions are parsed once)."""
    return _Parser(expr).parse()


def references(node: Node) -> frozenset[str]:
    """The question names ``${…}`` an expression refers to (including inside strings such as
    ``jr:choice-name(${q}, '${q}')``)."""
    found: set[str] = set()

    def walk(n: Node) -> None:
        if isinstance(n, Ref):
            found.add(n.name)
        elif isinstance(n, Unary):
            walk(n.operand)
        elif isinstance(n, Binary):
            walk(n.left)
            walk(n.right)
        elif isinstance(n, Call | Unknown):
            for arg in n.args:
                walk(arg)
            if isinstance(n, Call) and n.name == "jr:choice-name" and len(n.args) == 2:
                target = n.args[1]
                if isinstance(target, Literal) and isinstance(target.value, str):
                    found.update(re.findall(r"\$\{\s*([\w.\-]+)\s*\}", target.value))

    walk(node)
    return frozenset(found)


def _nodes(node: Node) -> Iterator[Node]:
    """``node`` and every node under it, depth first."""
    yield node
    if isinstance(node, Unary):
        yield from _nodes(node.operand)
    elif isinstance(node, Binary):
        yield from _nodes(node.left)
        yield from _nodes(node.right)
    elif isinstance(node, Call | Unknown):
        for arg in node.args:
            yield from _nodes(arg)


def fields(node: Node) -> frozenset[str]:
    """The bare names (choice columns) an expression uses."""
    return frozenset(n.name for n in _nodes(node) if isinstance(n, Field))


def calls(node: Node, name: str) -> list[Call]:
    """The calls of the function ``name`` in ``node``."""
    return [n for n in _nodes(node) if isinstance(n, Call) and n.name == name]


def left_to_the_device(node: Node, attached: frozenset[str]) -> tuple[str, ...]:
    """What in ``node`` the server leaves to ODK Collect although it knows the function: a
    ``pulldata()`` of a file not attached (``attached`` holds the form's file names), the
    nested form of ``indexed-repeat()``."""
    found = []
    for call in calls(node, "pulldata"):
        first = call.args[0] if call.args else None
        name = to_string(first.value) if isinstance(first, Literal) else ""
        if not name or f"{name.removesuffix('.csv')}.csv" not in attached:
            found.append(f"pulldata('{name}', …)" if name else "pulldata()")
    if any(len(call.args) > 3 for call in calls(node, "indexed-repeat")):
        found.append("indexed-repeat()")
    return tuple(dict.fromkeys(found))


def unknowns(node: Node) -> tuple[str, ...]:
    """What in ``node`` only ODK Collect can evaluate (``pulldata()``, paths), in order."""
    return tuple(dict.fromkeys(n.what for n in _nodes(node) if isinstance(n, Unknown)))


# --- conversions (XPath 1.0 rules, with JavaRosa's dates) --------------------------------


def to_number(value: Value) -> float:
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int | float | Decimal):
        return float(value)
    if isinstance(value, datetime.datetime):
        delta = value.replace(tzinfo=None) - datetime.datetime(1970, 1, 1)
        return delta.total_seconds() / 86400
    if isinstance(value, datetime.date):
        return float((value - EPOCH).days)
    if isinstance(value, list):
        return to_number(value[0]) if value else math.nan
    text = str(value).strip()
    if not re.fullmatch(r"-?(\d+(\.\d*)?|\.\d+)", text):
        return math.nan
    return float(text)


def _format_number(number: float) -> str:
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "Infinity" if number > 0 else "-Infinity"
    if number == int(number) and abs(number) < 1e15:
        return str(int(number))
    return repr(number)


def to_string(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float | int | Decimal):
        return _format_number(float(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, list):
        return to_string(value[0]) if value else ""
    if value is None:
        return ""
    return str(value)


def to_bool(value: Value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, float | int | Decimal):
        return not (math.isnan(float(value)) or float(value) == 0)
    if isinstance(value, datetime.date):
        return True
    if isinstance(value, list):
        return bool(value)
    return value is not None and str(value) != ""


def to_date(value: Value) -> datetime.date | None:
    """A date from a date, a datetime, an ISO string or a number of days; ``None`` if not."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, float | int | Decimal):
        if math.isnan(float(value)):
            return None
        return EPOCH + datetime.timedelta(days=math.floor(float(value)))
    if isinstance(value, list):
        return to_date(value[0]) if value else None
    text = str(value or "").strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}([T ].*)?", text):
        try:
            return datetime.date.fromisoformat(text[:10])
        except ValueError:
            return None
    return None


def _compare_pair(op: str, left: Value, right: Value) -> bool:
    if op in ("=", "!="):
        if isinstance(left, bool) or isinstance(right, bool):
            same = to_bool(left) == to_bool(right)
        elif isinstance(left, datetime.date) or isinstance(right, datetime.date):
            a, b = to_date(left), to_date(right)
            same = (
                a == b if a is not None and b is not None else to_string(left) == to_string(right)
            )
        elif isinstance(left, float | int | Decimal) or isinstance(right, float | int | Decimal):
            same = to_number(left) == to_number(right)
        else:
            same = to_string(left) == to_string(right)
        return same if op == "=" else not same
    if isinstance(left, datetime.date) or isinstance(right, datetime.date):
        a, b = to_date(left), to_date(right)
        if a is None or b is None:
            return False
        x, y = float((a - EPOCH).days), float((b - EPOCH).days)
        if isinstance(left, datetime.datetime) and isinstance(right, datetime.datetime):
            x, y = to_number(left), to_number(right)
    else:
        x, y = to_number(left), to_number(right)
    if math.isnan(x) or math.isnan(y):
        return False
    return {"<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y}[op]


def compare(op: str, left: Value, right: Value) -> bool:
    """XPath comparison; a node-set compares true when one of its values does."""
    lefts = left if isinstance(left, list) else [left]
    rights = right if isinstance(right, list) else [right]
    return any(_compare_pair(op, a, b) for a in lefts for b in rights)


# --- evaluation --------------------------------------------------------------------------


class Context(Protocol):
    """What an expression can see; ``validate`` provides it."""

    @property
    def today(self) -> datetime.date: ...

    @property
    def now(self) -> datetime.datetime: ...

    def resolve(self, name: str) -> Value:
        """``${name}``: the value in scope, or a list across repeat instances."""

    def current(self) -> Value:
        """``.``"""

    def field(self, name: str) -> Value:
        """A choice column inside a ``choice_filter``."""

    def position(self) -> int:
        """1-based index of the current repeat instance."""

    def choice_label(self, question: str, value: str) -> str:
        """``jr:choice-name``: the label of ``value`` in ``question``'s list."""

    def table(self, name: str) -> Sequence[Mapping[str, str]] | None:
        """``pulldata('name', …)``: the rows of the CSV file ``name.csv`` attached to the
        form, or None when it is not attached (then only ODK Collect can evaluate it)."""


@dataclass
class SimpleContext:
    """A context from a plain mapping (tests, previews)."""

    values: dict[str, Value] = field(default_factory=dict)
    value: Value = ""
    item: dict[str, str] = field(default_factory=dict)
    index: int = 0
    today: datetime.date = field(default_factory=datetime.date.today)
    now: datetime.datetime = field(default_factory=datetime.datetime.now)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    tables: dict[str, list[dict[str, str]]] = field(default_factory=dict)

    def resolve(self, name: str) -> Value:
        if name not in self.values:
            raise XPathError(f"There is no question named “{name}”.")
        return self.values[name]

    def current(self) -> Value:
        return self.value

    def field(self, name: str) -> Value:
        if name not in self.item:
            raise XPathError(f"“{name}” is not a column of the choices sheet.")
        return self.item[name]

    def position(self) -> int:
        if not self.index:
            raise XPathError("position(..) is only meaningful inside a repeat.")
        return self.index

    def choice_label(self, question: str, value: str) -> str:
        return self.labels.get(question, {}).get(value, "")

    def table(self, name: str) -> Sequence[Mapping[str, str]] | None:
        return self.tables.get(name)


@dataclass(frozen=True)
class Function:
    arity: tuple[int, int | None]
    run: Callable[[Context, Sequence[Node]], Value]
    plain: Callable[..., Value] | None = None
    """For a function of its arguments' values only: that function (what ``compile`` calls)."""


def _args(ctx: Context, nodes: Sequence[Node]) -> list[Value]:
    return [_eval(n, ctx) for n in nodes]


def _simple(arity: tuple[int, int | None], fn: Callable[..., Value]) -> Function:
    return Function(arity, lambda ctx, nodes: fn(*_args(ctx, nodes)), fn)


def _selected(values: Value, choice: Value) -> bool:
    codes = values if isinstance(values, list) else to_string(values).split()
    return to_string(choice).strip() in [to_string(c) for c in codes]


def _count_selected(values: Value) -> float:
    return float(len(to_string(values).split()))


def _selected_at(values: Value, index: Value) -> str:
    codes = to_string(values).split()
    i = to_number(index)
    if math.isnan(i) or not 0 <= int(i) < len(codes):
        return ""
    return codes[int(i)]


def _substr(text: Value, start: Value, end: Value = None) -> str:
    s = to_string(text)
    a = to_number(start)
    if math.isnan(a):
        return ""
    b = len(s) if end is None else to_number(end)
    if math.isnan(b):
        return ""
    return s[max(0, int(a)) : max(0, int(b))]


def _regex(text: Value, pattern: Value) -> bool:
    try:
        return re.search(to_string(pattern), to_string(text)) is not None
    except re.error as error:
        raise XPathError(f"Bad regular expression “{to_string(pattern)}”: {error}.") from None


def _int(value: Value) -> float:
    n = to_number(value)
    return n if math.isnan(n) or math.isinf(n) else float(math.trunc(n))


def _round(value: Value, digits: Value = 0.0) -> float:
    n = to_number(value)
    if math.isnan(n) or math.isinf(n):
        return n
    places = int(to_number(digits) or 0)
    quantum = Decimal(1).scaleb(-places)
    return float(Decimal(repr(n)).quantize(quantum, rounding="ROUND_HALF_UP"))


def _if(ctx: Context, nodes: Sequence[Node]) -> Value:
    return _eval(nodes[1] if to_bool(_eval(nodes[0], ctx)) else nodes[2], ctx)


def _coalesce(a: Value, b: Value) -> Value:
    return a if to_string(a) != "" else b


def _date(value: Value) -> Value:
    if isinstance(value, datetime.date):
        return value
    text = to_string(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}.*", text):
        try:
            return datetime.datetime.fromisoformat(text)
        except ValueError:
            return ""
    found = to_date(value)
    return found if found is not None else ""


def _decimal_date_time(value: Value) -> float:
    if isinstance(value, str):
        value = _date(value)
    return to_number(value)


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _format_date(value: Value, pattern: Value) -> str:
    found = _date(value) if not isinstance(value, datetime.date) else value
    if not isinstance(found, datetime.date):
        return ""
    codes = {
        "%Y": f"{found.year:04d}",
        "%y": f"{found.year % 100:02d}",
        "%m": f"{found.month:02d}",
        "%n": str(found.month),
        "%d": f"{found.day:02d}",
        "%e": str(found.day),
        "%b": _MONTHS[found.month - 1],
    }
    if isinstance(found, datetime.datetime):
        codes.update(
            {
                "%H": f"{found.hour:02d}",
                "%h": str(found.hour),
                "%M": f"{found.minute:02d}",
                "%S": f"{found.second:02d}",
            }
        )
    return re.sub(r"%[A-Za-z]", lambda m: codes.get(m.group(0), m.group(0)), to_string(pattern))


def _count(ctx: Context, nodes: Sequence[Node]) -> float:
    value = _eval(nodes[0], ctx)
    if not isinstance(value, list):
        raise XPathError("count() needs a repeat or a question inside a repeat.")
    return float(len(value))


def _sum(ctx: Context, nodes: Sequence[Node]) -> float:
    value = _eval(nodes[0], ctx)
    if not isinstance(value, list):
        raise XPathError("sum() needs a question inside a repeat.")
    return float(sum(to_number(v) for v in value))


def _position(ctx: Context, nodes: Sequence[Node]) -> float:
    if not nodes or not isinstance(nodes[0], Parent):
        raise XPathError("Only position(..) is supported.")
    return float(ctx.position())


def _choice_name(ctx: Context, nodes: Sequence[Node]) -> str:
    value = to_string(_eval(nodes[0], ctx))
    target = nodes[1]
    name = ""
    if isinstance(target, Ref):
        name = target.name
    elif isinstance(target, Literal):
        match = re.fullmatch(r"\s*\$\{\s*([\w.\-]+)\s*\}\s*", str(target.value))
        name = match.group(1) if match else ""
    if not name:
        raise XPathError("jr:choice-name() needs the question as its second argument: '${name}'.")
    return ctx.choice_label(name, value)


def _concat(*values: Value) -> str:
    return "".join(to_string(v) for v in values)


def _not(value: Value) -> bool:
    return not to_bool(value)


FUNCTIONS: dict[str, Function] = {
    "selected": _simple((2, 2), _selected),
    "count-selected": _simple((1, 1), _count_selected),
    "selected-at": _simple((2, 2), _selected_at),
    "jr:choice-name": Function((2, 2), _choice_name),
    "string-length": _simple((1, 1), lambda s: float(len(to_string(s)))),
    "regex": _simple((2, 2), _regex),
    "contains": _simple((2, 2), lambda a, b: to_string(b) in to_string(a)),
    "starts-with": _simple((2, 2), lambda a, b: to_string(a).startswith(to_string(b))),
    "ends-with": _simple((2, 2), lambda a, b: to_string(a).endswith(to_string(b))),
    "substr": _simple((2, 3), _substr),
    "concat": _simple((1, None), _concat),
    "string": _simple((1, 1), to_string),
    "number": _simple((1, 1), to_number),
    "int": _simple((1, 1), _int),
    "round": _simple((1, 2), _round),
    "boolean": _simple((1, 1), to_bool),
    "not": _simple((1, 1), _not),
    "true": _simple((0, 0), lambda: True),
    "false": _simple((0, 0), lambda: False),
    "if": Function((3, 3), _if),
    "coalesce": _simple((2, 2), _coalesce),
    "today": Function((0, 0), lambda ctx, nodes: ctx.today),
    "now": Function((0, 0), lambda ctx, nodes: ctx.now),
    "date": _simple((1, 1), _date),
    "decimal-date-time": _simple((1, 1), _decimal_date_time),
    "format-date": _simple((2, 2), _format_date),
    "count": Function((1, 1), _count),
    "sum": Function((1, 1), _sum),
    "position": Function((1, 1), _position),
    # Server-side there is no earlier value to keep: once(x) is x.
    "once": _simple((1, 1), lambda value: value),
    "uuid": _simple((0, 0), lambda: f"uuid:{uuid.uuid4()}"),
}


# --- the rest of ODK's function list that needs nothing but its arguments ---------------


def _numbers(values: Sequence[Value]) -> list[float]:
    """The numbers of arguments that may be node-sets (``max(${age})`` across a repeat)."""
    out: list[float] = []
    for value in values:
        if isinstance(value, list):
            out.extend(to_number(v) for v in value)
        else:
            out.append(to_number(value))
    return out


def _extreme(pick: Callable[[list[float]], float]) -> Callable[..., float]:
    def run(*values: Value) -> float:
        numbers = _numbers(values)
        if not numbers or any(math.isnan(n) for n in numbers):
            return math.nan
        return pick(numbers)

    return run


def _math(fn: Callable[..., float]) -> Callable[..., float]:
    """A math function on XPath numbers: NaN (never an exception) outside its domain."""

    def run(*values: Value) -> float:
        try:
            return float(fn(*(to_number(v) for v in values)))
        except (ValueError, OverflowError, ZeroDivisionError):
            return math.nan

    return run


def _join(separator: Value, *values: Value) -> str:
    parts: list[str] = []
    for value in values:
        if isinstance(value, list):
            parts.extend(to_string(v) for v in value)
        else:
            parts.append(to_string(value))
    return to_string(separator).join(parts)


def _translate(text: Value, source: Value, target: Value) -> str:
    src, dst = to_string(source), to_string(target)
    table: dict[int, int | None] = {}
    for i, char in enumerate(src):
        table.setdefault(ord(char), ord(dst[i]) if i < len(dst) else None)
    return to_string(text).translate(table)


def _before(text: Value, part: Value) -> str:
    s, p = to_string(text), to_string(part)
    return s.split(p, 1)[0] if p and p in s else ""


def _after(text: Value, part: Value) -> str:
    s, p = to_string(text), to_string(part)
    if not p:
        return s
    return s.split(p, 1)[1] if p in s else ""


def _count_non_empty(ctx: Context, nodes: Sequence[Node]) -> float:
    value = _eval(nodes[0], ctx)
    values = value if isinstance(value, list) else [value]
    return float(sum(1 for v in values if to_string(v) != ""))


def _uuid(length: Value = None) -> str:
    if length is None:
        return f"uuid:{uuid.uuid4()}"
    wanted = to_number(length)
    text = uuid.uuid4().hex + uuid.uuid4().hex
    return text[: int(wanted)] if not math.isnan(wanted) and wanted > 0 else text


FUNCTIONS.update(
    {
        "sqrt": _simple((1, 1), _math(math.sqrt)),
        "pow": _simple((2, 2), _math(math.pow)),
        "exp": _simple((1, 1), _math(math.exp)),
        "exp10": _simple((1, 1), _math(lambda x: math.pow(10, x))),
        "log": _simple((1, 1), _math(math.log)),
        "log10": _simple((1, 1), _math(math.log10)),
        "abs": _simple((1, 1), _math(abs)),
        "floor": _simple((1, 1), _math(math.floor)),
        "ceiling": _simple((1, 1), _math(math.ceil)),
        "sin": _simple((1, 1), _math(math.sin)),
        "cos": _simple((1, 1), _math(math.cos)),
        "tan": _simple((1, 1), _math(math.tan)),
        "asin": _simple((1, 1), _math(math.asin)),
        "acos": _simple((1, 1), _math(math.acos)),
        "atan": _simple((1, 1), _math(math.atan)),
        "atan2": _simple((2, 2), _math(math.atan2)),
        "pi": _simple((0, 0), lambda: math.pi),
        "min": _simple((1, None), _extreme(min)),
        "max": _simple((1, None), _extreme(max)),
        "join": _simple((1, None), _join),
        "normalize-space": _simple((1, 1), lambda s: " ".join(to_string(s).split())),
        "translate": _simple((3, 3), _translate),
        "substring-before": _simple((2, 2), _before),
        "substring-after": _simple((2, 2), _after),
        "boolean-from-string": _simple((1, 1), lambda s: to_string(s) in ("true", "1")),
        "count-non-empty": Function((1, 1), _count_non_empty),
        "date-time": _simple((1, 1), _date),
        "format-date-time": _simple((2, 2), _format_date),
        "uuid": _simple((0, 1), _uuid),
    }
)


# --- ODK's functions of attached files, geometry, randomness and encodings ---------------


def _pulldata(ctx: Context, nodes: Sequence[Node]) -> Value:
    """``pulldata('file', 'column', 'key column', key)``: ``column`` of the first row of
    ``file.csv`` whose ``key column`` is ``key`` (``""`` when no row matches)."""
    name, column, key_column, key = (to_string(v) for v in _args(ctx, nodes))
    rows = ctx.table(name.removesuffix(".csv"))
    if rows is None:
        raise Unknowable(f"“pulldata('{name}', …)”: the file {name}.csv is not attached.")
    for row in rows:
        if row.get(key_column, "") == key:
            return row.get(column, "")
    return ""


def _geopoints(values: Sequence[Value]) -> list[tuple[float, ...]] | None:
    """The points of ``distance()``'s arguments: a geotrace or geoshape, several geopoints,
    or a question of a repeat (a list of geopoints)."""
    texts: list[str] = []
    for value in values:
        texts.extend(to_string(v) for v in (value if isinstance(value, list) else [value]))
    return geo_math.parse_points(";".join(t for t in texts if t.strip()))


def _distance(*values: Value) -> float:
    points = _geopoints(values)
    return math.nan if points is None else geo_math.distance(points)


def _area(*values: Value) -> float:
    points = _geopoints(values)
    return math.nan if points is None else geo_math.area(points)


_DIGESTS = {"MD5": "md5", "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384"} | {
    "SHA-512": "sha512"
}


def _digest(data: Value, algorithm: Value, encoding: Value = "base64") -> str:
    name = _DIGESTS.get(to_string(algorithm).upper())
    if name is None:
        raise XPathError(f"digest(): unknown algorithm “{to_string(algorithm)}”.")
    raw = hashlib.new(name, to_string(data).encode("utf-8")).digest()
    if to_string(encoding).lower() == "hex":
        return raw.hex()
    return base64.b64encode(raw).decode("ascii")


def _base64_decode(text: Value) -> str:
    try:
        return base64.b64decode(to_string(text), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return ""


def _extract_signed(message: Value, public_key: Value) -> str:
    """The message of a libsodium signed message (64-byte Ed25519 signature, then the
    message), both base64, if ``public_key`` signed it; else ``""``."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        signed = base64.b64decode(to_string(message), validate=True)
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(to_string(public_key)))
        key.verify(signed[:64], signed[64:])
        return signed[64:].decode("utf-8")
    except (binascii.Error, ValueError, InvalidSignature, UnicodeDecodeError):
        return ""


def _checklist(low: Value, high: Value, *values: Value) -> bool:
    ticked = sum(1 for v in values for x in (v if isinstance(v, list) else [v]) if to_bool(x))
    lo, hi = to_number(low), to_number(high)
    return (lo < 0 or ticked >= lo) and (hi < 0 or ticked <= hi)


def _weighted_checklist(low: Value, high: Value, *pairs: Value) -> bool:
    total = sum(
        to_number(weight)
        for value, weight in zip(pairs[::2], pairs[1::2], strict=False)
        if to_bool(value)
    )
    lo, hi = to_number(low), to_number(high)
    return (lo < 0 or total >= lo) and (hi < 0 or total <= hi)


def _decimal_time(value: Value) -> float:
    match = re.match(r"(\d{2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?", to_string(value).strip())
    if match is None:
        return math.nan
    hours, minutes, seconds = int(match[1]), int(match[2]), float(match[3] or 0)
    return (hours * 3600 + minutes * 60 + seconds) / 86400


def _indexed_repeat(ctx: Context, nodes: Sequence[Node]) -> Value:
    """``indexed-repeat(${q}, ${repeat}, n)``: ``q`` in the n-th instance of its repeat. The
    nested form (five or more arguments) is left to ODK Collect."""
    if len(nodes) != 3:
        raise Unknowable("“indexed-repeat()” over nested repeats is evaluated by ODK Collect.")
    values = _eval(nodes[0], ctx)
    index = to_number(_eval(nodes[2], ctx))
    if not isinstance(values, list):
        values = [values]
    if math.isnan(index) or not 1 <= int(index) <= len(values):
        return ""
    return values[int(index) - 1]


FUNCTIONS.update(
    {
        "pulldata": Function((4, 4), _pulldata),
        "random": _simple((0, 0), lambda: random.random()),
        "distance": _simple((1, None), _distance),
        "area": _simple((1, None), _area),
        "digest": _simple((2, 3), _digest),
        "base64-decode": _simple((1, 1), _base64_decode),
        "extract-signed": _simple((2, 2), _extract_signed),
        "checklist": _simple((2, None), _checklist),
        "weighted-checklist": _simple((2, None), _weighted_checklist),
        "decimal-time": _simple((1, 1), _decimal_time),
        "indexed-repeat": Function((3, None), _indexed_repeat),
    }
)


def _arith(op: str, left: Value, right: Value) -> float:
    x, y = to_number(left), to_number(right)
    if op == "+":
        return x + y
    if op == "-":
        return x - y
    if op == "*":
        return x * y
    if op == "div":
        if y == 0:
            return (
                math.nan
                if x == 0 or math.isnan(x)
                else math.copysign(math.inf, x) * (1 if math.copysign(1, y) > 0 else -1)
            )
        return x / y
    if y == 0 or math.isnan(x) or math.isnan(y):
        return math.nan
    return math.fmod(x, y)


def _eval(node: Node, ctx: Context) -> Value:
    if isinstance(node, Literal):
        return node.value
    if isinstance(node, Ref):
        return ctx.resolve(node.name)
    if isinstance(node, Current):
        return ctx.current()
    if isinstance(node, Field):
        return ctx.field(node.name)
    if isinstance(node, Parent):
        raise XPathError("“..” is only supported as position(..).")
    if isinstance(node, Unknown):
        raise Unknowable(f"“{node.what}” is evaluated by ODK Collect, not by the server.")
    if isinstance(node, Unary):
        return -to_number(_eval(node.operand, ctx))
    if isinstance(node, Call):
        return FUNCTIONS[node.name].run(ctx, node.args)
    if node.op == "or":
        return to_bool(_eval(node.left, ctx)) or to_bool(_eval(node.right, ctx))
    if node.op == "and":
        return to_bool(_eval(node.left, ctx)) and to_bool(_eval(node.right, ctx))
    left, right = _eval(node.left, ctx), _eval(node.right, ctx)
    if node.op in ("=", "!=", "<", "<=", ">", ">="):
        return compare(node.op, left, right)
    return _arith(node.op, left, right)


def evaluate(expr: str, context: Context) -> Value:
    """The value of ``expr`` in ``context``; ``XPathError`` on bad syntax or a bad reference."""
    return compile_expression(expr)(context)


def evaluate_bool(expr: str, context: Context) -> bool:
    return to_bool(evaluate(expr, context))


# --- compilation -------------------------------------------------------------------------
# A form's expressions are evaluated once per question per submission, and a bulk import
# validates a million submissions: walking the tree each time (an isinstance chain per node)
# dominated. ``compile_expression`` turns a tree into nested closures once; they do exactly
# what ``_eval`` does (same order of evaluation, same short-circuits, same errors raised at
# evaluation time), with shortcuts for the values answers usually hold (floats, strings).

Compiled = Callable[[Context], Value]


def _num(value: Value) -> float:
    return value if type(value) is float else to_number(value)


_ORDER: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
_BOOLEAN_FUNCTIONS = frozenset(
    {"not", "true", "false", "boolean", "selected", "regex", "contains", "starts-with"}
    | {"ends-with", "boolean-from-string"}
)


def _is_boolean(node: Node) -> bool:
    """Whether ``node`` always evaluates to a ``bool`` (so ``to_bool`` of it is itself)."""
    if isinstance(node, Binary):
        return node.op in ("or", "and", "=", "!=", "<", "<=", ">", ">=")
    return isinstance(node, Call) and node.name in _BOOLEAN_FUNCTIONS


def _compile_compare(op: str, left: Compiled, right: Compiled, constant: Value = None) -> Compiled:
    """``constant``: the right operand's value when it is a literal."""
    if op in ("=", "!="):
        equal = op == "="

        def equality(ctx: Context) -> Value:
            a, b = left(ctx), right(ctx)
            kind_a, kind_b = type(a), type(b)
            # Two strings or two floats compare as themselves (what _compare_pair concludes).
            if kind_a is kind_b and (kind_a is str or kind_a is float):
                return (a == b) is equal
            if kind_a is list or kind_b is list:
                return compare(op, a, b)
            return _compare_pair(op, a, b)

        return equality
    order = _ORDER[op]
    if isinstance(constant, float) and not math.isnan(constant):
        # ``. >= 1``, ``${age} < 18``: a number against a literal number
        def against_number(ctx: Context) -> Value:
            a = left(ctx)
            if type(a) is float:
                return order(a, constant)
            if type(a) is list:
                return compare(op, a, constant)
            return _compare_pair(op, a, constant)

        return against_number

    def ordering(ctx: Context) -> Value:
        a, b = left(ctx), right(ctx)
        if type(a) is float and type(b) is float:
            return order(a, b)  # NaN compares false, as in _compare_pair
        if type(a) is list or type(b) is list:
            return compare(op, a, b)
        return _compare_pair(op, a, b)

    return ordering


def _compile_binary(node: Binary) -> Compiled:
    left, right = _compile(node.left), _compile(node.right)
    op = node.op
    if op in ("or", "and") and _is_boolean(node.left) and _is_boolean(node.right):
        if op == "or":
            return lambda ctx: left(ctx) or right(ctx)
        return lambda ctx: left(ctx) and right(ctx)
    if op == "or":
        return lambda ctx: to_bool(left(ctx)) or to_bool(right(ctx))
    if op == "and":
        return lambda ctx: to_bool(left(ctx)) and to_bool(right(ctx))
    if op in ("=", "!=", "<", "<=", ">", ">="):
        constant = node.right.value if isinstance(node.right, Literal) else None
        return _compile_compare(op, left, right, constant)
    if op == "+":
        return lambda ctx: _num(left(ctx)) + _num(right(ctx))
    if op == "-":
        return lambda ctx: _num(left(ctx)) - _num(right(ctx))
    if op == "*":
        return lambda ctx: _num(left(ctx)) * _num(right(ctx))

    def arithmetic(ctx: Context) -> Value:
        a = left(ctx)
        return _arith(op, a, right(ctx))

    return arithmetic


def _compile_call(node: Call) -> Compiled:
    function = FUNCTIONS[node.name]
    nodes = node.args
    if node.name == "if":
        test, then, otherwise = (_compile(n) for n in nodes)
        return lambda ctx: then(ctx) if to_bool(test(ctx)) else otherwise(ctx)
    if node.name == "today":
        return lambda ctx: ctx.today
    if node.name == "regex" and isinstance(nodes[1], Literal) and isinstance(nodes[1].value, str):
        try:
            pattern = re.compile(nodes[1].value)
        except re.error:
            pass  # reported at evaluation time, by _regex, as before
        else:
            text = _compile(nodes[0])
            return lambda ctx: pattern.search(to_string(text(ctx))) is not None
    plain = function.plain
    if plain is None:
        run = function.run
        return lambda ctx: run(ctx, nodes)
    args = tuple(_compile(n) for n in nodes)
    if not args:
        return lambda ctx: plain()
    if len(args) == 1:
        (only,) = args
        return lambda ctx: plain(only(ctx))
    if len(args) == 2:
        first, second = args

        def two(ctx: Context) -> Value:
            a = first(ctx)
            return plain(a, second(ctx))

        return two
    return lambda ctx: plain(*[arg(ctx) for arg in args])


def _compile(node: Node) -> Compiled:
    if isinstance(node, Literal):
        value = node.value
        return lambda ctx: value
    if isinstance(node, Ref):
        name = node.name
        return lambda ctx: ctx.resolve(name)
    if isinstance(node, Current):
        return lambda ctx: ctx.current()
    if isinstance(node, Field):
        column = node.name
        return lambda ctx: ctx.field(column)
    if isinstance(node, Parent):

        def parent(ctx: Context) -> Value:
            raise XPathError("“..” is only supported as position(..).")

        return parent
    if isinstance(node, Unknown):
        message = f"“{node.what}” is evaluated by ODK Collect, not by the server."

        def unknown(ctx: Context) -> Value:
            raise Unknowable(message)

        return unknown
    if isinstance(node, Unary):
        operand = _compile(node.operand)
        return lambda ctx: -_num(operand(ctx))
    if isinstance(node, Call):
        return _compile_call(node)
    return _compile_binary(node)


@lru_cache(maxsize=4096)
def compile_expression(expr: str) -> Compiled:
    """``expr`` as a function of a context (cached; ``XPathError`` on bad syntax)."""
    return _compile(parse(expr))
