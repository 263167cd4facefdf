"""Progress bars in the terminal (quiet when output is not a terminal, as in CI)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from mixflow.cli.language import gettext as _
from mixflow.cli.language import ngettext, number


@contextmanager
def counting_progress(label: str, total: int) -> Iterator[Callable[[int], None]]:
    """A bar to ``total``; yields a callback taking the count done so far."""
    with Progress(
        TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), transient=True
    ) as progress:
        task = progress.add_task(label, total=total)
        yield lambda done: progress.update(task, completed=done)


def _stage_name(stage: str) -> str:
    """What ``testing.load`` calls its stages, in the command's language."""
    names = {
        # A "person" row is one registration record; the README counts people as the humans.
        "persons": _("registration records"),
        "groups": _("groups"),
        "encounters": _("encounters"),
        "flow counts": _("flow counts"),
        "consents": _("consents"),
    }
    return names.get(stage, stage)


@contextmanager
def stage_progress(label: str) -> Iterator[Callable[[str, int], None]]:
    """A spinner per stage; yields a callback taking (stage, rows done).

    ``label`` names the stage with ``%(stage)s``: ``_("Loading %(stage)s")``."""
    with Progress(
        TextColumn("{task.description}"),
        TextColumn("{task.fields[rows]}"),
        TimeElapsedColumn(),
        transient=True,
    ) as progress:
        tasks: dict[str, object] = {}

        def advance(stage: str, done: int) -> None:
            rows = ngettext("%(count)s row", "%(count)s rows", done) % {"count": number(done)}
            if stage not in tasks:
                description = label % {"stage": _stage_name(stage)}
                tasks[stage] = progress.add_task(description, total=None, rows=rows)
            progress.update(tasks[stage], completed=done, rows=rows)  # type: ignore[arg-type]

        yield advance
