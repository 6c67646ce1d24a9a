"""Strict parsing of query parameters, following the Wagtail API v2 conventions:
an unknown parameter or field is an error, not something silently ignored."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.http import HttpRequest
from wagtail.models import Page

from .errors import BadRequest

MAX_LIMIT = 100
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


def reject_unknown(request: HttpRequest, allowed: set[str]) -> None:
    unknown = sorted(set(request.GET) - allowed)
    if unknown:
        raise BadRequest(
            f"Unknown query parameter{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}.",
            code="unknown_parameter",
            accepted=sorted(allowed),
        )


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
    if offset < 0:
        raise BadRequest(f"offset must be 0 or more; got {offset}.", code="invalid_offset")
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
