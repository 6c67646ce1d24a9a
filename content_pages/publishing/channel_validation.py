"""Limits no channel can meet automatically become admin errors before publishing.

Every messaging channel renders the article in every language as it is being saved;
whatever cannot be split into valid messages (a button label over 20 characters, a
"word" longer than a whole message) is reported on the block that holds it, naming the
channel and the language.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from wagtail.blocks import StreamBlockValidationError

from content_pages.foundations.languages import content_languages, english_name, localized_field_name, source_language
from content_pages.foundations.lookups import shared_lookups
from content_pages.models import ArticlePage
from content_pages.reads.article_view import shared_views
from content_pages.rendering.channels import CHANNELS, MESSAGING_CHANNELS
from content_pages.rendering.channels.text import ChannelLimitError

Problems = list[tuple[str, str, ChannelLimitError]]
_CHECKED: ContextVar[dict[tuple[str, tuple[str, ...] | None], Problems] | None] = ContextVar(
    "channel_checks", default=None
)
# What says where a page is and how far its editing got, not what it says: a check of the
# same content before and after ``add_child`` or ``save_revision`` gives the same answer.
_BOOKKEEPING = frozenset(
    {
        "pk",
        "id",
        "path",
        "depth",
        "numchild",
        "live",
        "live_revision",
        "latest_revision",
        "latest_revision_created_at",
        "has_unpublished_changes",
        "locked",
        "locked_at",
        "locked_by",
    }
)


@contextmanager
def each_check_once() -> Iterator[None]:
    """Within, an article checked again with the same content gets the first answer.

    One admin request can clean the same article up to four times (the form, ``add_child``
    and ``save_revision`` of a new page, then the publish gate), each rendering every
    channel in every language. Snippets and settings do not change within one request, so
    the answer only depends on the page's own content."""
    token = _CHECKED.set({})
    try:
        yield
    finally:
        _CHECKED.reset(token)


def _content_key(page: ArticlePage, languages: tuple[str, ...] | None) -> tuple[str, tuple[str, ...] | None]:
    data = {
        name: _rows(value)
        for name, value in page.serializable_data().items()
        if name not in _BOOKKEEPING and not name.startswith("draft_title")
    }
    text = json.dumps(data, sort_keys=True, cls=DjangoJSONEncoder, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest(), languages


def _rows(value: object) -> object:
    """An inline relation's rows (the references) by what they choose, in their order:
    their own ids and sort keys are only given once the page is saved. A stream comes as
    its JSON text, with its keys in the order it was read in (PostgreSQL's ``jsonb``
    reorders them; a stream that was rendered writes them in the blocks' order): it is
    compared by its content."""
    if isinstance(value, list) and all(isinstance(row, dict) for row in value):
        return [{k: v for k, v in row.items() if k not in _ROW_BOOKKEEPING} for row in value]
    if isinstance(value, str) and value.startswith("["):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


_ROW_BOOKKEEPING = frozenset({"pk", "id", "page", "sort_order"})


def channel_limit_problems(page: ArticlePage, languages: Iterable[str] | None = None) -> Problems:
    """(language, channel, error) for every limit the page breaks, in every language or in
    ``languages`` only (a change confined to one language cannot break another's limits).

    The page does not change while its channels render, so each language's article view
    and each chosen snippet are read once for all channels and modes, not once per render.
    Inside ``each_check_once``, content already checked is not rendered again.
    """
    checked = _CHECKED.get()
    if checked is None:
        return _problems(page, languages)
    key = _content_key(page, None if languages is None else tuple(languages))
    if key not in checked:
        checked[key] = _problems(page, key[1])
    return checked[key]


def _problems(page: ArticlePage, languages: Iterable[str] | None) -> Problems:
    problems = []
    with shared_lookups(), shared_views():
        for language in content_languages() if languages is None else languages:
            for name in MESSAGING_CHANNELS:
                channel = CHANNELS[name]
                for mode in channel.modes:
                    try:
                        channel.render(page, language, mode)
                    except ChannelLimitError as error:
                        problems.append((language, error.channel or name, error))
                        break
    return problems


def channel_limit_errors(page: ArticlePage, languages: Iterable[str] | None = None) -> dict[str, ValidationError]:
    by_field: dict[str, dict[int, ValidationError]] = {}
    general: list[str] = []
    for language, channel, error in channel_limit_problems(page, languages):
        message = f"{channel}, {english_name(language)}: {error}"
        field, _, rest = error.path.partition(".")
        block_id = rest.split(".", 1)[0]
        if field in ("body", "aside") and block_id:
            # Report it in the tab of the language whose text breaks the limit.
            target = localized_field_name(field, language)
            stream = getattr(page, target) or getattr(page, localized_field_name(field, source_language()))
            index = next((i for i, child in enumerate(stream) if child.id == block_id), None)
            if index is not None:
                by_field.setdefault(target, {})[index] = ValidationError(message)
                continue
        general.append(message)
    errors: dict[str, ValidationError] = {
        field: StreamBlockValidationError(block_errors=blocks) for field, blocks in by_field.items()
    }
    if general:
        errors["__all__"] = ValidationError(general)
    return errors
