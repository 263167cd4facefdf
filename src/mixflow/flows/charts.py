"""Horizontal bar charts as plain HTML and CSS: the same markup in the portal, the HTML report
and the PDF. HTML rather than SVG because names in Arabic need the bidirectional layout of
the page itself (WeasyPrint lays out SVG text left to right), and no inline style: widths are
classes (``w0`` … ``w100``, static/flows/bars.css), which the Content-Security-Policy allows.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | None
    """``None``: suppressed by disclosure control (drawn as a grey stub, no number)."""


def _number(value: int) -> str:
    return f"{value:,}".replace(",", "\u202f")


def bar_chart(bars: list[Bar], *, title: str, suppressed_text: str) -> str:
    top = max((b.value or 0 for b in bars), default=0) or 1
    rows = []
    for bar in bars:
        label = f'<span class="bar-label" dir="auto">{escape(bar.label)}</span>'
        if bar.value is None:
            body = (
                '<span class="bar hidden"></span>'
                f'<span class="bar-value muted">{escape(suppressed_text)}</span>'
            )
        else:
            width = round(85 * bar.value / top)
            body = (
                f'<span class="bar w{width}"></span>'
                f'<span class="bar-value">{_number(bar.value)}</span>'
            )
        rows.append(f'<div class="bar-row">{label}<span class="bar-track">{body}</span></div>')
    return f'<figure class="bars" role="img" aria-label="{escape(title)}">{"".join(rows)}</figure>'


def width_classes() -> str:
    """The stylesheet of bar widths (written once into static/flows/bars.css)."""
    return "\n".join(f".bar.w{i} {{ width: {i}%; }}" for i in range(101))
