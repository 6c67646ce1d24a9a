"""What the translator's side-by-side editor shows: one row per segment.

A row is the segment (source and current translation, as ``segments.py`` extracts them),
its state (translated / missing / stale, from ``translation_status.segment_details``),
the channel limits its text must keep to, a translation-memory suggestion for a missing
text, the glossary terms found in its source and, for a stale text, a word diff of the
previous source against the current one. Nothing here writes; the editor's save goes
through ``publishing.translations`` like a PO import.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Literal

from django.utils.translation import gettext as _

from content_pages.foundations.limits import BUTTON_LABEL_MAX
from content_pages.foundations.translator_text import PLACEHOLDER
from content_pages.reads.glossary import GlossaryHit, terms_in
from content_pages.reads.segments import Segment
from content_pages.reads.translation_memory import Suggestion, suggestions
from content_pages.reads.translation_status import MISSING, STALE, TRANSLATED, segment_details

DiffOp = Literal["equal", "insert", "delete"]


@dataclass(frozen=True)
class DiffPart:
    op: DiffOp
    text: str


@dataclass(frozen=True)
class SourcePart:
    """A run of the source as the editor shows it: text, or a placeholder (``<a1>``)."""

    text: str
    placeholder: bool = False


@dataclass(frozen=True)
class Limit:
    """A length the translation must keep to, and who imposes it."""

    maximum: int
    label: str
    channel: bool  # a messaging channel's limit, rather than the field's own length


@dataclass
class EditorRow:
    segment: Segment
    state: str  # TRANSLATED, MISSING or STALE
    previous_source: str | None
    needs_review: bool
    limits: list[Limit]
    source_parts: list[SourcePart]
    placeholders: list[str]  # "a1", "b1"... in source order; empty for plain text
    suggestion: Suggestion | None = None
    glossary: list[GlossaryHit] = field(default_factory=list)
    diff: list[DiffPart] = field(default_factory=list)  # previous -> current source, stale rows only

    @property
    def id(self) -> str:
        return self.segment.id

    @property
    def rich(self) -> bool:
        return self.segment.markup is not None

    @property
    def over_limit(self) -> list[Limit]:
        return [limit for limit in self.limits if len(self.segment.translation) > limit.maximum]


@dataclass(frozen=True)
class Progress:
    total: int
    translated: int
    missing: int
    stale: int
    needs_review: int

    @property
    def percent(self) -> int:
        return round(100 * self.translated / self.total) if self.total else 100


# Words (letters, digits, underscore, in any script) except Han, kana and Hangul, which are
# written without spaces and so compared one character at a time; spaces; anything else
# one character at a time. Placeholders stay whole.
_HAN = "\u2e80-\u2fdf\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_TOKEN = re.compile(rf"</?[a-z]+\d+>|[{_HAN}]|(?:(?![{_HAN}])\w)+|\s+|.", re.DOTALL)


def tokens(text: str) -> list[str]:
    """``text`` cut at word boundaries; the pieces join back into ``text``."""
    return _TOKEN.findall(text)


def word_diff(old: str, new: str) -> list[DiffPart]:
    """What changed from ``old`` to ``new``, word by word: equal, deleted and inserted runs."""
    before, after = tokens(old), tokens(new)
    parts: list[DiffPart] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(DiffPart("equal", "".join(before[i1:i2])))
            continue
        if op in ("delete", "replace"):
            parts.append(DiffPart("delete", "".join(before[i1:i2])))
        if op in ("insert", "replace"):
            parts.append(DiffPart("insert", "".join(after[j1:j2])))
    return _merged(parts)


def _merged(parts: list[DiffPart]) -> list[DiffPart]:
    """Neighbouring parts of one kind joined, and a space between two changes folded into
    them, so that "a b" -> "c d" reads as one deletion and one insertion."""
    merged: list[DiffPart] = []
    for part in parts:
        if not part.text:
            continue
        if merged and merged[-1].op == part.op:
            merged[-1] = DiffPart(part.op, merged[-1].text + part.text)
        else:
            merged.append(part)
    return merged


def source_parts(text: str) -> list[SourcePart]:
    """The source split into text and placeholders, so the editor can mark the latter."""
    parts, position = [], 0
    for match in PLACEHOLDER.finditer(text):
        if match.start() > position:
            parts.append(SourcePart(text[position : match.start()]))
        parts.append(SourcePart(match.group(0), placeholder=True))
        position = match.end()
    if position < len(text):
        parts.append(SourcePart(text[position:]))
    return parts


def limits_of(segment: Segment) -> list[Limit]:
    """Every length limit that applies to the segment's translation: a chat button's
    label (WhatsApp and Telegram), or else the column's own length."""
    if segment.max_length is None:
        return []
    if segment.chat_button and segment.max_length <= BUTTON_LABEL_MAX:
        return [
            Limit(segment.max_length, _("WhatsApp button"), channel=True),
            Limit(segment.max_length, _("Telegram button"), channel=True),
        ]
    return [Limit(segment.max_length, _("field length"), channel=False)]


QUOTED_MAX = 60


def quoted(segments: list[Segment]) -> str:
    """The English of each text, quoted and shortened, to name what a save did with it."""
    shown = []
    for segment in segments:
        text = " ".join(segment.source.split())
        if len(text) > QUOTED_MAX:
            text = text[: QUOTED_MAX - 1].rstrip() + "…"
        shown.append(f"“{text}”")
    return ", ".join(shown)


def editor_rows(segments: list[Segment], language: str) -> list[EditorRow]:
    details = segment_details(segments, language)
    missing = [segment for segment in segments if details[segment.id].state == MISSING]
    offered = suggestions(missing, language) if missing else {}
    hits = terms_in({segment.id: segment.source for segment in segments}, language)
    rows = []
    for segment in segments:
        detail = details[segment.id]
        previous = detail.previous_source if detail.state == STALE else None
        rows.append(
            EditorRow(
                segment=segment,
                state=detail.state,
                previous_source=previous,
                needs_review=detail.needs_review,
                limits=limits_of(segment),
                source_parts=source_parts(segment.source),
                placeholders=list(segment.markup.tags) if segment.markup is not None else [],
                suggestion=offered.get(segment.id) if detail.state == MISSING else None,
                glossary=list(hits.get(segment.id, ())),
                diff=word_diff(previous, segment.source) if previous is not None else [],
            )
        )
    return rows


def progress(rows: list[EditorRow]) -> Progress:
    states = [row.state for row in rows]
    return Progress(
        total=len(states),
        translated=states.count(TRANSLATED),
        missing=states.count(MISSING),
        stale=states.count(STALE),
        needs_review=sum(1 for row in rows if row.needs_review),
    )


FILTERS = ("missing", "stale", "review")


def filtered(rows: list[EditorRow], show: str) -> list[EditorRow]:
    """The rows one filter keeps: ``missing``, ``stale``, ``review`` (needs review), or all."""
    if show == "missing":
        return [row for row in rows if row.state == MISSING]
    if show == "stale":
        return [row for row in rows if row.state == STALE]
    if show == "review":
        return [row for row in rows if row.needs_review]
    return rows
