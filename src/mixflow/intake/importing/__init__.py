"""Reading bulk-import files: spreadsheets and survey exports become streamed rows.

Django-free (its messages are :class:`mixflow.lib.messages.Message`, said in the reader's
language by the layer that shows them): ``readers.open_table`` detects the format and
encoding from the content, ``columns`` proposes a column → question mapping, ``cells`` checks
each cell, ``fingerprint`` gives a row its stable identity. Nothing here drops or silently
changes a row: problems are attached to the row for the importer to quarantine.
"""
