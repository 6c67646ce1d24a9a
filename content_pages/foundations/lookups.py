"""Rows looked up once per unit of work (one publish, one rendering of every channel).

A publish reads the same CTA and form page many times: the gate validates the candidate
in every language, Wagtail saves it, and every channel renders every language, each
through a fresh StreamValue that loads its chosen snippets again. Inside
``shared_lookups()`` a chooser block fetches each row once; outside it nothing is cached,
so a long-lived process never serves a row that has since changed.
"""

from __future__ import annotations

import contextvars
import copy
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar, cast

from django.db import models

T = TypeVar("T")

_rows: contextvars.ContextVar[dict[type[models.Model], dict[Any, models.Model | None]] | None] = contextvars.ContextVar(
    "shared_lookups", default=None
)


# Values derived from rows (a snippet draft's translations, say), by a key that names
# the row's version: computed once per unit of work, like the rows themselves.
_derived: contextvars.ContextVar[dict[Hashable, Any] | None] = contextvars.ContextVar("shared_derived", default=None)


@contextmanager
def shared_lookups() -> Iterator[None]:
    if _rows.get() is not None:  # nested: the outer unit of work keeps its rows
        yield
        return
    token = _rows.set({})
    derived = _derived.set({})
    try:
        yield
    finally:
        _derived.reset(derived)
        _rows.reset(token)


def remembered(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, once per unit of work for ``key`` (which must name the version it
    is computed from); outside one, every time. Callers must not change what it returns."""
    store = _derived.get()
    if store is None:
        return compute()
    if key not in store:
        store[key] = compute()
    return cast(T, store[key])


def active() -> bool:
    return _rows.get() is not None


def in_bulk(
    manager: models.Manager[Any], model: type[models.Model], keys: Iterable[Any], prefetch: tuple[str, ...] = ()
) -> dict[Any, Any]:
    """``manager.in_bulk(keys)`` served from this unit of work's rows where it can be;
    each caller gets its own copy of an instance (sharing what ``prefetch`` fetched), as
    Wagtail's choosers expect."""
    rows = _rows.get()
    wanted = [key for key in keys if key is not None]
    if rows is None:
        return manager.in_bulk(wanted)
    known = rows.setdefault(model, {})
    missing = [key for key in dict.fromkeys(wanted) if key not in known]
    if missing:
        found = manager.prefetch_related(*prefetch).in_bulk(missing)
        for key in missing:
            known[key] = found.get(key) or found.get(_as_int(key))
    return {key: copy.copy(known[key]) for key in wanted if known.get(key) is not None}


def _as_int(key: Any) -> Any:
    try:
        return int(key)
    except (TypeError, ValueError):
        return key
