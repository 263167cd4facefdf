"""Reading bulk-import files: spreadsheets and survey exports become streamed rows.

Django-free apart from ``gettext_lazy`` markers: ``readers.open_table`` detects the format and
encoding from the content, ``columns`` proposes a column → question mapping, ``cells`` checks
each cell, ``fingerprint`` gives a row its stable identity. Nothing here drops or silently
changes a row: problems are attached to the row for the importer to quarantine.
"""
