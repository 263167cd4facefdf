"""One write path: only an app's actions write models.

Every module under ``src/mixflow`` is parsed; a call that writes a model (``.save()``,
``.create()``, ``.update()``, ``.delete()``, ``get_or_create``, ``update_or_create``,
``bulk_*``, ``insert_many``) outside an app's actions (``actions.py``, and the modules it
gathers, named ``<what>_actions.py``), its
migrations and the synthetic loader (``testing/``) fails the test, with its file and line.

Telling a model write from ``dict.update`` or ``hashlib``'s ``update`` without running the code:
a call counts as a model write when its receiver is

- a manager or queryset: ``X.objects``, a chain of queryset methods on one
  (``X.objects.filter(...)``, ``person.aliases.all()``), ``scoped(...)``, or a name bound to one;
- a model instance: ``Model(...)``, a name bound to ``Model(...)``, to a queryset's
  ``get``/``first``/``create``…, to a loop over a queryset, or a parameter annotated with a
  model class (every class defined in a ``models.py``, and Django's ``Model``);
- a related manager of a model instance (``person.documents.create(...)``);

and any ``.save(update_fields=...)`` (only models take that argument). What it cannot see: a
write through an object whose type is known only at run time (an untyped parameter, an
attribute of ``self``), and the admin's built-in save of editable model admins.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "mixflow"

WRITE_METHODS = frozenset(
    {"save", "create", "update", "delete", "get_or_create", "update_or_create", "insert_many"}
)
INSTANCE_WRITES = frozenset({"save", "delete"})
MANAGER_WRITES = WRITE_METHODS - {"save", "insert_many"}
MANAGERS = frozenset({"objects", "_default_manager", "_base_manager"})
QUERYSET_METHODS = frozenset(
    {
        "all",
        "filter",
        "exclude",
        "order_by",
        "select_related",
        "prefetch_related",
        "only",
        "defer",
        "annotate",
        "alias",
        "distinct",
        "using",
        "select_for_update",
        "none",
        "reverse",
    }
)
# Methods that, called on a related manager, can only be a queryset (dicts and sets have none).
RELATED_QUERYSET_METHODS = frozenset({"all", "filter", "exclude", "select_for_update"})
ROW_GETTERS = frozenset({"get", "first", "last", "latest", "earliest", "create"})
SCOPING_FUNCTIONS = frozenset({"scoped"})
BASE_MODEL_NAMES = frozenset({"Model", "AbstractUser", "AbstractBaseUser"})


def is_exempt(relative: Path) -> bool:
    """Modules allowed to write: actions, migrations, the synthetic loader and generator."""
    parts = relative.parts
    return (
        relative.name == "actions.py"
        or relative.name.endswith("_actions.py")
        or "migrations" in parts
        or parts[0] == "testing"
    )


def model_names(source_root: Path = SRC) -> frozenset[str]:
    """Every class defined in a ``models.py`` that derives from a model."""
    names = set(BASE_MODEL_NAMES)
    for path in source_root.rglob("models.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(
                _last_name(base) in names | {"Model"} for base in node.bases
            ):
                names.add(node.name)
    return frozenset(names)


def _compact(node: ast.expr) -> str:
    """The call's receiver with arguments elided: ``Person.objects.filter(...).update``."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_compact(node.value)}.{node.attr}"
    if isinstance(node, ast.Call):
        return f"{_compact(node.func)}(...)"
    return "..."


def _last_name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.split(".")[-1]
    return ""


@dataclass(frozen=True)
class Write:
    line: int
    call: str


class _Scope:
    """What the names of one function (or the module) are bound to: models or querysets."""

    def __init__(self, models: frozenset[str]) -> None:
        self.models = models
        self.instances: set[str] = set()
        self.querysets: set[str] = set()

    # -- what an expression is -----------------------------------------------------------

    def is_queryset(self, node: ast.expr) -> bool:
        if isinstance(node, ast.Name):
            return node.id in self.querysets
        if isinstance(node, ast.Attribute):
            return node.attr in MANAGERS
        if isinstance(node, ast.Call):
            func = node.func
            if _last_name(func) in SCOPING_FUNCTIONS:
                return True
            if isinstance(func, ast.Attribute) and func.attr in QUERYSET_METHODS:
                return self.is_queryset(func.value) or (
                    func.attr in RELATED_QUERYSET_METHODS and isinstance(func.value, ast.Attribute)
                )
        return False

    def is_instance(self, node: ast.expr) -> bool:
        if isinstance(node, ast.Name):
            return node.id in self.instances
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name):
                return func.id in self.models
            if isinstance(func, ast.Attribute) and func.attr in ROW_GETTERS:
                return self.is_queryset(func.value)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            # a foreign key of a model instance (``batch.version``)
            return node.value.id in self.instances and node.attr not in MANAGERS
        return False

    def is_model_annotation(self, node: ast.expr | None) -> bool:
        if node is None:
            return False
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            return self.is_model_annotation(node.left) or self.is_model_annotation(node.right)
        if isinstance(node, ast.Subscript):  # Optional[Person], type[...] is not an instance
            return _last_name(node.value) == "Optional" and self.is_model_annotation(node.slice)
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            try:
                return self.is_model_annotation(ast.parse(node.value, mode="eval").body)
            except SyntaxError:
                return False
        return _last_name(node) in self.models

    def is_queryset_annotation(self, node: ast.expr | None) -> bool:
        if isinstance(node, ast.Subscript):
            node = node.value
        return node is not None and _last_name(node) in {"QuerySet", "Manager"}

    # -- binding ---------------------------------------------------------------------------

    def bind(self, target: ast.expr, value: ast.expr) -> None:
        if not isinstance(target, ast.Name):
            return
        self.instances.discard(target.id)
        self.querysets.discard(target.id)
        if self.is_queryset(value):
            self.querysets.add(target.id)
        elif self.is_instance(value):
            self.instances.add(target.id)

    def bind_loop(self, target: ast.expr, iterable: ast.expr) -> None:
        if isinstance(target, ast.Name) and self.is_queryset(iterable):
            self.instances.add(target.id)

    def bind_arguments(self, args: ast.arguments) -> None:
        for arg in [*args.posonlyargs, *args.args, *args.kwonlyargs]:
            if self.is_model_annotation(arg.annotation):
                self.instances.add(arg.arg)
            elif self.is_queryset_annotation(arg.annotation):
                self.querysets.add(arg.arg)

    # -- the rule ----------------------------------------------------------------------------

    def writes(self, call: ast.Call) -> bool:
        func = call.func
        if _last_name(func) == "insert_many":
            return True
        if not isinstance(func, ast.Attribute):
            return False
        method, receiver = func.attr, func.value
        if not (method in WRITE_METHODS or method.startswith("bulk_")):
            return False
        if method == "save" and any(k.arg == "update_fields" for k in call.keywords):
            return True
        if (method in MANAGER_WRITES or method.startswith("bulk_")) and self.is_queryset(receiver):
            return True
        if method in INSTANCE_WRITES and self.is_instance(receiver):
            return True
        # A related manager of an instance: person.documents.create(...)
        return (
            (method in MANAGER_WRITES or method.startswith("bulk_"))
            and isinstance(receiver, ast.Attribute)
            and isinstance(receiver.value, ast.Name)
            and receiver.value.id in self.instances
        )


class _Finder(ast.NodeVisitor):
    def __init__(self, models: frozenset[str]) -> None:
        self.models = models
        self.scope = _Scope(models)
        self.found: list[Write] = []

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        outer = self.scope
        self.scope = _Scope(self.models)
        self.scope.bind_arguments(node.args)
        self.generic_visit(node)
        self.scope = outer

    visit_FunctionDef = _function
    visit_AsyncFunctionDef = _function

    def visit_Assign(self, node: ast.Assign) -> None:
        self.generic_visit(node)
        for target in node.targets:
            self.scope.bind(target, node.value)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self.generic_visit(node)
        if node.value is not None:
            self.scope.bind(node.target, node.value)
        if isinstance(node.target, ast.Name) and self.scope.is_model_annotation(node.annotation):
            self.scope.instances.add(node.target.id)

    def visit_For(self, node: ast.For) -> None:
        self.scope.bind_loop(node.target, node.iter)
        self.generic_visit(node)

    def visit_comprehension(self, node: ast.comprehension) -> None:
        self.scope.bind_loop(node.target, node.iter)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        if self.scope.writes(node):
            self.found.append(Write(node.lineno, _compact(node.func) + "("))
        self.generic_visit(node)


def writes_in(source: str, models: frozenset[str]) -> list[Write]:
    finder = _Finder(models)
    finder.visit(ast.parse(source))
    return finder.found


def offenders(source_root: Path = SRC) -> Iterator[str]:
    models = model_names(source_root)
    for path in sorted(source_root.rglob("*.py")):
        relative = path.relative_to(source_root)
        if is_exempt(relative):
            continue
        for write in writes_in(path.read_text(encoding="utf-8"), models):
            yield f"src/mixflow/{relative}:{write.line}: {write.call}"


# -- the checker checks ------------------------------------------------------------------------

PLANTED = """\
import hashlib

from mixflow.identity.models import Person


def register(name: str) -> None:
    Person.objects.create(given_name=name)


def rename(person: Person, name: str) -> None:
    person.given_name = name
    person.save()


def forget(user, pk: int) -> None:
    scoped(user, Person).filter(pk=pk).delete()
    Person.objects.filter(pk=pk).update(given_name="")
    found = Person.objects.get(pk=pk)
    found.delete()
    for each in Person.objects.filter(pk__gt=pk):
        each.save()
    found.documents.create(number="X")
    Person(given_name="new").save()
    insert_many(Person, [])
    Person.objects.bulk_create([])


def innocent(counts: dict[str, int], data: bytes, seen: set[int], book) -> None:
    counts.update({"a": 1})
    hashlib.sha256().update(data)
    seen.update([1])
    book.save("out.xlsx")
    {}.update(a=1)
    seen.update(counts)
"""


def test_the_checker_finds_planted_writes_and_spares_dicts_sets_and_hashes() -> None:
    found = {write.line: write.call for write in writes_in(PLANTED, model_names())}
    assert found == {
        7: "Person.objects.create(",
        12: "person.save(",
        16: "scoped(...).filter(...).delete(",
        17: "Person.objects.filter(...).update(",
        19: "found.delete(",
        21: "each.save(",
        22: "found.documents.create(",
        23: "Person(...).save(",
        24: "insert_many(",
        25: "Person.objects.bulk_create(",
    }


def test_the_checker_knows_the_models() -> None:
    names = model_names()
    assert {"Person", "User", "Location", "Submission", "LoadedDataset"} <= names
    assert "PersonDetails" not in names


def test_actions_migrations_and_the_loader_may_write() -> None:
    assert is_exempt(Path("identity/actions.py"))
    assert is_exempt(Path("intake/import_actions.py"))
    assert not is_exempt(Path("intake/imports.py"))
    assert not is_exempt(Path("core/transactions.py"))
    assert is_exempt(Path("geo/migrations/0002_countries.py"))
    assert is_exempt(Path("testing/load.py"))
    assert not is_exempt(Path("web/import_views.py"))
    assert not is_exempt(Path("intake/imports.py"))


def test_only_actions_write_models() -> None:
    found = list(offenders())
    assert not found, "models written outside an app's actions:\n" + "\n".join(found)
