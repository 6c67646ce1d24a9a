"""Translations as Excel workbooks (.xlsx), for translators who work in a spreadsheet
rather than a PO tool: the same texts, states and notes as a PO file (``export_rows``),
and the same checks and write on import (``importing.import_entries``)."""
