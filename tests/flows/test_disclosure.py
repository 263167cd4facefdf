"""Disclosure control: primary and complementary suppression, hierarchies, sensitive tables,
rounding and the gate's own guarantees (Django-free: no database)."""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mixflow.flows.disclosure import (
    TOTAL,
    Ledger,
    Policy,
    ProtectedTable,
    PublishedCell,
    Table,
    TooFine,
    protect,
)
from mixflow.flows.disclosure.protect import reload
from mixflow.flows.disclosure.table import build_lattice


def _in_row_space(rows: list[list[Fraction]], target: list[Fraction]) -> bool:
    """Whether ``target`` is a rational linear combination of ``rows`` (Gaussian elimination
    in exact arithmetic: independent of the numpy check inside the gate)."""

    def rank(matrix: list[list[Fraction]]) -> int:
        m = [r[:] for r in matrix]
        r = 0
        for c in range(len(target)):
            pivot = next((i for i in range(r, len(m)) if m[i][c] != 0), None)
            if pivot is None:
                continue
            m[r], m[pivot] = m[pivot], m[r]
            for i in range(len(m)):
                if i != r and m[i][c] != 0:
                    f = m[i][c] / m[r][c]
                    m[i] = [a - f * b for a, b in zip(m[i], m[r], strict=True)]
            r += 1
        return r

    return rank(rows) == rank([*rows, target])


def recoverable(table: Table, protected: ProtectedTable) -> list[tuple[str, ...]]:
    """Suppressed cells an attacker recovers exactly from every published total and margin."""
    lattice = build_lattice(table)
    hidden = [c.key for c in protected.cells if c.suppressed]
    index = {k: i for i, k in enumerate(hidden)}
    rows = []
    for line in lattice.lines:
        row = [Fraction(0)] * len(hidden)
        if line.total in index:
            row[index[line.total]] = Fraction(1)
        for part in line.parts:
            if part in index:
                row[index[part]] = Fraction(-1)
        if any(row):
            rows.append(row)
    found = []
    for key, i in index.items():
        target = [Fraction(0)] * len(hidden)
        target[i] = Fraction(1)
        if rows and _in_row_space(rows, target):
            found.append(key)
    return found


def test_primary_suppression_hides_small_cells_and_keeps_zero() -> None:
    table = Table(
        "t",
        ("sex", "nationality"),
        {("m", "NER"): 10, ("m", "MLI"): 3, ("f", "NER"): 7, ("f", "MLI"): 0, ("m", "SEN"): 12},
        values={"sex": ("m", "f")},
    )
    out = protect(table, Policy())
    assert out.cell(("m", "MLI")).status == "primary"
    assert out.cell(("m", "MLI")).value is None
    assert out.cell(("f", "MLI")).value == 0
    assert not recoverable(table, out)


def test_every_line_with_a_suppressed_cell_has_two() -> None:
    table = Table(
        "t",
        ("a", "b"),
        {
            (a, b): v
            for (a, b), v in zip(
                itertools.product("xyz", "pqr"), [1, 9, 9, 9, 9, 9, 9, 9, 9], strict=True
            )
        },
    )
    out = protect(table, Policy())
    lattice = build_lattice(table)
    for line in lattice.lines:
        hidden = [m for m in line.members() if out.cell(m).suppressed]
        assert len(hidden) != 1
    assert not recoverable(table, out)


def test_threshold_is_configurable() -> None:
    table = Table("t", ("a",), {("x",): 7, ("y",): 12, ("z",): 30})
    assert protect(table, Policy(threshold=5)).suppressed_count == 0
    strict = protect(table, Policy(threshold=10))
    assert strict.cell(("x",)).suppressed
    # one suppressed cell in a line is recoverable from the total: a second one goes too
    assert strict.cell(("y",)).suppressed
    assert strict.cell(("z",)).value == 30
    assert strict.cell((TOTAL,)).value == 49


def test_total_below_threshold_is_suppressed_with_its_cells() -> None:
    table = Table("t", ("a", "b"), {("x", "p"): 2, ("x", "q"): 1, ("y", "p"): 20, ("y", "q"): 30})
    out = protect(table, Policy())
    assert out.cell(("x", TOTAL)).suppressed
    assert not recoverable(table, out)


def test_a_pair_whose_sum_is_small_gets_a_third() -> None:
    # 3 and 0 hidden together would still tell "at most 3" from the published row total.
    table = Table(
        "t",
        ("a", "b"),
        {
            ("x", "p"): 3,
            ("x", "q"): 0,
            ("x", "r"): 40,
            ("y", "p"): 6,
            ("y", "q"): 0,
            ("y", "r"): 50,
        },
        values={"b": ("p", "q", "r")},
    )
    out = protect(table, Policy())
    lattice = build_lattice(table)
    for line in lattice.lines:
        hidden = [m for m in line.members() if out.cell(m).suppressed]
        if hidden and not out.cell(line.total).suppressed:
            assert (
                sum(lattice.value[m] for m in hidden) == 0
                or sum(lattice.value[m] for m in hidden) >= 5
            )


def test_hierarchical_totals_protect_sites_within_countries() -> None:
    table = Table(
        "t",
        ("site", "sex"),
        {
            ("agadez", "m"): 3,
            ("agadez", "f"): 20,
            ("arlit", "m"): 15,
            ("arlit", "f"): 11,
            ("gao", "m"): 14,
            ("gao", "f"): 9,
        },
        hierarchies={"site": {"agadez": "NER", "arlit": "NER", "gao": "MLI"}},
        geography="site",
        time="month",
    )
    out = protect(table, Policy())
    assert out.cell(("NER", "m")).value == 18
    assert out.cell(("agadez", "m")).suppressed
    assert not recoverable(table, out)
    lattice = build_lattice(table)
    assert any(line.total == ("NER", "m") for line in lattice.lines)


def test_sensitive_tables_only_at_coarse_geography_and_time() -> None:
    cells = {("NER",): 40, ("LBY",): 30}
    with pytest.raises(TooFine):
        protect(Table("t", ("site",), cells, sensitive=True, geography="site"), Policy())
    with pytest.raises(TooFine):
        protect(Table("t", ("c",), cells, sensitive=True, time="month"), Policy())
    protect(Table("t", ("c",), cells, sensitive=True, geography="country", time="year"), Policy())
    # the same table not marked sensitive may go by site and month
    protect(Table("t", ("c",), cells, geography="site", time="month"), Policy())


def test_rounding_to_base_five() -> None:
    table = Table("t", ("a",), {("x",): 12, ("y",): 18, ("z",): 2})
    out = protect(table, Policy(rounding_base=5))
    # x hides z (the smallest complement); y and the total are rounded
    assert out.cell(("x",)).value is None
    assert out.cell(("y",)).value == 20
    assert out.cell((TOTAL,)).value == 30
    assert out.cell(("z",)).value is None
    for cell in out.cells:
        assert cell.value is None or cell.value % 5 == 0


def test_only_the_gate_makes_protected_tables() -> None:
    out = protect(Table("t", ("a",), {("x",): 12}), Policy())
    with pytest.raises(TypeError):
        ProtectedTable(
            name="forged", dimensions=("a",), cells=out.cells, policy="", definitions={}, gate=None
        )


def test_a_frozen_table_edited_by_hand_is_refused_on_reload() -> None:
    out = protect(Table("t", ("a",), {("x",): 12, ("y",): 2, ("z",): 9}), Policy())
    data = out.to_json()
    assert reload(data, 5) == out
    for cell in data["cells"]:
        if cell["value"] is None:
            cell["value"] = 2
            cell["status"] = "published"
    with pytest.raises(ValueError, match="below the threshold"):
        reload(data, 5)


counts = st.integers(min_value=0, max_value=30)


@settings(max_examples=150, deadline=None)
@given(
    rows=st.integers(min_value=1, max_value=5),
    cols=st.integers(min_value=1, max_value=5),
    data=st.data(),
    threshold=st.sampled_from([3, 5, 10]),
)
def test_no_suppressed_cell_is_derivable_from_published_totals(
    rows: int, cols: int, data: st.DataObject, threshold: int
) -> None:
    values = data.draw(st.lists(counts, min_size=rows * cols, max_size=rows * cols))
    table = Table(
        "random",
        ("r", "c"),
        {(f"r{i}", f"c{j}"): values[i * cols + j] for i in range(rows) for j in range(cols)},
    )
    out = protect(table, Policy(threshold=threshold))
    for cell in out.cells:
        if cell.value is not None:
            assert not 0 < cell.value < threshold
    assert recoverable(table, out) == []
    lattice = build_lattice(table)
    for line in lattice.lines:
        hidden = [m for m in line.members() if out.cell(m).suppressed]
        assert len(hidden) != 1


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_no_suppressed_cell_is_derivable_in_three_dimensions(data: st.DataObject) -> None:
    shape = data.draw(st.tuples(*(st.integers(min_value=1, max_value=3) for _ in range(3))))
    keys = list(
        itertools.product(
            *([f"{d}{i}" for i in range(n)] for d, n in zip("abc", shape, strict=True))
        )
    )
    values = data.draw(st.lists(counts, min_size=len(keys), max_size=len(keys)))
    table = Table("cube", ("a", "b", "c"), dict(zip(keys, values, strict=True)))
    out = protect(table, Policy())
    assert recoverable(table, out) == []


Q3 = frozenset({"2026-07", "2026-08", "2026-09"})


def _by_nationality(counts: dict[str, int], **population: frozenset[str]) -> Table:
    return Table(
        "by nationality",
        ("nationality",),
        {(k,): v for k, v in counts.items()},
        population=population,
    )


def test_two_publications_differing_by_one_person_are_refused() -> None:
    first = protect(_by_nationality({"NER": 20, "MLI": 14, "SEN": 30}, period=Q3), Policy())
    ledger = Ledger(first.published_cells("first"))
    # The same quarter one revision later: one more Malian.
    second = protect(
        _by_nationality({"NER": 20, "MLI": 15, "SEN": 30}, period=Q3), Policy(), ledger
    )
    assert second.cell(("MLI",)).status == "differencing"
    assert second.cell((TOTAL,)).status == "differencing"
    # the total moved by one as well; whatever stays published differs by 0 or 5 and more
    for cell in second.cells:
        if cell.value is not None:
            assert not any(
                0 < abs(cell.value - e.value) < 5
                for e in ledger.conflicts(
                    PublishedCell(second.definitions[cell.key], cell.value, "second"), 5
                )
            )
    assert not recoverable(_by_nationality({"NER": 20, "MLI": 15, "SEN": 30}, period=Q3), second)


def test_filters_narrowed_step_by_step_are_refused() -> None:
    ledger = Ledger()
    everywhere = protect(_by_nationality({"NER": 30, "MLI": 22}, period=Q3), Policy(), ledger)
    ledger.extend(everywhere.published_cells("everywhere"))
    # Narrow to one site: 27 of the 30 Nigeriens were there, so 3 were elsewhere.
    one_site = protect(
        _by_nationality({"NER": 27, "MLI": 22}, period=Q3, site=frozenset({"agadez"})),
        Policy(),
        ledger,
    )
    assert one_site.cell(("NER",)).suppressed
    assert one_site.cell(("MLI",)).value == 22  # no difference: nothing to learn
    ledger.extend(one_site.published_cells("one site"))
    # Narrow the period to one month within that site: differences of 8 are safe.
    one_month = protect(
        _by_nationality(
            {"NER": 19, "MLI": 14}, period=frozenset({"2026-08"}), site=frozenset({"agadez"})
        ),
        Policy(),
        ledger,
    )
    assert one_month.cell(("MLI",)).value == 14
    for cell in one_month.cells:
        if cell.value is None:
            continue
        shown = PublishedCell(one_month.definitions[cell.key], cell.value, "one month")
        assert ledger.conflicts(shown, 5) == []


def test_unrelated_populations_do_not_conflict() -> None:
    niger = protect(_by_nationality({"NER": 30}, country=frozenset({"NER"})), Policy())
    ledger = Ledger(niger.published_cells("niger"))
    libya = protect(_by_nationality({"NER": 31}, country=frozenset({"LBY"})), Policy(), ledger)
    assert libya.suppressed_count == 0


@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_no_suppressed_cell_is_derivable_with_hierarchical_subtotals(data: st.DataObject) -> None:
    """Sites within countries: each country's subtotal is one more published line."""
    sites = data.draw(st.integers(min_value=2, max_value=6))
    countries = data.draw(st.integers(min_value=1, max_value=3))
    cols = data.draw(st.integers(min_value=1, max_value=4))
    parent = {f"s{i}": f"C{i % countries}" for i in range(sites)}
    values = data.draw(st.lists(counts, min_size=sites * cols, max_size=sites * cols))
    table = Table(
        "sites",
        ("site", "sex"),
        {(f"s{i}", f"x{j}"): values[i * cols + j] for i in range(sites) for j in range(cols)},
        hierarchies={"site": parent},
        geography="site",
    )
    out = protect(table, Policy())
    assert recoverable(table, out) == []
    lattice = build_lattice(table)
    assert any(line.total[0].startswith("C") for line in lattice.lines)
    for line in lattice.lines:
        hidden = [m for m in line.members() if out.cell(m).suppressed]
        assert len(hidden) != 1
