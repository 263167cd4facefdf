"""What goes wrong while reading: a file that cannot be read at all.

Its message, like a message about a cell, is a :class:`mixflow.lib.messages.Message`: the
template (marked with ``gettext_noop``) and its values, said in the reader's language by the
layer that shows it (``intake.said.said_with``, ``core.language.said``, ``cli.language.said``).
"""

from __future__ import annotations

from mixflow.lib.messages import Message


class ImportFileError(Exception):
    """The file cannot be read at all; nothing of it should be imported.

    ``code`` is stable (for tests and logic), ``message`` is for people; ``str()`` is English
    (for logs).
    """

    def __init__(self, code: str, message: Message) -> None:
        super().__init__(str(code))
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"
