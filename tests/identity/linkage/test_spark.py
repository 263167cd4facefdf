"""The Spark engine gives the in-process engine's clusters (``link dedupe --engine spark``).

Few and small on purpose: a Spark session takes about ten seconds to start, so the tests
share one (``local[2]``), and the command-line test starts its own, as a user's run does.
The equality test runs on more records than
:data:`~mixflow.identity.linkage.compare.RIVALS_MIN_RECORDS`, so that the batch-wide
evidence that only switches on there (the rivals of a shared name pair) is compared too.
"""

from __future__ import annotations

import csv
import dataclasses
import importlib.util
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from mixflow.identity.linkage import DedupeResult, LinkRecord, dedupe, load_settings, read_records
from mixflow.identity.linkage.compare import RIVALS_MIN_RECORDS

BENCHMARKS = Path(__file__).resolve().parents[3] / "benchmarks"

if shutil.which("java") is None and not os.environ.get("CI"):
    # CI installs a JRE (.ci/run); elsewhere say what is missing rather than fail obscurely.
    pytest.skip(
        "the Spark engine needs Java 17 (apt-get install default-jre-headless)",
        allow_module_level=True,
    )


def _linkage_data() -> Any:
    spec = importlib.util.spec_from_file_location("linkage_data", BENCHMARKS / "linkage_data.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["linkage_data"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    from mixflow.identity.linkage.spark import spark_session

    # py4j says goodbye at interpreter exit, after pytest has closed its log streams.
    logging.getLogger("py4j").setLevel(logging.WARNING)
    session = spark_session("local[2]")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("syn")
    _linkage_data().synthetic(out, 400, seed=23)
    return out


@pytest.fixture(scope="module")
def larger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Over :data:`RIVALS_MIN_RECORDS` records: the name-pair rivals are counted."""
    out = tmp_path_factory.mktemp("syn-larger")
    _linkage_data().synthetic(out, 1200, seed=23)
    return out


def _people(clusters: Mapping[str, str]) -> set[frozenset[str]]:
    """Clusters as sets of record ids (cluster names may differ between engines)."""
    members: dict[str, set[str]] = {}
    for record, cluster in clusters.items():
        members.setdefault(cluster, set()).add(record)
    return {frozenset(m) for m in members.values()}


def _same(x: DedupeResult, y: DedupeResult) -> None:
    assert _people(x.clusters) == _people(y.clusters)
    assert x.clusters == y.clusters  # named the same way too: by the first record
    assert (x.pairs_compared, x.links, x.review_total, x.prior, x.estimated_fields) == (
        y.pairs_compared,
        y.links,
        y.review_total,
        y.prior,
        y.estimated_fields,
    )
    assert [(m.left_id, m.right_id, round(m.score, 9), m.fields) for m in x.review] == [
        (m.left_id, m.right_id, round(m.score, 9), m.fields) for m in y.review
    ]


def test_spark_gives_the_in_process_clusters(spark: Any, larger: Path) -> None:
    from mixflow.identity.linkage.spark import dedupe_spark

    settings = load_settings()
    records = list(read_records(larger / "input.csv", settings.extra_columns))
    assert len(records) > RIVALS_MIN_RECORDS
    # Registrations entered twice (new ids, every field equal) must stay together.
    twice = [dataclasses.replace(r, record_id=f"again-{r.record_id}") for r in records[::40]]
    records += twice
    here = dedupe(records, settings)
    there = dedupe_spark(records, settings, spark=spark, partitions=3)
    _same(here, there)
    assert here.prior is not None  # the shipped settings estimate the share of matches
    # ... and the weights of the site and the nationality, the same in both engines (above)
    assert [f.name for f in here.estimated_fields] == ["site", "nationality"]
    assert here.estimated_fields[0] != settings.field("site")
    assert here.links > 0
    assert here.review_total > 0
    assert any(m.fields[-1].field == "co_travellers" for m in here.review)
    for r in twice:
        assert there.clusters[r.record_id] == there.clusters[r.record_id[len("again-") :]]


def test_spark_keeps_the_block_size_cap(spark: Any, synthetic: Path) -> None:
    from mixflow.identity.linkage.spark import dedupe_spark

    # A tiny cap skips most blocks: both engines must skip the same ones.
    settings = dataclasses.replace(load_settings(), max_block_size=3, neighbours=0)
    records = list(read_records(synthetic / "input.csv", settings.extra_columns))
    records.append(LinkRecord("lonely", given_name="Zebulon"))
    here = dedupe(records, settings)
    there = dedupe_spark(records, settings, spark=spark, partitions=5, review_limit=7)
    _same(dedupe(records, settings, review_limit=7), there)
    assert here.pairs_compared < dedupe(records, load_settings()).pairs_compared
    assert there.clusters["lonely"] == "lonely"
    # Oversized blocks compared with their neighbours by birth date: the same neighbours.
    windowed = dataclasses.replace(settings, neighbours=2)
    near = dedupe(records, windowed, review_limit=7)
    _same(near, dedupe_spark(records, windowed, spark=spark, partitions=4, review_limit=7))
    assert here.pairs_compared < near.pairs_compared
    # No candidate pair at all: every record is its own cluster, nothing to review.
    apart = [LinkRecord("x", given_name="Amina"), LinkRecord("y", given_name="Kervens")]
    _same(dedupe(apart, settings), dedupe_spark(apart, settings, spark=spark))
    assert dedupe_spark([], settings, spark=spark).clusters == {}


def test_cli_runs_the_spark_engine_end_to_end(synthetic: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE",)}
    env["MIXFLOW_DATA_DIR"] = str(tmp_path / "must-not-exist")
    outputs = {}
    for engine in ("in-process", "spark"):
        out = tmp_path / f"{engine}.csv"
        review = tmp_path / f"{engine}-review.csv"
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "mixflow",
                "link",
                "dedupe",
                str(synthetic / "input.csv"),
                "--out",
                str(out),
                "--review",
                str(review),
                "--engine",
                engine,
                "--spark-master",
                "local[1]",
            ],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert "clusters" in done.stdout
        with out.open(encoding="utf-8", newline="") as f:
            outputs[engine] = {row["record_id"]: row["cluster_id"] for row in csv.DictReader(f)}
        assert review.read_text(encoding="utf-8").startswith("left_id,right_id,score")
    assert len(outputs["spark"]) == len(outputs["in-process"]) > 300
    assert _people(outputs["spark"]) == _people(outputs["in-process"])
    assert (tmp_path / "spark-review.csv").read_text(encoding="utf-8") == (
        tmp_path / "in-process-review.csv"
    ).read_text(encoding="utf-8")
    assert not (tmp_path / "must-not-exist").exists()


def test_the_driver_gets_a_quarter_of_the_machine_unless_someone_said() -> None:
    from mixflow.identity.linkage.spark import driver_memory

    gib = 2**30
    assert driver_memory({}, 24 * gib) == "6144m"
    # Never under Spark's own 1g; unknown memory: Spark decides.
    assert driver_memory({}, 2 * gib) == "1024m"
    assert driver_memory({}, None) is None
    # Said elsewhere: left to Spark, which reads it.
    assert driver_memory({"SPARK_DRIVER_MEMORY": "3g"}, 24 * gib) is None
    submit = {"PYSPARK_SUBMIT_ARGS": "--driver-memory 3g pyspark-shell"}
    assert driver_memory(submit, 24 * gib) is None
    conf = {"PYSPARK_SUBMIT_ARGS": "--conf spark.driver.memory=3g pyspark-shell"}
    assert driver_memory(conf, 24 * gib) is None
    assert driver_memory({"PYSPARK_SUBMIT_ARGS": "--master local[2] pyspark-shell"}, 24 * gib)


def test_spark_defaults_conf_is_read(tmp_path: Path) -> None:
    from mixflow.identity.linkage.spark import driver_memory

    (tmp_path / "spark-defaults.conf").write_text(
        "# spark.driver.memory 2g\nspark.master local[2]\n", encoding="utf-8"
    )
    assert driver_memory({"SPARK_CONF_DIR": str(tmp_path)}, 2**34) == "4096m"
    (tmp_path / "spark-defaults.conf").write_text("spark.driver.memory   2g\n", encoding="utf-8")
    assert driver_memory({"SPARK_CONF_DIR": str(tmp_path)}, 2**34) is None
    home = tmp_path / "home"
    (home / "conf").mkdir(parents=True)
    (home / "conf" / "spark-defaults.conf").write_text("spark.driver.memory 2g\n", "utf-8")
    assert driver_memory({"SPARK_HOME": str(home)}, 2**34) is None


def test_the_session_s_jvm_has_the_memory_asked_for(spark: Any) -> None:
    from mixflow.identity.linkage.spark import _physical_memory, driver_memory

    wanted = driver_memory(os.environ, _physical_memory())
    if wanted is None:
        pytest.skip("driver memory configured outside Mixflow on this machine")
    assert spark.sparkContext.getConf().get("spark.driver.memory") == wanted
    heap = spark.sparkContext._jvm.java.lang.Runtime.getRuntime().maxMemory()
    # The JVM reports a little less than -Xmx (a survivor space is not counted).
    assert heap > 0.8 * int(wanted.removesuffix("m")) * 2**20
