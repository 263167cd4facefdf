"""Which text encoding a file is in: byte-order mark, then strict UTF-8, then charset-normalizer.

The whole file is checked against the chosen encoding (streamed, in blocks), so a stray
Windows-1252 byte on row 900 000 cannot make the import fail half way or decode as garbage:
a file that is not valid UTF-8 everywhere is read in the legacy encoding that fits it everywhere.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from charset_normalizer import from_bytes

from mixflow.intake.importing.errors import ImportFileError
from mixflow.lib.messages import Message, gettext_noop

SAMPLE_BYTES = 256 * 1024
BLOCK_BYTES = 1024 * 1024

# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Legacy encodings worth trying when charset-normalizer is unsure, most common first; latin-1
# decodes any byte, so it is the last resort rather than an error.
FALLBACKS = ("cp1252", "latin-1")


def bom_encoding(head: bytes) -> str | None:
    for bom, name in BOMS:
        if head.startswith(bom):
            return name
    return None


def unmarked_utf16(sample: bytes) -> str | None:
    """UTF-16 without a byte-order mark, told by the zero byte of every ASCII character."""
    sample = sample[: len(sample) // 2 * 2][:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.6 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.6 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def decodes_entirely(path: Path, encoding: str) -> int | None:
    """None when the whole file decodes; otherwise the 1-based line where it stops decoding."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    line = 1
    with path.open("rb") as source:
        while block := source.read(BLOCK_BYTES):
            try:
                text = decoder.decode(block)
            except UnicodeDecodeError as exc:
                return line + block[: exc.start].count(b"\n")
            line += text.count("\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return line
    return None


def detect_encoding(path: Path, sample: bytes) -> str:
    """The encoding to read ``path`` with (a Python codec name); ``sample`` is its first bytes."""
    marked = bom_encoding(sample)
    if marked:
        failed_at = decodes_entirely(path, marked)
        if failed_at is not None:
            raise ImportFileError(
                "encoding",
                Message(
                    gettext_noop(
                        "This file says it is %(encoding)s but line %(line)s is not: the file "
                        "may be damaged. Save it again as UTF-8 CSV."
                    ),
                    {"encoding": marked.upper(), "line": failed_at},
                ),
            )
        return marked
    unmarked = unmarked_utf16(sample)
    if unmarked and decodes_entirely(path, unmarked) is None:
        return unmarked
    if decodes_entirely(path, "utf-8") is None:
        return "utf-8"
    candidates: list[str] = []
    if reads_as_western(sample):
        candidates.append("cp1252")
    best = from_bytes(sample).best()
    if best is not None and best.encoding not in ("utf_8", "ascii"):
        candidates.append(codecs.lookup(best.encoding).name)
    candidates.extend(name for name in FALLBACKS if name not in candidates)
    for name in candidates:
        if decodes_entirely(path, name) is None:
            return normalise_name(name)
    raise ImportFileError(  # pragma: no cover - latin-1 decodes every byte
        "encoding",
        Message(gettext_noop("The text encoding of this file could not be recognised.")),
    )


_WESTERN_EXTRA = frozenset("ŒœŠšŽžŸ’‘“”–—…€«»°·ªº¿¡ßµ")
_RUN = re.compile(r"[^\x00-\x7f]{3,}")


def reads_as_western(sample: bytes) -> bool:
    """Does the sample read as Windows-1252 text in a Latin-script language?

    charset-normalizer guesses badly on short Western text ("Zoé,Hernández" comes out as
    cp1250 or even Urdu cp1006), and Windows-1252 is by far the most common legacy encoding
    of spreadsheets exported in Europe, Africa and the Americas. Its decoding is trusted when
    the non-ASCII characters are Latin letters or typographic marks scattered inside words;
    other scripts (Arabic cp1256, Cyrillic cp1251) come out as long runs of accented capitals.
    """
    text = sample.decode("cp1252", errors="replace")
    foreign = [c for c in text if ord(c) > 0x7F]
    if not foreign:
        return True
    plausible = sum(
        1 for c in foreign if (c.isalpha() and "\u00c0" <= c <= "\u024f") or c in _WESTERN_EXTRA
    )
    in_runs = sum(len(run) for run in _RUN.findall(text))
    return plausible >= 0.9 * len(foreign) and in_runs <= 0.3 * len(foreign)


def normalise_name(name: str) -> str:
    """Python's codec name in the form people see it: "cp1252", "latin-1", "utf-16"."""
    canonical = codecs.lookup(name).name
    return {"iso8859-1": "latin-1"}.get(canonical, canonical)
