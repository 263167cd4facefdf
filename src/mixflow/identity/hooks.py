"""What higher layers want to hear when identity changes who a record is: records moved
between identities (linked, split, undone, linked in a batch, given their first identity).

``flows`` counts people through each record's identity in its aggregate tables; identity sits
below it and must not import it, so ``flows`` registers its listener at start-up
(``AppConfig.ready``), as it does with ``intake.hooks``. Listeners run inside the moving
transaction: a failure undoes the move, and people counts never disagree with the links.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

PersonsListener = Callable[[list[int]], None]
_persons_listeners: list[PersonsListener] = []


def on_persons_relinked(listener: PersonsListener) -> None:
    if listener not in _persons_listeners:
        _persons_listeners.append(listener)


def persons_relinked(person_ids: Iterable[int]) -> None:
    ids = sorted(set(person_ids))
    if not ids:
        return
    for listener in _persons_listeners:
        listener(ids)
