"""Horizontal bar charts as SVG, drawn on the server: the same markup in the portal, the HTML
report and the PDF (no script, no inline style, nothing fetched)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

BAR = "#1d5d8f"
HIDDEN = "#b8c2cc"
TEXT = "#1b1f24"
FONTS = "Mixflow Sans, Mixflow Arabic, Mixflow Ethiopic, sans-serif"
"""The report's shipped fonts (static/flows/report.css), so that names in any script draw."""


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | None
    """``None``: suppressed by disclosure control (drawn as a hatched stub, no number)."""


def bar_chart(bars: list[Bar], *, title: str, suppressed_text: str, width: int = 640) -> str:
    row = 26
    label_width = 220
    number_width = 70
    plot = width - label_width - number_width
    height = row * len(bars) + 16
    top = max((b.value or 0 for b in bars), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{width}"'
        f' height="{height}" viewBox="0 0 {width} {height}" aria-label="{escape(title)}"'
        f' font-family="{FONTS}">',
        f"<title>{escape(title)}</title>",
    ]
    for i, bar in enumerate(bars):
        y = 8 + i * row
        label = bar.label if len(bar.label) <= 34 else bar.label[:33] + "…"
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 16}" text-anchor="end" font-size="13"'
            f' fill="{TEXT}">{escape(label)}</text>'
        )
        if bar.value is None:
            parts.append(
                f'<rect x="{label_width}" y="{y + 4}" width="18" height="16" fill="{HIDDEN}"/>'
                f'<text x="{label_width + 26}" y="{y + 16}" font-size="12" fill="{TEXT}">'
                f"{escape(suppressed_text)}</text>"
            )
            continue
        length = max(1, round(plot * bar.value / top)) if bar.value else 0
        number = f"{bar.value:,}".replace(",", "\u202f")
        parts.append(
            f'<rect x="{label_width}" y="{y + 4}" width="{length}" height="16" fill="{BAR}"/>'
            f'<text x="{label_width + length + 6}" y="{y + 16}" font-size="13"'
            f' fill="{TEXT}">{number}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
