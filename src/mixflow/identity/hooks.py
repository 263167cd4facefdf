"""What higher layers want to hear when identity changes a person as the aggregates count it:
records moved between identities (linked, split, undone, linked in a batch, given their first
identity), or a rectified sex, year of birth or nationality.

``flows`` counts people through each record's identity in its aggregate tables; identity sits
below it and must not import it, so ``flows`` registers its listener at start-up
(``AppConfig.ready``), as it does with ``intake.hooks``. Listeners run inside the writing
transaction: a failure undoes the change, and people counts never disagree with the records.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

PersonsListener = Callable[[list[int]], None]
_listeners: list[PersonsListener] = []


def on_persons_changed(listener: PersonsListener) -> None:
    if listener not in _listeners:
        _listeners.append(listener)


def persons_changed(person_ids: Iterable[int]) -> None:
    ids = sorted(set(person_ids))
    if not ids:
        return
    for listener in _listeners:
        listener(ids)
