"""Statistical disclosure control: the one gate every published figure goes through.

Django-free on purpose: the same code protects a publication prepared on the web, a report
written by the command line and a table checked by a property test. ``protect`` takes a
``Table`` (interior counts; its margins and hierarchical totals are derived here, so that no
caller can publish a total the suppression did not see) and a ``Policy``, and returns a
``ProtectedTable`` whose suppressed cells carry no value. Only ``protect`` makes a
``ProtectedTable``: exports accept nothing else.
"""

from mixflow.flows.disclosure.ledger import Ledger, PublishedCell
from mixflow.flows.disclosure.policy import (
    GEOGRAPHY_LEVELS,
    TIME_LEVELS,
    Policy,
    TooFine,
)
from mixflow.flows.disclosure.protect import GATE_MARK, ProtectedCell, ProtectedTable, protect
from mixflow.flows.disclosure.table import TOTAL, Table

__all__ = [
    "GATE_MARK",
    "GEOGRAPHY_LEVELS",
    "TIME_LEVELS",
    "TOTAL",
    "Ledger",
    "Policy",
    "ProtectedCell",
    "ProtectedTable",
    "PublishedCell",
    "Table",
    "TooFine",
    "protect",
]
