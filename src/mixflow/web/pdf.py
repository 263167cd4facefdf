"""HTML to PDF with WeasyPrint and the fonts and stylesheet shipped for the flow monitoring
report (``flows/static/flows``), so a PDF never depends on the machine's fonts."""

from __future__ import annotations

from mixflow.flows.reports import STATIC


def html_to_pdf(html: str) -> bytes:
    from weasyprint import CSS, HTML  # imported on use: Pango loads with it
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()  # without it, @font-face rules are ignored
    stylesheet = CSS(filename=str(STATIC / "report.css"), font_config=fonts)
    document = HTML(string=html, base_url=str(STATIC) + "/")
    pdf: bytes = document.write_pdf(stylesheets=[stylesheet], font_config=fonts)
    return pdf
