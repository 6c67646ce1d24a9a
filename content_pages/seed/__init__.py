"""The project's seed content and how it is loaded: the data (``immunotherapy.json``),
the loader (``loader``) and its translations as PO files (``translations``).

A layer of its own at the top, with the management commands that run it: it uses the
publishing services as any other caller does, and nothing below it imports it.
"""
