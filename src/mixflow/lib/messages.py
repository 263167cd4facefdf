"""Messages written below the layers that translate them.

The matcher (``identity.linkage``) runs without Django, on a Spark worker as in the CLI: its
messages to a user are marked here for the catalogues and translated by the layer that shows
them, from the template and the values an error carries (``InputError.template``).
"""

from __future__ import annotations

__all__ = ["gettext_noop"]


def gettext_noop(message: str) -> str:
    """``message`` unchanged; ``makemessages`` reads this name and puts it in the catalogues."""
    return message
