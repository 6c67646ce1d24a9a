"""Conversation mode: an article as a menu of sections, read one section per turn.

People read health information in a chat one screen at a time, so a bot offers the
article's sections as a menu and sends one section per tap, with "next" and "menu"
buttons. This module is channel-neutral: it cuts the outline into sections, names them
for a menu and pages the menu; each chat channel turns these into its own payloads
(``chat.ChatRenderer.render_conversation``).

Sections, in reading order:

- ``intro``: what stands before the first section heading (absent when nothing does);
- ``s:<block id>``: each h2 heading starts one; h3 headings stay inside their section;
- ``refs``: the references;
- ``aside``: the calls to action and the enquiry form beside the article.

The ids come from StreamField block ids (the same in every language, kept across
publishes), so a bot's buttons stay valid. The title, standfirst, review date and link
open the conversation, before the menu.

The only text machinery ever changes is a menu label: an editor's ``menu_label`` is used
as written, but a heading without one is shortened to fit a menu row, at a Unicode
word boundary (UAX #14, so also between Han characters), never inside a grapheme, and
marked with "…". The section itself always shows the heading in full.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

from django.utils.translation import gettext as _
from uniseg.graphemecluster import grapheme_cluster_boundaries

from content_pages.foundations.limits import LIST_ROW_DESCRIPTION_MAX, LIST_ROWS_MAX, MENU_LABEL_MAX
from content_pages.foundations.sections import REFERENCES, section_id
from content_pages.rendering.channels import segmentation
from content_pages.rendering.channels.outline import Part
from content_pages.rendering.channels.text import plain
from content_pages.rendering.contracts.channels import SectionSummary

CONVERSATION: Final = "conversation"
MENU = "menu"
INTRO, ASIDE = "intro", "aside"
ELLIPSIS = "…"
# Parts that open the conversation rather than belong to a section.
OPENING_KINDS = ("title", "standfirst", "review", "meta")
# Trailing punctuation that reads badly before an ellipsis.
TRAILING_BEFORE_ELLIPSIS = " \t,;:.—–-·、，；：。"


def shorten(text: str, limit: int) -> str:
    """``text`` within ``limit`` characters, the ellipsis included: cut at the last
    word boundary that fits (between Han characters too), else at the last grapheme."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    room = limit - len(ELLIPSIS)
    # Trailing spaces and punctuation are dropped before measuring, so "word, next" (or a
    # text that is too long only by its final punctuation) keeps "word".
    offsets = [*segmentation.line_breaks(text, []), len(text)]
    cuts = [text[:offset].rstrip().rstrip(TRAILING_BEFORE_ELLIPSIS) for offset in offsets]
    cut = max((cut for cut in cuts if cut and len(cut) <= room), key=len, default="")
    if not cut:
        graphemes = [offset for offset in grapheme_cluster_boundaries(text) if offset <= room]
        cut = text[: max(graphemes, default=0)].rstrip()
    return cut + ELLIPSIS


@dataclass
class Section:
    id: str
    # The section's name in full: its heading, or "Introduction", "References", ...
    title: str
    parts: list[Part] = field(default_factory=list)
    # The editor's menu label, when there is one.
    menu_label: str = ""

    @property
    def label(self) -> str:
        """The name in the menu: the editor's label, or the title shortened."""
        return self.menu_label or shorten(self.title, MENU_LABEL_MAX)

    @property
    def description(self) -> str:
        """The title in full under a label that does not say it all ("" otherwise)."""
        return "" if self.label == self.title else shorten(self.title, LIST_ROW_DESCRIPTION_MAX)

    def summary(self) -> SectionSummary:
        return SectionSummary(id=self.id, title=self.title, label=self.label)


@dataclass
class Conversation:
    opening: list[Part]
    sections: list[Section]


def _block_id(part: Part) -> str:
    return part.path.split(".", 2)[1] if part.path.count(".") >= 1 else part.path


def conversation(parts: list[Part]) -> Conversation:
    """The outline cut into the opening and the sections (see the module's docstring)."""
    opening: list[Part] = []
    sections: list[Section] = []
    for part in parts:
        if part.kind in OPENING_KINDS:
            opening.append(part)
            continue
        if part.kind == "references":
            sections.append(Section(REFERENCES, _("References"), [part]))
            continue
        if part.path.startswith("aside."):
            if not sections or sections[-1].id != ASIDE:
                sections.append(Section(ASIDE, _("Find out more")))
        elif part.kind == "heading" and part.starts_section:
            sections.append(Section(section_id(_block_id(part)), plain(part.runs), menu_label=part.menu_label))
        elif not sections:
            sections.append(Section(INTRO, _("Introduction")))
        sections[-1].parts.append(part)
    return Conversation(opening, sections)


@dataclass
class MenuRow:
    id: str
    title: str
    description: str = ""


@dataclass
class MenuPage:
    id: str
    rows: list[MenuRow]


def menu_page_id(number: int) -> str:
    return MENU if number == 1 else f"{MENU}:{number}"


def menu_pages(sections: list[Section]) -> list[MenuPage]:
    """The menu, ten rows a page at most: with more sections, the last row of a page is
    "More", answered by the next page (``menu:2``, ``menu:3``, ...). A page without
    sections (a form page, say) has no menu: its opening is all there is."""
    if not sections:
        return []
    rows = [MenuRow(section.id, section.label, section.description) for section in sections]
    pages: list[MenuPage] = []
    while len(rows) > LIST_ROWS_MAX:
        page_id, following = menu_page_id(len(pages) + 1), menu_page_id(len(pages) + 2)
        pages.append(MenuPage(page_id, [*rows[: LIST_ROWS_MAX - 1], MenuRow(following, _("More"))]))
        rows = rows[LIST_ROWS_MAX - 1 :]
    pages.append(MenuPage(menu_page_id(len(pages) + 1), rows))
    return pages


def turn_ids(stored: dict[str, Any]) -> list[str]:
    """Every accepted ``section`` value of a stored conversation, menus first."""
    return list(stored["turns"])


def conversation_turn(stored: dict[str, Any], section: str | None) -> dict[str, Any] | None:
    """One turn of a stored conversation: the opening and menu without ``section``, a
    menu page or a section with it; None for an id the conversation does not have."""
    if section is None:
        return dict(stored["opening"])
    turn = stored["turns"].get(section)
    return dict(turn) if turn is not None else None
