"""Publishing: the writes, and the rules they enforce.

The publish gate (``gate/``), renditions made at publish and their task, short links,
enquiry submissions, citations, article structure and channel-limit rules, translator
groups, API keys and the shared rate counters (``access/``), and the PO pipeline
(``translations/``: export, import, records, report). Interfaces call into these; these
never call up into interfaces. The seed loader uses them from above (``content_pages.seed``).
"""
