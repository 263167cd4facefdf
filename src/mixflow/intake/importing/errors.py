"""What goes wrong while reading: a file that cannot be read at all, or a message about a cell.

Messages are lazy (translated when shown, in the reader's language) and keep their parameters
apart, so that ``str(message)`` formats them in whatever language is active at that moment.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from mixflow.intake.said import Said, said_with


@dataclass(frozen=True)
class Message:
    """A translatable text with its parameters; ``str()`` renders it in the active language."""

    template: Any
    """a ``gettext_lazy`` string with ``%(name)s`` placeholders."""
    params: Mapping[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        text = str(self.template)
        if not self.params:
            return text
        return text % {key: str(value) for key, value in self.params.items()}

    def said(self) -> Said:
        """The message in the active language, remembering how to say it again."""
        return said_with(self.template, self.params)


class ImportFileError(Exception):
    """The file cannot be read at all; nothing of it should be imported.

    ``code`` is stable (for tests and logic), ``message`` is for people.
    """

    def __init__(self, code: str, message: Message) -> None:
        super().__init__(str(code))
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"
