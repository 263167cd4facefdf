"""Batch deduplication on Apache Spark: the in-process pipeline, stage by stage, on a cluster.

The same functions as :func:`~mixflow.identity.linkage.dedupe.dedupe` run inside Spark tasks,
so the clusters are the same as the in-process engine's on the same input:

1. **Vocabulary.** Name-part ids depend on the order names are first seen (a new spelling one
   typing slip from a known name joins that name's key), so each distinct name part, site,
   group and extra value is reduced to its first position in the input, and the driver seeds
   one :class:`~mixflow.identity.linkage.features.Encoder` in that order. The vocabulary is
   far smaller than the records; it is broadcast.
2. **Features.** Each partition encodes its records with the broadcast encoder.
3. **Population statistics** (name-key counts, name-set and name-set-and-year counts, and
   from :data:`~mixflow.identity.linkage.compare.RIVALS_MIN_RECORDS` records the
   name-pair-and-year counts of the rivals) are Spark aggregations over the whole batch,
   broadcast to the comparison tasks. Records identical in every field are grouped first
   (a shuffle by the record's fields): each group put together counts once, as in process
   (:func:`~mixflow.identity.linkage.identical.counted_once`).
4. **Candidate pairs.** Block entries of every rule are shuffled by block id and paired with
   :func:`~mixflow.identity.linkage.blocking.pairs_in_blocks` (same block-size cap, and the
   same sorted neighbourhood in oversized blocks when the settings give ``neighbours``);
   pairs are shuffled again by pair code to drop the repeats.
5. **Scores.** :class:`~mixflow.identity.linkage.compare.Comparer` on each partition of
   pairs; co-traveller evidence on partitions holding every pair of one pair of groups.
6. **Clusters.** Linked pairs (and records identical in every field) make connected
   components; the pairs of each component are shuffled together and clustered with
   :func:`~mixflow.identity.linkage.dedupe.cluster_scored`, the in-process clustering (its
   joins never cross a component, and pair order and tie-breaks are kept).

Between stages, partitions carry numpy arrays rather than one Python object per row: a
shuffle moves a few arrays per partition. What still lives on the driver: the input records
(read by :func:`~mixflow.identity.linkage.records.read_records`, with its messages), the
feature table (broadcast to the comparison tasks: about 90 bytes a record), the linked pairs
(for the connected components) and the review pairs to explain.

PySpark is an optional dependency (``pip install mixflow[spark]``) and needs Java 17.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import numpy.typing as npt

from mixflow.identity.linkage.blocking import birth_order, block_entries, pairs_in_blocks
from mixflow.identity.linkage.compare import (
    RIVALS_MIN_RECORDS,
    Comparer,
    joint_level_table,
    name_set_counts,
    surprisal_of_counts,
)
from mixflow.identity.linkage.cotravel import cotraveller_scores
from mixflow.identity.linkage.dedupe import (
    MAX_REVIEW,
    DedupeResult,
    cluster_guard,
    cluster_scored,
    explain_pairs,
    left_for_review,
)
from mixflow.identity.linkage.features import Encoder, FeatureBlock, all_name_pair_years
from mixflow.identity.linkage.identical import (
    Mask,
    counted_once,
    identical_together,
    identity_key,
)
from mixflow.identity.linkage.records import LinkRecord
from mixflow.identity.linkage.settings import LinkSettings
from mixflow.identity.linkage.share import (
    BINS,
    batch_settings,
    estimated_settings,
    score_histogram,
    score_shift,
)
from mixflow.lib.messages import Refusal, gettext_noop

if TYPE_CHECKING:
    from pyspark import RDD, SparkContext
    from pyspark.sql import SparkSession

__all__ = ["SparkOutOfMemory", "dedupe_spark", "driver_memory", "spark_session"]

log = logging.getLogger(__name__)

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
#: Records per input partition at most (more partitions than cores on big inputs).
RECORDS_PER_PARTITION: Final = 100_000
#: Kinds of vocabulary entry, in the order the encoder learns them.
_NAME, _SITE, _GROUP, _EXTRA = 0, 1, 2, 3


class SparkOutOfMemory(Refusal):
    """Spark's driver ran out of Java heap: the run is refused with what to change."""


#: Spark's own default driver heap. The driver holds the records, the feature table and the
#: linked pairs, and on a local master it is also the executor: 1g fails at a million records.
SPARK_DEFAULT_DRIVER_MEMORY: Final = 1024


def driver_memory(environ: Mapping[str, str], physical_bytes: int | None) -> str | None:
    """The driver memory to ask Spark for when nobody has said: a quarter of the machine's
    memory, as the JVM sizes a heap nobody sized, and never under Spark's own 1g.

    ``None`` (Spark decides) when it is set elsewhere (``SPARK_DRIVER_MEMORY``,
    ``--driver-memory`` or ``spark.driver.memory`` in ``PYSPARK_SUBMIT_ARGS``, or
    ``spark-defaults.conf``) or when the machine's memory is not known."""
    if environ.get("SPARK_DRIVER_MEMORY"):
        return None
    if re.search(r"--driver-memory|spark\.driver\.memory", environ.get("PYSPARK_SUBMIT_ARGS", "")):
        return None
    if _in_spark_defaults(environ, "spark.driver.memory"):
        return None
    if not physical_bytes:
        return None
    return f"{max(SPARK_DEFAULT_DRIVER_MEMORY, physical_bytes // 4 // 2**20)}m"


def _in_spark_defaults(environ: Mapping[str, str], key: str) -> bool:
    folders = [environ.get("SPARK_CONF_DIR", "")]
    if environ.get("SPARK_HOME"):
        folders.append(str(Path(environ["SPARK_HOME"]) / "conf"))
    for folder in filter(None, folders):
        defaults = Path(folder) / "spark-defaults.conf"
        try:
            lines = defaults.read_text(encoding="utf-8").splitlines()
        except OSError:
            continue
        if any(line.split(None, 1)[:1] == [key] for line in lines):
            return True
    return False


def _physical_memory() -> int | None:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):  # not a POSIX system: Spark decides
        return None


def spark_session(master: str | None = None) -> SparkSession:
    """A Spark session: ``master`` if given, else ``SPARK_MASTER``, else Spark's own default
    (``spark.master`` from ``spark-defaults.conf`` or ``spark-submit``, else ``local[*]``).
    A new session's driver gets :func:`driver_memory` unless it is configured elsewhere."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise RuntimeError(
            "the Spark engine needs PySpark: pip install 'mixflow[spark]' (and Java 17)"
        ) from exc
    # Spark's Python workers must run this interpreter (where mixflow is installed), not
    # whatever "python3" is first on the PATH.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("mixflow link dedupe").config(
        "spark.ui.showConsoleProgress", "false"
    )
    master = master or os.environ.get("SPARK_MASTER")
    if master:
        builder = builder.master(master)
    # Read when the JVM starts: a session already running keeps its own.
    memory = driver_memory(os.environ, _physical_memory())
    if memory:
        builder = builder.config("spark.driver.memory", memory)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def dedupe_spark(
    records: Iterable[LinkRecord],
    settings: LinkSettings,
    *,
    spark: SparkSession | None = None,
    master: str | None = None,
    review_limit: int = MAX_REVIEW,
    partitions: int | None = None,
) -> DedupeResult:
    """:func:`~mixflow.identity.linkage.dedupe.dedupe` on Spark: the same result.

    Uses ``spark`` if given (and leaves it running), else starts a session on ``master`` (see
    :func:`spark_session`) and stops it at the end.
    """
    recs: Sequence[LinkRecord] = records if isinstance(records, list) else list(records)
    if not recs:
        return DedupeResult({}, [], 0, 0, 0)
    session = spark if spark is not None else spark_session(master)
    try:
        return _run(session.sparkContext, recs, settings, review_limit, partitions)
    except Exception as exc:
        # The JVM's error reaches Python as a Py4J error holding its Java stack trace.
        if "java.lang.OutOfMemoryError" not in str(exc):
            raise
        conf = session.sparkContext.getConf()
        raise SparkOutOfMemory(
            gettext_noop(
                "Spark ran out of memory with %(records)s records (driver memory "
                "%(memory)s): give it more with SPARK_DRIVER_MEMORY (for example "
                "SPARK_DRIVER_MEMORY=8g) or run it on a cluster (--spark-master)"
            ),
            records=len(recs),
            memory=conf.get("spark.driver.memory", "1g"),
        ) from exc
    finally:
        if spark is None:
            session.stop()


def _run(
    sc: SparkContext,
    recs: Sequence[LinkRecord],
    settings: LinkSettings,
    review_limit: int,
    partitions: int | None,
) -> DedupeResult:
    from pyspark import StorageLevel  # optional dependency: imported when the engine runs

    # Kept partitions spill to local disk rather than being computed again.
    keep = StorageLevel.MEMORY_AND_DISK
    clock = _Clock()
    n = len(recs)
    parts = partitions or max(2 * sc.defaultParallelism, -(-n // RECORDS_PER_PARTITION))
    size = -(-n // parts)
    # Records travel as plain tuples: a record's extra mapping is a read-only proxy that
    # pickle refuses.
    slices = [(s, [_row(r) for r in recs[s : s + size]]) for s in range(0, n, size)]
    chunks = sc.parallelize(slices, len(slices)).persist(keep)
    # parallelize has copied the slices into the JVM: free the driver's copy (a tuple per
    # record: gigabytes at 10 million records).
    del slices
    columns = settings.extra_columns

    # 1. Vocabulary in first-seen order, learnt by one encoder on the driver.
    firsts = chunks.flatMap(lambda c: _first_seen(c, columns)).reduceByKey(min).collect()
    encoder = _seeded_encoder(firsts, columns)
    del firsts
    enc = sc.broadcast(encoder)
    clock.lap("vocabulary")

    # 2. Features.
    features = chunks.map(lambda c: (c[0], enc.value.encode([_record(t) for t in c[1]])))
    features = features.persist(keep)

    # 3. Population statistics. First the records identical in every field: put together
    # by rule, they count once in the crowds of their names (as in process).
    same = (
        chunks.flatMap(lambda c: ((identity_key(_record(t)), c[0] + i) for i, t in enumerate(c[1])))
        .groupByKey()
        .flatMap(_identical)
        .collect()
    )
    same.sort(key=lambda p: p[1])  # in record order, as the in-process engine joins them
    together = (
        np.array([p[0] for p in same], dtype=np.int64),
        np.array([p[1] for p in same], dtype=np.int64),
    )
    del same
    once = sc.broadcast(counted_once(n, together))
    clock.lap("identical records")

    # Then the counts, over the rows that count.
    vocabulary = len(encoder.loose.words)
    key_counts = features.map(lambda f: _key_counts(f, vocabulary, once)).treeReduce(np.add)
    used = np.flatnonzero(key_counts)
    key_counts = key_counts[: int(used[-1]) + 1 if len(used) else 1]
    surprisal = surprisal_of_counts(key_counts, int(once.value.sum()))
    name_sets = _counted(features.map(lambda f: _name_set_counts(f, once)), parts)
    # Rivals of a shared name pair are counted over the whole batch, as the in-process
    # engine counts them, and only in a batch as large as it counts them in.
    rivals = None
    if n >= RIVALS_MIN_RECORDS:
        rivals = _counted(features.map(lambda f: _name_pair_counts(f, once)), parts)
    clock.lap("features and population statistics")

    # The whole feature table, for the comparison tasks (the pairs reach any two records).
    table = _concat([b for _, b in sorted(features.collect(), key=lambda f: f[0])])
    feats = sc.broadcast(table)
    stats = sc.broadcast((surprisal, name_sets, encoder.extra_words, rivals))
    clock.lap("feature table to the driver")

    # 4. Candidate pairs: block entries shuffled by block, pairs by pair code.
    rules = settings.blocking
    extra_at = {c: i for i, c in enumerate(columns)}
    cap = settings.max_block_size
    window = settings.neighbours
    pair_parts = max(parts, 2 * sc.defaultParallelism)
    entries = features.flatMap(lambda f: _block_buckets(f, rules, extra_at, pair_parts))
    codes = (
        entries.partitionBy(pair_parts, _identity)
        .mapPartitions(
            lambda it: _pairs_of_blocks(it, len(rules), cap, n, pair_parts, feats, window)
        )
        .partitionBy(pair_parts, _identity)
        .mapPartitions(_distinct_codes)
    )

    # 5. Levels and scores; co-traveller evidence when records travel in groups.
    # The tasks' closures read their variables when Spark ships them: ``settings`` changes
    # below, the settings the scores are made with must not.
    settings = batch_settings(settings, n)
    scoring = settings
    estimated: float | None = None
    shift = 0.0
    gain = np.zeros(1, dtype=np.float64)
    if settings.estimate_prior or settings.estimate_fields:
        # The share of matches and the estimated fields' weights, from the histograms of
        # every partition's scores; then the pairs are scored again and moved to them, as
        # the in-process engine moves its scores (``with_batch_estimates``). Scoring twice
        # costs less than keeping two copies of every score, which a local run's default
        # memory cannot hold at a million records.
        combinations = len(joint_level_table(settings))
        histograms = codes.mapPartitions(
            lambda it: _histograms(it, scoring, feats, stats, n, combinations)
        ).fold(np.zeros((combinations, BINS), dtype=np.int64), np.add)
        settings = estimated_settings(settings, histograms)
        if scoring.estimate_prior:
            estimated = settings.prior
        shift, gain = score_shift(scoring, settings)
    scored = codes.mapPartitions(lambda it: _score(it, scoring, feats, stats, n, shift, gain))
    if table.group.any():
        scored = (
            scored.flatMap(lambda s: _group_buckets(s, feats, n, pair_parts))
            .partitionBy(pair_parts, _identity)
            .mapPartitions(lambda it: _cotravel(it, feats, n))
        )
    scored = scored.persist(keep)

    # 6. Clusters: components of linked pairs (and identical records), each clustered whole.
    link = settings.cluster_link
    linked = scored.map(lambda s: s[0][s[2] >= link]).collect()
    links = int(sum(len(x) for x in linked))
    clock.lap("candidate pairs and scores")
    edges = np.concatenate([*linked, np.zeros(0, dtype=np.int64)])
    component = _components(n, edges // n, edges % n, together)
    del linked, edges
    clock.lap("components")
    comp = sc.broadcast((component, together))
    floor = settings.evidence_floor
    roots = np.arange(n, dtype=np.int64)
    for members, got in (
        scored.flatMap(lambda s: _component_buckets(s, floor, comp, n, pair_parts))
        .partitionBy(pair_parts, _identity)
        .mapPartitionsWithIndex(lambda i, it: _cluster(i, it, settings, feats, comp, n, pair_parts))
        .collect()
    ):
        roots[members] = got
    clock.lap("clusters")
    ids = [r.record_id for r in recs]
    clusters = dict(zip(ids, (ids[i] for i in roots.tolist()), strict=True))

    # Review: pairs left in different clusters that a person should look at, best first.
    rts = sc.broadcast(roots)
    tops = scored.map(lambda s: _open_pairs(s, settings, rts, feats, n, review_limit)).collect()
    total = sum(t[0] for t in tops)
    pairs_compared = int(scored.map(lambda s: len(s[0])).sum())
    code = np.concatenate([t[1] for t in tops] + [np.zeros(0, dtype=np.int64)])
    score, field = (np.concatenate([t[k] for t in tops] + [np.zeros(0)]) for k in (2, 3))
    pick = np.lexsort((code, -score))[: max(review_limit, 0)]
    a, b = code[pick] // n, code[pick] % n
    # Levels are not kept per pair (they would be most of the shuffled bytes): worked out
    # again, with the same statistics, for the few pairs explained.
    comparer = Comparer(
        settings, surprisal, name_sets, words=encoder.extra_words, rivals=rivals, records=n
    )
    levels = comparer.levels(table, a, table, b)
    review = explain_pairs(recs, a, b, levels, score[pick], field[pick], settings)
    clock.lap("review")
    for shared in (enc, once, feats, stats, comp, rts):
        shared.unpersist()
    chunks.unpersist()
    features.unpersist()
    scored.unpersist()
    return DedupeResult(
        clusters,
        review,
        pairs_compared,
        links,
        total,
        estimated,
        tuple(settings.field(f) for f in scoring.estimate_fields),
    )


# --- What the tasks run (module functions: Spark pickles them by reference) -----------------


class _Clock:
    """Logs how long each stage took (Spark runs a stage when its result is asked for)."""

    def __init__(self) -> None:
        self.at = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        log.info("spark engine: %s in %.1f s", stage, now - self.at)
        self.at = now


def _identity(key: int) -> int:
    return key


def _row(r: LinkRecord) -> tuple[Any, ...]:
    return (
        r.record_id,
        r.given_name,
        r.family_name,
        r.father_name,
        r.sex,
        r.date_of_birth,
        r.nationality,
        r.other_nationalities,
        r.site,
        r.group_id,
        dict(r.extra),
        r.native_name,
    )


def _record(t: tuple[Any, ...]) -> LinkRecord:
    return LinkRecord(*t)


def _first_seen(
    chunk: tuple[int, list[tuple[Any, ...]]], columns: Sequence[str]
) -> Iterable[tuple[tuple[int, str], int]]:
    """Each vocabulary entry of the chunk and its first position (record * 3 + name part)."""
    start, rows = chunk
    seen: dict[tuple[int, str], int] = {}
    for i, t in enumerate(rows):
        r = _record(t)
        at = (start + i) * 3
        # The encoder reads the parts of a name in this order: given, father's, family.
        for pos, text in enumerate((r.given_name, r.father_name, r.family_name)):
            if text:
                seen.setdefault((_NAME, text), at + pos)
        if r.site:
            seen.setdefault((_SITE, r.site), at)
        if r.group_id:
            seen.setdefault((_GROUP, r.group_id), at)
        for j, column in enumerate(columns):
            value = r.extra.get(column, "")
            if value:
                seen.setdefault((_EXTRA + j, value), at)
    return seen.items()


def _seeded_encoder(firsts: list[tuple[tuple[int, str], int]], columns: Sequence[str]) -> Encoder:
    """An encoder that has seen every value in first-seen order: it gives each record the ids
    the in-process engine's encoder gives it, reading the whole input in order."""
    kinds: dict[int, list[str]] = {}
    for (kind, value), _ in sorted(firsts, key=lambda f: (f[0][0], f[1])):
        kinds.setdefault(kind, []).append(value)
    width = max((len(v) for v in kinds.values()), default=0)

    def at(kind: int, k: int) -> str:
        values = kinds.get(kind, [])
        return values[k] if k < len(values) else ""

    seeds = [
        LinkRecord(
            record_id="",
            given_name=at(_NAME, k),
            site=at(_SITE, k),
            group_id=at(_GROUP, k),
            extra={c: at(_EXTRA + j, k) for j, c in enumerate(columns)},
        )
        for k in range(width)
    ]
    encoder = Encoder(columns)
    encoder.encode(seeds)
    return encoder


def _counted_rows(part: tuple[int, FeatureBlock], once: Any) -> Mask:
    """Which rows of a partition (its first record's index, its features) count in the
    crowds of their names."""
    start, block = part
    counted: Mask = once.value[start : start + len(block)]
    return counted


def _key_counts(part: tuple[int, FeatureBlock], vocabulary: int, once: Any) -> I64:
    loose = part[1].loose[_counted_rows(part, once)]
    return np.bincount(loose[loose >= 0], minlength=vocabulary).astype(np.int64)


def _name_set_counts(part: tuple[int, FeatureBlock], once: Any) -> tuple[I64, I64]:
    counted = _counted_rows(part, once)
    return name_set_counts(part[1].nameset[counted], part[1].year[counted])


def _name_pair_counts(part: tuple[int, FeatureBlock], once: Any) -> tuple[I64, I64]:
    """Each name-pair-and-year hash of the partition and how many of its records hold it."""
    counted = _counted_rows(part, once)
    block = part[1]
    pairs = all_name_pair_years(block.loose[counted], block.year[counted])
    hashes, counts = np.unique(pairs, return_counts=True)
    return hashes, counts.astype(np.int64)


def _counted(counted: RDD[tuple[I64, I64]], parts: int) -> tuple[I64, I64]:
    """The sum over partitions of ``(hashes, counts)``: sorted distinct hashes, their counts.

    Shuffled as arrays, by hash: one object per partition rather than one per distinct hash
    (a national batch has millions of name pairs)."""
    summed = (
        counted.flatMap(lambda c: _hash_buckets(c, parts))
        .partitionBy(parts, _identity)
        .mapPartitions(_summed_counts)
        .collect()
    )
    hashes = np.concatenate([h for h, _ in summed] + [np.zeros(0, dtype=np.int64)])
    counts = np.concatenate([c for _, c in summed] + [np.zeros(0, dtype=np.int64)])
    order = np.argsort(hashes, kind="stable")
    return hashes[order], counts[order]


def _hash_buckets(counted: tuple[I64, I64], parts: int) -> Iterator[tuple[int, tuple[I64, I64]]]:
    hashes, counts = counted
    dest = np.mod(hashes, parts)
    for p in np.unique(dest).tolist():
        mine = dest == p
        yield p, (hashes[mine], counts[mine])


def _summed_counts(items: Iterable[tuple[int, tuple[I64, I64]]]) -> Iterator[tuple[I64, I64]]:
    got = [x for _, x in items]
    if not got:
        return
    hashes, inverse = np.unique(np.concatenate([g[0] for g in got]), return_inverse=True)
    counts = np.zeros(len(hashes), dtype=np.int64)
    np.add.at(counts, inverse.ravel(), np.concatenate([g[1] for g in got]))
    yield hashes, counts


def _concat(blocks: list[FeatureBlock]) -> FeatureBlock:
    return FeatureBlock(
        **{
            name: np.concatenate([getattr(b, name) for b in blocks])
            for name in FeatureBlock.__dataclass_fields__
        }
    )


def _block_buckets(
    item: tuple[int, FeatureBlock], rules: Sequence[str], extra_at: dict[str, int], parts: int
) -> Iterator[tuple[int, tuple[int, I64, I64]]]:
    """``(partition, (rule, rows, block ids))``: a block's entries all go to one partition."""
    start, block = item
    for k, rule in enumerate(rules):
        rows, ids = block_entries(block, rule, k, extra_at)
        dest = np.mod(ids, parts)
        for p in np.unique(dest).tolist():
            mine = dest == p
            yield p, (k, rows[mine] + start, ids[mine])


def _pairs_of_blocks(
    items: Iterable[tuple[int, tuple[int, I64, I64]]],
    rules: int,
    cap: int,
    n: int,
    parts: int,
    feats: Any,
    window: int,
) -> Iterator[tuple[int, I64]]:
    """The pair codes of this partition's blocks, rule by rule as the in-process engine
    (oversized blocks give neighbours by birth date when ``window`` asks for them)."""
    order_key = birth_order(feats.value) if window > 0 else None
    rows: list[list[I64]] = [[] for _ in range(rules)]
    ids: list[list[I64]] = [[] for _ in range(rules)]
    for _, (k, r, i) in items:
        rows[k].append(r)
        ids[k].append(i)
    found: list[I64] = []
    for k in range(rules):
        if not rows[k]:
            continue
        got = pairs_in_blocks(
            np.concatenate(rows[k]), np.concatenate(ids[k]), cap, order_key, window
        )
        for a, b in got:
            keep = a != b
            found.append(a[keep] * n + b[keep])
    if not found:
        return
    code = np.concatenate(found)
    dest = code % parts
    for p in np.unique(dest).tolist():
        yield p, code[dest == p]


def _distinct_codes(items: Iterable[tuple[int, I64]]) -> Iterator[I64]:
    got = [c for _, c in items]
    if not got:
        return
    code = np.concatenate(got)
    code.sort()
    yield code[np.r_[True, code[1:] != code[:-1]]]


def _scored_pairs(
    items: Iterable[I64], settings: LinkSettings, feats: Any, stats: Any, n: int
) -> Iterator[tuple[I64, F64, npt.NDArray[np.uint8]]]:
    """``(codes, scores, joint levels of the estimated fields)`` of each chunk of a
    partition's pair codes, scored with the batch-wide statistics."""
    table: FeatureBlock = feats.value
    surprisal, name_sets, words, rivals = stats.value
    comparer = Comparer(settings, surprisal, name_sets, words=words, rivals=rivals, records=n)
    for code in items:
        a, b = code // n, code % n
        scores = comparer.scores(comparer.levels(table, a, table, b))
        yield code, scores, comparer.joint_levels(table, a, table, b)


def _score(
    items: Iterable[I64],
    settings: LinkSettings,
    feats: Any,
    stats: Any,
    n: int,
    shift: float = 0.0,
    gain: F64 | None = None,
) -> Iterator[tuple[I64, F64, F64]]:
    """``(codes, field scores, scores)`` of each partition, sorted by code; ``shift``, then
    the gain of each pair's estimated fields' levels, added to every score as the in-process
    engine adds them (``with_batch_estimates``)."""
    for code, scores, joint in _scored_pairs(items, settings, feats, stats, n):
        if shift:
            scores += shift
        if settings.estimate_fields and gain is not None:
            scores += gain[joint]
        yield code, scores, scores


def _histograms(
    items: Iterable[I64],
    settings: LinkSettings,
    feats: Any,
    stats: Any,
    n: int,
    combinations: int,
) -> Iterator[I64]:
    """The histograms of a partition's scores by the estimated fields' levels (see
    :func:`~mixflow.identity.linkage.share.score_histogram`)."""
    for _, scores, joint in _scored_pairs(items, settings, feats, stats, n):
        yield score_histogram(scores, settings.prior, joint, combinations)


def _group_buckets(
    scored: tuple[I64, F64, F64], feats: Any, n: int, parts: int
) -> Iterator[tuple[int, tuple[I64, F64]]]:
    """Pairs between two travel groups go to one partition per pair of groups."""
    code, field, _ = scored
    group = feats.value.group.astype(np.int64)
    ga, gb = group[code // n], group[code % n]
    between = (ga > 0) & (gb > 0) & (ga != gb)
    key = np.where(between, np.minimum(ga, gb) * (1 << 31) + np.maximum(ga, gb), code)
    dest = key % parts
    for p in np.unique(dest).tolist():
        mine = dest == p
        yield p, (code[mine], field[mine])


def _cotravel(
    items: Iterable[tuple[int, tuple[I64, F64]]], feats: Any, n: int
) -> Iterator[tuple[I64, F64, F64]]:
    got = [x for _, x in items]
    if not got:
        return
    code = np.concatenate([g[0] for g in got])
    order = np.argsort(code, kind="stable")  # code order: the in-process tie-break
    code = code[order]
    field = np.concatenate([g[1] for g in got])[order]
    # The whole group column: group sizes are counted over every record.
    scores = cotraveller_scores(feats.value.group, code // n, code % n, field)
    yield code, field, scores


def _identical(item: tuple[tuple[object, ...], Iterable[int]]) -> Iterator[tuple[int, int]]:
    rows = sorted(item[1])
    if not identical_together(len(rows)):
        return
    for other in rows[1:]:
        yield rows[0], other


def _components(n: int, a: I64, b: I64, together: tuple[I64, I64]) -> I64:
    """The smallest record index of each record's connected component."""
    left = np.concatenate([a, together[0]])
    right = np.concatenate([b, together[1]])
    label = np.arange(n, dtype=np.int64)
    while True:
        low = np.minimum(label[left], label[right])
        before = label.copy()
        np.minimum.at(label, left, low)
        np.minimum.at(label, right, low)
        while True:  # pointer jumping: every record straight to its current label's label
            jumped = label[label]
            if np.array_equal(jumped, label):
                break
            label = jumped
        if np.array_equal(before, label):
            return label


def _component_buckets(
    scored: tuple[I64, F64, F64], floor: float, comp: Any, n: int, parts: int
) -> Iterator[tuple[int, tuple[I64, F64]]]:
    """Pairs at or over the clustering's floor, within one component, to that component's
    partition (a cluster only ever consults pairs inside its component; the others count
    as the floor)."""
    code, _, scores = scored
    component = comp.value[0]
    ca, cb = component[code // n], component[code % n]
    keep = (scores >= floor) & (ca == cb)
    code, scores, ca = code[keep], scores[keep], ca[keep]
    dest = ca % parts
    for p in np.unique(dest).tolist():
        mine = dest == p
        yield p, (code[mine], scores[mine])


def _cluster(
    index: int,
    items: Iterable[tuple[int, tuple[I64, F64]]],
    settings: LinkSettings,
    feats: Any,
    comp: Any,
    n: int,
    parts: int,
) -> Iterator[tuple[I64, I64]]:
    """This partition's components, clustered in one call: the greedy joins of one
    component never touch another, and pair order is kept (code order within a score)."""
    component, (same_a, same_b) = comp.value
    got = [x for _, x in items]
    code = np.concatenate([g[0] for g in got] + [np.zeros(0, dtype=np.int64)])
    scores = np.concatenate([g[1] for g in got] + [np.zeros(0, dtype=np.float64)])
    order = np.argsort(code, kind="stable")
    code, scores = code[order], scores[order]
    mine = component[same_a] % parts == index
    same_a, same_b = same_a[mine], same_b[mine]
    if len(code) == 0 and len(same_a) == 0:
        return
    a, b = code // n, code % n
    members = np.unique(np.concatenate([a, b, same_a, same_b]))
    table: FeatureBlock = feats.value
    local = cluster_scored(
        table.group[members],
        table.sex[members],
        table.year[members],
        np.searchsorted(members, a),
        np.searchsorted(members, b),
        scores,
        settings,
        (np.searchsorted(members, same_a), np.searchsorted(members, same_b)),
    )
    yield members, members[local]


def _open_pairs(
    scored: tuple[I64, F64, F64],
    settings: LinkSettings,
    roots: Any,
    feats: Any,
    n: int,
    limit: int,
) -> tuple[int, I64, F64, F64]:
    """How many pairs of the partition are left for review (:func:`left_for_review`, as the
    in-process engine picks them), and the best ``limit`` of them."""
    code, field, scores = scored
    table: FeatureBlock = feats.value
    guard = cluster_guard(table.group, table.sex, table.year, settings)
    at = np.flatnonzero(left_for_review(code // n, code % n, scores, roots.value, settings, guard))
    best = at[np.lexsort((code[at], -scores[at]))][: max(limit, 0)]
    return len(at), code[best], scores[best], field[best]
