"""Limits no channel can meet automatically become admin errors before publishing.

Every messaging channel renders the article in every language as it is being saved;
whatever cannot be split into valid messages (a button label over 20 characters, a
"word" longer than a whole message) is reported on the block that holds it, naming the
channel and the language.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from wagtail.blocks import StreamBlockValidationError

from content_pages.foundations.languages import content_languages, english_name, localized_field_name, source_language
from content_pages.foundations.lookups import shared_lookups
from content_pages.models import ArticlePage
from content_pages.reads.article_view import shared_views
from content_pages.rendering.channels import CHANNELS, MESSAGING_CHANNELS
from content_pages.rendering.channels.text import ChannelLimitError


def channel_limit_problems(
    page: ArticlePage, languages: Iterable[str] | None = None
) -> list[tuple[str, str, ChannelLimitError]]:
    """(language, channel, error) for every limit the page breaks, in every language or in
    ``languages`` only (a change confined to one language cannot break another's limits).

    The page does not change while its channels render, so each language's article view
    and each chosen snippet are read once for all channels and modes, not once per render.
    """
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
