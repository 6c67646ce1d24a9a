"""Content reads: what a page or snippet says in one language, resolved along the fallback
chain, and the translation segments and status derived from it.

Reads query the database and write nothing. They import models, blocks and foundations.
"""
