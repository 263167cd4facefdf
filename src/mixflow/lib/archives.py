"""Zip archives (XLSX workbooks, XLSForms) checked for what they unpack to, before reading.

A "zip bomb" is a small file whose members unpack to gigabytes: openpyxl and pyxform would
inflate it in memory. A zip archive declares each member's uncompressed size in its central
directory, and Python's ``zipfile`` never inflates a member beyond the size it declares, so
checking the declared sizes before anything is read bounds what reading can cost. Refused: more
than ``max_total`` bytes in all, or a member of more than 1 MB that unpacks to more than
``max_ratio`` times its compressed size (real workbooks stay under 30 times; bombs are in the
thousands). Django-free: :attr:`ArchiveTooLarge.message` says why, for the layer that shows it
to say in the user's language.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from mixflow.lib.messages import Message, gettext_noop

MAX_RATIO = 200
"""Uncompressed / compressed size above which a member is refused (when larger than 1 MB)."""
RATIO_APPLIES_ABOVE = 1024 * 1024
MAX_MEMBERS = 10_000


@dataclass
class ArchiveTooLarge(ValueError):
    """The archive would unpack to too much: ``reason`` is ``"total"``, ``"ratio"`` or
    ``"members"``."""

    reason: str
    unpacked: int
    limit: int
    member: str = ""

    def __str__(self) -> str:
        if self.reason == "ratio":
            return (
                f"member {self.member!r} unpacks to {self.unpacked:,} bytes, more than "
                f"{self.limit} times its packed size"
            )
        if self.reason == "members":
            return f"{self.unpacked:,} members, more than {self.limit:,}"
        return f"unpacks to {self.unpacked:,} bytes, more than {self.limit:,}"

    @property
    def message(self) -> Message:
        """Why the workbook is not read, to say in the language of whoever reads it."""
        if self.reason == "total":
            return Message(
                gettext_noop(
                    "This workbook unpacks to more than %(limit)s MB, too much to read safely. "
                    "Split it into smaller files."
                ),
                {"limit": self.limit // (1024 * 1024)},
            )
        return Message(
            gettext_noop(
                "This workbook is built to unpack to far more than its own size (a “zip bomb”), "
                "so it is not read."
            )
        )


def check_unpacked_size(
    source: Path | bytes | IO[bytes], *, max_total: int, max_ratio: float = MAX_RATIO
) -> int:
    """Raise :class:`ArchiveTooLarge` if the zip archive ``source`` declares more than
    ``max_total`` unpacked bytes, or a member inflating more than ``max_ratio`` times; return
    the total declared. ``zipfile.BadZipFile`` propagates (callers already say "damaged")."""
    opened: Path | IO[bytes] = io.BytesIO(source) if isinstance(source, bytes) else source
    with zipfile.ZipFile(opened) as archive:
        members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise ArchiveTooLarge("members", len(members), MAX_MEMBERS)
    total = 0
    for member in members:
        total += member.file_size
        if total > max_total:
            raise ArchiveTooLarge("total", total, max_total)
        if member.file_size > RATIO_APPLIES_ABOVE and member.file_size > max_ratio * max(
            member.compress_size, 1
        ):
            raise ArchiveTooLarge("ratio", member.file_size, int(max_ratio), member.filename)
    return total
