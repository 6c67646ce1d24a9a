"""Publishing: the writes, and the rules they enforce.

The publish gate (``gate/``), renditions made at publish and their task, short links,
enquiry submissions, citations, article structure and channel-limit rules, seed loading,
translator groups, and the PO pipeline (``translations/``: export, import, records,
report). Interfaces call into these; these never call up into interfaces.
"""
