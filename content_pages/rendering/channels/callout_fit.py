"""Where a callout's label costs a message: the same note or warning measured with its
label and without it, on each messaging channel.

Labels came after articles were published, so a warning that filled one message (one
SMS in Chinese holds 402 UCS-2 units over six segments) may now need two, its end apart
from its label; or, with a channel's limits set tighter, not fit at all. This finds
those callouts so that an editor can shorten them (``manage.py check_callout_labels``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import override
from wagtail.models import Page

from content_pages.rendering.callouts import NOTE, WARNING
from content_pages.rendering.channels import sms, telegram, whatsapp
from content_pages.rendering.channels.base import RenderContext
from content_pages.rendering.channels.outline import Part, page_outline
from content_pages.rendering.channels.text import ChannelLimitError

# How many messages a text part becomes on each channel (a labelled part as it is sent).
_PIECES: dict[str, Callable[[Part, str], list[Any]]] = {
    whatsapp.NAME: lambda part, _language: whatsapp.part_blocks(part),
    telegram.NAME: lambda part, _language: telegram.part_blocks(part),
    sms.NAME: sms.callout_pieces,
}


@dataclass(frozen=True)
class LabelOverflow:
    channel: str
    path: str
    style: str
    # Messages the callout needs without its label and with it; None where it breaks a limit.
    without: int
    labelled: int | None
    problem: str = ""


def label_overflows(page: Page, language: str) -> list[LabelOverflow]:
    """The page's notes and warnings in ``language`` that their label pushes over a limit:
    into one more message than the text alone needs, or past a hard limit."""
    context = RenderContext(language=language)
    with override(language):
        parts = page_outline(page.specific, context)
        found = []
        for part in parts:
            if part.kind not in (WARNING, NOTE):
                continue
            bare = Part("paragraph", runs=part.runs, path=part.path)
            for channel, pieces in _PIECES.items():
                try:
                    without = len(pieces(bare, language))
                except ChannelLimitError:
                    continue  # over a limit without its label: not the label's doing
                try:
                    labelled = len(pieces(part, language))
                except ChannelLimitError as error:
                    found.append(LabelOverflow(channel, part.path, part.kind, without, None, str(error)))
                    continue
                if labelled > without:
                    found.append(LabelOverflow(channel, part.path, part.kind, without, labelled))
    return found
