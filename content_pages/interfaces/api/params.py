"""Strict parsing of query parameters, following the Wagtail API v2 conventions:
an unknown parameter or field is an error, not something silently ignored."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from django.apps import apps
from django.http import HttpRequest
from ninja import Router
from ninja.operation import Operation
from ninja.params.functions import Path, Query
from ninja.params.models import QueryModel
from ninja.utils import contribute_operation_callback
from wagtail.models import Page, get_page_models

from content_pages.foundations.languages import content_languages
from content_pages.foundations.search_text import searchable
from content_pages.interfaces.api.errors import ACCEPTED_VALUES, BadRequest

MAX_LIMIT = 100
# Far beyond any real listing, and far inside the databases' 64-bit integers.
MAX_OFFSET = 1_000_000
# The largest id a database row can have (a 64-bit signed integer).
MAX_ID = 2**63 - 1
# 100 characters are at most 100 terms (each Han character is one), which every database
# backend answers quickly; longer queries are refused, not cut, so a client learns why.
SEARCH_MAX_LENGTH = 100
ORDERINGS = (
    "id",
    "-id",
    "title",
    "-title",
    "first_published_at",
    "-first_published_at",
    "last_published_at",
    "-last_published_at",
)


# Parameters shared by the routers, with the bounds the OpenAPI document states, so that
# generated clients send only what the API accepts.


def _enum(name: str, values: list[str]) -> Any:
    return Enum(name, {value.replace("-", "_").replace(".", "_"): value for value in values}, type=str)


# Values the OpenAPI document lists, so that a generated client can only send accepted ones.
OrderCode = _enum("OrderCode", list(ORDERINGS))
# An unknown language code is still answered with the accepted ones (``errors.py``).
LanguageCode = _enum("LanguageCode", list(content_languages()))
ACCEPTED_VALUES.update({"order": list(ORDERINGS)})


def page_type_enum() -> Any:
    """Every page type as ``app_label.ModelName``; built when the routers load, after the apps."""
    names = sorted(f"{m._meta.app_label}.{m.__name__}" for m in get_page_models())
    ACCEPTED_VALUES["type"] = names
    return _enum("PageTypeCode", names)


PageTypeCode = page_type_enum()


def fields_pattern(names: set[str]) -> str:
    """``fields=`` as a regular expression: ``*``, names and ``-name``, comma-separated."""
    item = r"(\*|-?(" + "|".join(sorted(names)) + "))"
    return rf"^{item}(,{item})*$"


def lang_query() -> Any:
    codes = ", ".join(content_languages())
    return Query(None, description=f"Language code ({codes}); overrides Accept-Language. Unknown codes are a 400.")


def limit_query() -> Any:
    return Query(20, ge=1, le=MAX_LIMIT, description=f"How many items, 1 to {MAX_LIMIT}.")


def offset_query() -> Any:
    return Query(0, ge=0, le=MAX_OFFSET, description=f"How many items to skip, 0 to {MAX_OFFSET}.")


def id_path(what: str) -> Any:
    return Path(..., ge=1, le=MAX_ID, description=f"The {what}'s id.")


def reject_unknown(request: HttpRequest, allowed: frozenset[str]) -> None:
    unknown = sorted(set(request.GET) - allowed)
    if unknown:
        raise BadRequest(
            f"Unknown query parameter{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}.",
            code="unknown_parameter",
            accepted=sorted(allowed),
        )
    # Every parameter takes one value. Given twice, the parser would keep the last one
    # while a cache, a proxy or a log reader may go by the first (``lang=ms&lang=en``
    # served English): an ambiguous request is refused rather than guessed.
    repeated = sorted(name for name in allowed if len(request.GET.getlist(name)) > 1)
    if repeated:
        raise BadRequest(
            f"Query parameter{'s' if len(repeated) > 1 else ''} given more than once: {', '.join(repeated)}; "
            "send each once.",
            code="repeated_parameter",
        )


def declared_query_names(operation: Operation) -> frozenset[str]:
    """The query parameters ``operation``'s signature declares, by the names clients send.

    Read from the models django-ninja builds from the signature, so they are exactly the
    names it parses from the query string and lists in the OpenAPI document.
    """
    names: set[str] = set()
    for model in operation.signature.models:
        if issubclass(model, QueryModel):
            # As django-ninja reads it: the name each query value is looked up by.
            names.update(getattr(model, "__ninja_flatten_map__", None) or {})
    return frozenset(names)


def _reject_undeclared(operation: Operation) -> None:
    """Refuse a query parameter the endpoint does not declare, or one given twice, after
    django-ninja has validated the declared ones (so a bad value is still reported before
    an unknown name)."""
    declared = declared_query_names(operation)
    view: Callable[..., Any] = operation.view_func

    @functools.wraps(view)
    def strict_view(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        reject_unknown(request, declared)
        return view(request, *args, **kwargs)

    operation.view_func = strict_view


class StrictRouter(Router):
    """A router whose endpoints refuse query parameters they do not declare, or repeat,
    following the Wagtail API v2 conventions: each parameter is written once, in the
    endpoint's signature."""

    def add_api_operation(self, path: str, methods: list[str], view_func: Callable[..., Any], **options: Any) -> None:
        contribute_operation_callback(view_func, _reject_undeclared)
        super().add_api_operation(path, methods, view_func, **options)


def parse_page_type(value: str | None) -> type[Page] | None:
    if not value:
        return None
    try:
        model = apps.get_model(value)
    except (LookupError, ValueError) as error:
        raise BadRequest(
            f"type={value!r} is not a page type; write it as app_label.ModelName.", code="unknown_type"
        ) from error
    if not issubclass(model, Page):
        raise BadRequest(f"type={value!r} is not a page type.", code="unknown_type")
    return model


def parse_limit_offset(limit: int, offset: int) -> tuple[int, int]:
    if limit < 1 or limit > MAX_LIMIT:
        raise BadRequest(f"limit must be between 1 and {MAX_LIMIT}; got {limit}.", code="invalid_limit")
    if offset < 0 or offset > MAX_OFFSET:
        raise BadRequest(f"offset must be between 0 and {MAX_OFFSET}; got {offset}.", code="invalid_offset")
    return limit, offset


def parse_order(value: str | None) -> str | None:
    if value is None:
        return None
    if value not in ORDERINGS:
        raise BadRequest(f"order={value!r} is not supported.", code="invalid_order", accepted=list(ORDERINGS))
    return value


@dataclass(frozen=True)
class FieldSelection:
    """``fields=a,b``, ``fields=*`` or ``fields=-a`` (remove a default field)."""

    include: tuple[str, ...]
    exclude: tuple[str, ...]
    everything: bool

    @classmethod
    def parse(cls, value: str | None) -> FieldSelection:
        if not value:
            return cls((), (), False)
        include, exclude, everything = [], [], False
        for part in value.split(","):
            name = part.strip()
            if not name:
                raise BadRequest(f"fields={value!r} has an empty field name.", code="invalid_fields")
            if name == "*":
                everything = True
            elif name.startswith("-"):
                exclude.append(name[1:])
            else:
                include.append(name)
        return cls(tuple(include), tuple(exclude), everything)

    def check(self, available: set[str]) -> None:
        unknown = sorted((set(self.include) | set(self.exclude)) - available)
        if unknown:
            raise BadRequest(
                f"Unknown field{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}.",
                code="unknown_field",
                accepted=sorted(available),
            )


_TERM = re.compile(r"\w+")


def parse_search(value: str | None) -> list[str] | None:
    """The words of a search query, or None without one.

    Only words go to the database: quotes, operators and control characters are search
    syntax of one engine or another (SQLite FTS5, PostgreSQL), never a reader's meaning.
    Han characters count as one term each, as the index stores them.
    """
    if value is None or not value.strip():
        return None
    if len(value) > SEARCH_MAX_LENGTH:
        raise BadRequest(
            f"search is {len(value)} characters long; at most {SEARCH_MAX_LENGTH} are accepted.",
            code="search_too_long",
        )
    return _TERM.findall(searchable(value))
