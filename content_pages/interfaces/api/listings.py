"""One listing and one detail response for the snippet, image and document endpoints:
a window of a queryset and its total, serialised once, with validators for 304s."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse

from content_pages.interfaces.api.caching import cached_json
from content_pages.interfaces.api.params import parse_limit_offset
from content_pages.publishing.renditions import serialize
from content_pages.rendering.shapes import listing

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Representation(Generic[M]):
    """How an endpoint answers with one object: its JSON item and its Last-Modified."""

    item: Callable[[M], dict[str, Any]]
    last_modified: Callable[[M], datetime.datetime]


def list_response(
    request: HttpRequest,
    queryset: QuerySet[M],
    representation: Representation[M],
    *,
    window: tuple[int, int],
    language: str | None = None,
    tags: Sequence[str] = (),
) -> HttpResponse:
    """``window`` is (limit, offset). Translated objects (snippets) are listed in the
    envelope every translated list has (``rendering/shapes.listing``); media, which have no
    language, carry only their count."""
    limit, offset = parse_limit_offset(*window)
    total = queryset.count()
    objects = list(queryset[offset : offset + limit])
    items = [representation.item(obj) for obj in objects]
    if language is None:
        body = serialize({"meta": {"total_count": total}, "items": items})
    else:
        body = serialize(listing(total=total, language=language, items=items))
    last_modified = max((representation.last_modified(obj) for obj in objects), default=None)
    return cached_json(request, body, last_modified=last_modified, tags=tags)


def detail_response(
    request: HttpRequest, obj: M, representation: Representation[M], *, tags: Sequence[str] = ()
) -> HttpResponse:
    """``tags``: what purges it (``foundations/cache_tags``), for objects a publish purges."""
    item = serialize(representation.item(obj))
    return cached_json(request, item, last_modified=representation.last_modified(obj), tags=tags)
