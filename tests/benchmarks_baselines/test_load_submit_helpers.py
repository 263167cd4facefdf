"""The load and fault benchmark's helpers (the benchmark itself runs for minutes, outside the
test suite): percentiles, the open-loop schedule, acknowledged ids and summaries."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "load_submit.py"


def _script() -> Any:
    spec = importlib.util.spec_from_file_location("load_submit", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["load_submit"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_helpers() -> None:
    bench = _script()
    assert bench.percentile([], 0.5) == 0.0
    values = list(range(1, 101))
    assert bench.percentile(values, 0.5) == 50
    assert bench.percentile(values, 0.99) == 99
    assert bench.percentile([7.0], 0.99) == 7.0

    times = bench.schedule(10, 2, offset=0.25)
    assert len(times) == 20
    assert times[:3] == [0.25, 0.75, 1.25]
    assert bench.schedule(10, 0) == []

    xml = bench.instance_xml("<id>uuid:INSTANCEID</id><n>GIVENNAME</n>", "uuid:x-1", "Awa")
    assert xml == b"<id>uuid:x-1</id><n>Awa</n>"

    outcome = bench.Outcome
    outcomes = [
        outcome("api", 0.0, 0.1, 201, "uuid:a"),
        outcome("api", 0.5, 0.3, 200, "uuid:a"),  # a retry answered "already had it"
        outcome("api", 1.0, 2.0, 0, "uuid:b", "ReadTimeout"),  # no answer: not acknowledged
        outcome("openrosa", 0.2, 0.2, 201, "uuid:c"),
        outcome("page", 0.1, 0.01, 200),
    ]
    assert bench.acknowledged_ids(outcomes) == ["uuid:a", "uuid:c"]
    api = bench.summarise(outcomes, "api", 10)
    assert (api.sent, api.ok, api.failed) == (3, 2, 1)
    assert api.rate == 0.2
    assert api.statuses == {"201": 1, "200": 1, "0": 1}
    assert round(api.p50_ms) == 100
    assert round(api.p99_ms) == 300
