"""Offline translation with PO files and workbooks (``spreadsheets/``), split by stage
like wagtail-localize: segments are read in ``reads.segments``; here they are exported,
imported, recorded and reported."""
