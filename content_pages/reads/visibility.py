"""What may reach readers: only the live version of a page or snippet.

A snippet row always holds its live version (drafts are revisions), but a row exists
before its first publish (``live`` is False after "Save draft" of a new snippet) and
stays after an unpublish or expiry. Pages can choose such a snippet; every channel
skips it until it is published.
"""

from __future__ import annotations

from typing import Any


def reaches_readers(obj: Any) -> bool:
    return obj is not None and bool(getattr(obj, "live", True))
