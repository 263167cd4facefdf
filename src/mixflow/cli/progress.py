"""Progress bars in the terminal (quiet when output is not a terminal, as in CI)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


@contextmanager
def counting_progress(label: str, total: int) -> Iterator[Callable[[int], None]]:
    """A bar to ``total``; yields a callback taking the count done so far."""
    with Progress(
        TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), transient=True
    ) as progress:
        task = progress.add_task(label, total=total)
        yield lambda done: progress.update(task, completed=done)


@contextmanager
def stage_progress(label: str) -> Iterator[Callable[[str, int], None]]:
    """A spinner per stage; yields a callback taking (stage, rows done)."""
    with Progress(
        TextColumn("{task.description}"),
        TextColumn("{task.completed:,} rows"),
        TimeElapsedColumn(),
        transient=True,
    ) as progress:
        tasks: dict[str, object] = {}

        def advance(stage: str, done: int) -> None:
            if stage not in tasks:
                tasks[stage] = progress.add_task(f"{label} {stage}", total=None)
            progress.update(tasks[stage], completed=done)  # type: ignore[arg-type]

        yield advance
