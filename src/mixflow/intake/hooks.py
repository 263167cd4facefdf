"""What higher layers want to hear when intake writes: encounters written, flow counts
written or corrected.

``flows`` keeps its aggregate tables up to date from here; intake sits below it and must not
import it, so ``flows`` registers its listener at start-up (``AppConfig.ready``). Listeners run
inside the writing transaction: a failure undoes the write, and the aggregates never disagree
with the encounters.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

EncounterListener = Callable[[list[int]], None]
_encounter_listeners: list[EncounterListener] = []


def on_encounters_written(listener: EncounterListener) -> None:
    if listener not in _encounter_listeners:
        _encounter_listeners.append(listener)


def encounters_written(encounter_ids: Iterable[int]) -> None:
    ids = list(encounter_ids)
    if not ids:
        return
    for listener in _encounter_listeners:
        listener(ids)


FlowCountListener = Callable[[list[int]], None]
_flow_count_listeners: list[FlowCountListener] = []


def on_flow_counts_written(listener: FlowCountListener) -> None:
    if listener not in _flow_count_listeners:
        _flow_count_listeners.append(listener)


def flow_counts_written(flow_count_ids: Iterable[int]) -> None:
    """Flow counts were recorded, imported or corrected (ids of the rows written)."""
    ids = list(flow_count_ids)
    if not ids:
        return
    for listener in _flow_count_listeners:
        listener(ids)
