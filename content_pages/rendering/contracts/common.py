"""Shapes shared by every endpoint: languages, fallbacks, errors, list metadata."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _absent(value: object) -> bool:
    return value is None


def omitted(description: str | None = None, **constraints: Any) -> Any:
    """An optional field that is left out of the JSON when it has no value, rather than
    sent as null: the platforms these payloads go to reject a null ``header`` or ``caption``.
    The contract says so once here, so a renderer only ever passes the value or None."""
    return Field(default=None, exclude_if=_absent, description=description, **constraints)


def to_json(contract: BaseModel) -> dict[str, Any]:
    """A contract object as stored and served: JSON types, keys in the contract's order,
    ``omitted`` fields left out when they have no value."""
    return contract.model_dump(mode="json")


class Language(Strict):
    code: str = Field(description="Language code used in URLs and `?lang=`, e.g. `zh-hans`.")
    name: str = Field(description="The language's name in itself.")
    english_name: str
    direction: Literal["ltr", "rtl"] = Field(
        description="The script's direction: `rtl` for a language written right to left (set `dir` from it)."
    )


class Alternate(Strict):
    language: str
    html_url: str = Field(description="The page on the website in this language.")
    detail_url: str = Field(description="This endpoint in this language.")


class Fallback(Strict):
    """One part of the response served from a fallback language."""

    path: str = Field(description="`title`, `standfirst`, `body.<block id>`, `body.<block id>.items.<item id>`, ...")
    field: str = Field(description="The top-level field the part belongs to.")
    block_id: str | None = Field(description="The StreamField block id, for parts of `body` or `aside`.")
    language: str = Field(description="The language that served it.")


class Error(Strict):
    message: str = Field(description="What is wrong, and where.")
    code: str = Field(description="A stable, machine-readable error code.")
    accepted: list[str] | None = Field(default=None, description="Accepted values, where a parameter was rejected.")


class ListMeta(Strict):
    total_count: int
    language: str
    available_languages: list[Language]


class ImageFile(Strict):
    url: str = Field(description="Absolute URL of the file (on the site, or on the media storage's public address).")
    width: int
    height: int
    mime_type: str = Field(description="`image/webp`, `image/jpeg` or `image/png`.")


class ImageRenditions(Strict):
    """The sizes an image is offered at: ready for a ``srcset`` (``url`` and ``width``)."""

    webp: list[ImageFile] = Field(description='WebP files, narrowest first: a `<source type="image/webp">`.')
    original: list[ImageFile] = Field(
        description="The same widths in the image's own format (JPEG or PNG), narrowest first: the `<img>`'s "
        "`srcset`, for browsers without WebP."
    )
