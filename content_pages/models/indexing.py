"""Saves that leave what the search index holds as it is, and so skip reindexing.

Wagtail reindexes a page after every save, a draft revision's included, although the
index holds the page as stored: its live texts, which saving a draft leaves as they were
(the database search backend this project uses keeps titles and texts in the index and
reads filters from the page table). A PO import saves hundreds of drafts at once, and
rebuilt an identical index entry for each, a third of its time. Inside
``index_unchanged()`` a page answers Wagtail's ``get_indexed_instance`` with nothing to
index; anywhere else, and in a task worker, it is indexed as always.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_unchanged: contextvars.ContextVar[bool] = contextvars.ContextVar("index_unchanged", default=False)


@contextmanager
def index_unchanged() -> Iterator[None]:
    """For saves that change no indexed field, such as saving a draft revision; never
    around a publish, a delete or a move."""
    token = _unchanged.set(True)
    try:
        yield
    finally:
        _unchanged.reset(token)


class IndexedAsStored:
    """A page type whose saves inside ``index_unchanged()`` are not reindexed."""

    def get_indexed_instance(self) -> Any:
        if _unchanged.get():
            return None
        return super().get_indexed_instance()  # type: ignore[misc]
