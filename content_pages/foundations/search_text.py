"""Text prepared for the full-text index, in any of the content languages.

Database full-text engines split words on spaces, which Chinese does not use; putting
each Han character apart lets a Chinese query match inside a sentence on SQLite and
PostgreSQL alike. Queries get the same treatment.
"""

from __future__ import annotations

import re

_HAN = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])")
_SPACES = re.compile(r"\s+")


def searchable(text: str) -> str:
    return _SPACES.sub(" ", _HAN.sub(r" \1 ", text)).strip()
