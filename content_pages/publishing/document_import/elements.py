"""What a document reader hands to the structure stage: its blocks, in order.

Each reader (Word, Markdown, plain text) says only what the document marks or, for
plain text, what a line looks like; deciding what a block is in an article (a heading,
a call to action, a reference) is ``structure``'s business.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

ElementKind = Literal["title", "subtitle", "heading", "paragraph", "list", "quote"]


@dataclass(frozen=True)
class Element:
    """One block of the document.

    ``text`` is what a reader sees (a list: its items joined by new lines). ``html`` is a
    paragraph's or a quote's inline HTML in Wagtail's rich text format (``<b>``, ``<i>``,
    ``<a href>`` only, every other tag reduced to its text); empty for plain text, where
    the text is the whole of it. ``level`` is a heading's level as the document marks it
    (1 for "Heading 1" or ``#``), 0 when the reader guessed it is a heading. ``where``
    names the place for the report: "line 12" or "paragraph 7". ``doubt`` says why the
    reader is unsure of what it made of the block (the report lists it); empty when the
    document marked it.
    """

    kind: ElementKind
    text: str
    html: str = ""
    level: int = 0
    items: tuple[str, ...] = ()
    ordered: bool = False
    where: str = ""
    doubt: str = ""

    def with_doubt(self, *reasons: str) -> Element:
        """The element with more reasons for doubt, after its own; blank and repeated
        ones are left out, since a block may meet the same trouble twice."""
        kept = [self.doubt] if self.doubt else []
        for reason in reasons:
            if reason and reason not in kept:
                kept.append(reason)
        return replace(self, doubt="; ".join(kept))


class DocumentRefused(Exception):
    """The upload cannot be imported; the message says why, in words an editor can act on."""
