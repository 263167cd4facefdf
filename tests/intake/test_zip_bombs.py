"""Workbooks are checked for what they unpack to before anything reads them: an XLSForm or an
import file built to inflate to hundreds of megabytes is refused at once, with a clear message
in the uploader's language, and ordinary workbooks pass."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.utils import translation

from mixflow.core.language import said
from mixflow.intake.importing.errors import ImportFileError
from mixflow.intake.importing.readers import open_table
from mixflow.intake.xlsform.parse import FormError, load_xlsform
from mixflow.lib.archives import ArchiveTooLarge, check_unpacked_size

CORPUS = Path(__file__).parent / "xlsform" / "corpus"
MB = 1024 * 1024


def _bomb(unpacked_mb: int) -> bytes:
    """A workbook's parts, with a first sheet of ``unpacked_mb`` MB of blanks (packed about a
    thousand times smaller): built here, never committed."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            blanks = b" " * MB
            for _ in range(unpacked_mb):
                sheet.write(blanks)
    return out.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return _bomb(256)


def test_the_bomb_is_small_and_declares_what_it_unpacks_to(bomb: bytes) -> None:
    assert len(bomb) < 3 * MB
    with pytest.raises(ArchiveTooLarge) as refused:
        check_unpacked_size(bomb, max_total=1024 * MB)
    assert refused.value.reason == "ratio"
    with pytest.raises(ArchiveTooLarge) as refused:
        check_unpacked_size(bomb, max_total=100 * MB, max_ratio=10_000)
    assert refused.value.reason == "total"


def test_every_real_workbook_of_the_corpus_passes() -> None:
    workbooks = sorted(CORPUS.glob("*.xlsx"))
    assert workbooks
    for path in workbooks:
        assert check_unpacked_size(path, max_total=100 * MB) > 0, path.name


def test_an_xlsform_bomb_is_refused_before_reading_in_the_uploaders_language(
    bomb: bytes,
) -> None:
    with pytest.raises(FormError) as refused:
        load_xlsform(bomb, "form.xlsx")
    assert "unpacks to more than 100 MB" in str(refused.value)
    with translation.override("fr"), pytest.raises(FormError) as refused:
        load_xlsform(bomb, "form.xlsx")
    assert "se décompresse en plus de 100 Mo" in str(refused.value)


def test_an_import_bomb_is_refused_before_reading(bomb: bytes, tmp_path: Path) -> None:
    path = tmp_path / "people.xlsx"
    path.write_bytes(bomb)
    with pytest.raises(ImportFileError) as refused:
        open_table(path, "people.xlsx")
    assert refused.value.code == "too_large"
    message = refused.value.message
    assert "zip bomb" in said(message.template, message.params)
    with translation.override("es"):
        assert "bomba zip" in said(message.template, message.params)
