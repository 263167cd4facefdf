"""What higher layers want to hear when identity changes a person: the sex, year of birth or
nationality that aggregates count changed. ``flows`` registers its listener at start-up
(identity sits below it); listeners run inside the writing transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable

PersonsListener = Callable[[list[int]], None]
_listeners: list[PersonsListener] = []


def on_persons_changed(listener: PersonsListener) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def persons_changed(person_ids: Iterable[int]) -> None:
    ids = list(person_ids)
    if not ids:
        return
    for listener in _listeners:
        listener(ids)
