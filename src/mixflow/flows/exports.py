"""Protected tables as files: CSV and XLSX with an HXL hashtag row, and Parquet.

Each writer accepts only a ``ProtectedTable`` (made by the gate) and stamps the gate's mark
where the format has room for it (XLSX properties, Parquet metadata); the HTTP responses carry
it as a header.
"""

from __future__ import annotations

import csv
import io

import pyarrow as pa
import pyarrow.parquet as pq
from django.utils.translation import gettext as _
from openpyxl import Workbook  # type: ignore[import-untyped]

from mixflow.flows import gate
from mixflow.flows.disclosure import ProtectedTable
from mixflow.flows.labels import (
    COUNTRY_TAG,
    HXL,
    PERIOD_TAG,
    STATUS_TAG,
    VALUE_TAG,
    dimension_label,
    value_label,
)


def _rows(table: ProtectedTable, country: str, period: str) -> list[list[str]]:
    if not isinstance(table, ProtectedTable):
        raise TypeError("only tables protected by flows.disclosure may be exported")
    header = [
        _("Country"),
        _("Period"),
        *(dimension_label(d) for d in table.dimensions),
        *(f"{dimension_label(d)} ({_('code')})" for d in table.dimensions),
        _("Count"),
        _("Disclosure control"),
    ]
    tags = [
        COUNTRY_TAG,
        PERIOD_TAG,
        *(HXL.get(d, "#meta") + "+name" for d in table.dimensions),
        *(HXL.get(d, "#meta") for d in table.dimensions),
        VALUE_TAG,
        STATUS_TAG,
    ]
    body = [
        [
            country,
            period,
            *(value_label(d, v) for d, v in zip(table.dimensions, cell.key, strict=True)),
            *cell.key,
            "" if cell.value is None else str(cell.value),
            cell.status,
        ]
        for cell in table.cells
    ]
    return [header, tags, *body]


def to_csv(table: ProtectedTable, country: str, period: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(_rows(table, country, period))
    return buffer.getvalue()


def to_xlsx(table: ProtectedTable, country: str, period: str) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = table.name[:31]
    for row in _rows(table, country, period):
        sheet.append(row)
    book.properties.subject = gate.mark(table.policy)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def to_parquet(table: ProtectedTable, country: str, period: str) -> bytes:
    if not isinstance(table, ProtectedTable):
        raise TypeError("only tables protected by flows.disclosure may be exported")
    columns: dict[str, list[object]] = {"country": [], "period": []}
    for d in table.dimensions:
        columns[d] = []
    columns["count"] = []
    columns["disclosure"] = []
    for cell in table.cells:
        columns["country"].append(country)
        columns["period"].append(period)
        for d, v in zip(table.dimensions, cell.key, strict=True):
            columns[d].append(v)
        columns["count"].append(cell.value)
        columns["disclosure"].append(cell.status)
    arrow = pa.table(
        {
            k: pa.array(v, type=pa.int64() if k == "count" else pa.string())
            for k, v in columns.items()
        }
    )
    arrow = arrow.replace_schema_metadata({b"mixflow.disclosure": gate.mark(table.policy).encode()})
    buffer = io.BytesIO()
    pq.write_table(arrow, buffer)
    return buffer.getvalue()
