"""From a document's elements to an article plan: what each block becomes, and the report.

The document decides the order; the site's own content decides what a line is when it
can: a line that reads like a live call to action's heading, text or button is that call
to action, lines that name an enquiry form's fields are that form, a line with a DOI under
a "References" heading is a reference. Only then is a block taken for what it looks like.
Nothing is dropped: a block with no better place is kept as a paragraph and listed.

Where a block goes follows the article's shape: before the title and after the
references is outside the article, so the calls to action and forms found there go to
the aside; anything else found there is kept at the end of the body, for a look.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from django.utils.html import escape

from content_pages.foundations.limits import TEXT_MAX
from content_pages.models import Reference, ReferenceAuthor
from content_pages.publishing.document_import.citations import (
    ParsedReference,
    all_dois,
    looks_like_reference,
    parse_reference,
)
from content_pages.publishing.document_import.elements import Element
from content_pages.publishing.document_import.line_shape import SHORT_QUESTION
from content_pages.reads.import_targets import CtaTarget, FormTarget, ImportTargets, comparable

# What the article's blocks hold at most (blocks/text.py): a longer heading or quote is
# kept as a paragraph rather than cut.
HEADING_MAX = 200
TITLE_MAX = 255
QUOTE_MAX = 600
LIST_ITEM_MAX = 500
STANDFIRST_MAX = 300
ARTICLE_LEVELS = ("h2", "h3")
FORM_LINES_MIN = 2
# A "References" heading, in the words writers use for it.
REFERENCE_HEADINGS = frozenset(
    {"references", "reference list", "bibliography", "sources", "citations", "works cited", "literature"}
)

Region = Literal["before", "body", "references", "after"]


@dataclass(frozen=True)
class Note:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


@dataclass
class ImportReport:
    """What the import recognised, what needs a look, and (when it refused) why."""

    recognised: list[Note] = field(default_factory=list)
    needs_look: list[Note] = field(default_factory=list)
    problems: list[Note] = field(default_factory=list)
    page_id: int | None = None
    title: str = ""

    def recognise(self, where: str, message: str) -> None:
        self.recognised.append(Note(where, message))

    def look(self, where: str, message: str) -> None:
        self.needs_look.append(Note(where, message))

    def refuse(self, where: str, message: str) -> None:
        self.problems.append(Note(where, message))


@dataclass(frozen=True)
class PlannedBlock:
    type: str
    # The source language's value, as the stream stores it.
    value: Any
    where: str


@dataclass(frozen=True)
class PlannedReference:
    where: str
    parsed: ParsedReference
    # The library's reference with the same DOI, reused; None: a new draft.
    existing: int | None


@dataclass
class ArticlePlan:
    title: str = ""
    standfirst: str = ""
    body: list[PlannedBlock] = field(default_factory=list)
    aside: list[PlannedBlock] = field(default_factory=list)
    references: list[PlannedReference] = field(default_factory=list)
    report: ImportReport = field(default_factory=ImportReport)
    # Blocks with no better place, found outside the article: kept at the body's end.
    leftovers: list[PlannedBlock] = field(default_factory=list)


def dois_in(elements: Sequence[Element]) -> list[str]:
    """Every DOI the document cites, to look the library up once."""
    found = []
    for element in elements:
        for text in (element.text, *element.items):
            found += all_dois(text)
    return found


def _item_id() -> str:
    return str(uuid.uuid4())


def _paragraph(element: Element, text: str | None = None) -> Any:
    html = element.html if text is None and element.html else escape(text if text is not None else element.text)
    return f"<p>{html}</p>"


class _Planner:
    def __init__(self, elements: Sequence[Element], targets: ImportTargets, fallback_title: str) -> None:
        self.elements = list(elements)
        self.targets = targets
        self.fallback_title = fallback_title
        self.plan = ArticlePlan()
        self.report = self.plan.report
        self.levels: dict[int, str] = {}
        self.seen_dois: set[str] = set()

    # -- the title, the standfirst and the heading levels ------------------------------

    def _is_matched(self, element: Element) -> bool:
        return self.targets.cta_for(element.text) is not None or bool(self.targets.forms_with(element.text))

    def _title_index(self) -> int | None:
        for position, element in enumerate(self.elements):
            if element.kind == "title":
                return position
        for position, element in enumerate(self.elements):
            if element.kind == "heading" and element.level == 1:
                return position
        # A plain-text document marks nothing: its first heading-like line that is not
        # one of the site's calls to action or form labels.
        for position, element in enumerate(self.elements):
            if element.kind == "heading" and element.level == 0 and not self._is_matched(element):
                return position
        return None

    def _map_levels(self, start: int) -> None:
        """The document's heading levels as the article's: the highest used becomes a
        section (h2), the next a subsection (h3), any deeper one a subsection too."""
        used = sorted({e.level for e in self.elements[start:] if e.kind == "heading" and e.level > 0})
        self.levels = {level: "h2" if rank == 0 else "h3" for rank, level in enumerate(used)}
        if len(used) > len(ARTICLE_LEVELS):
            deeper = ", ".join(str(level) for level in used[len(ARTICLE_LEVELS) :])
            self.report.look("", f"headings of level {deeper} became subsections (h3): an article has two levels")
        if any(e.kind == "heading" and e.level == 0 for e in self.elements[start:]):
            self.report.look(
                "",
                "a text file marks no heading levels: every heading found is a section (h2); "
                "make subsections h3 in the editor",
            )

    def _standfirst(self, position: int) -> bool:
        if position >= len(self.elements):
            return False
        element = self.elements[position]
        if element.kind == "subtitle" or (
            element.kind == "paragraph"
            and not element.doubt.startswith(SHORT_QUESTION)
            and len(element.text) <= STANDFIRST_MAX
            and not self._is_matched(element)
            and not looks_like_reference(element.text)
        ):
            self.plan.standfirst = element.text
            self.report.recognise(element.where, "the standfirst (the short paragraph under the title)")
            if any(tag in element.html for tag in ("<a ", "<b>", "<i>")):
                self.report.look(element.where, "the standfirst is plain text: its links, bold and italic were dropped")
            if element.doubt:
                self.report.look(element.where, f"the standfirst: {element.doubt}")
            return True
        return False

    # -- the walk ----------------------------------------------------------------------

    def run(self) -> ArticlePlan:
        if not self.elements:
            self.report.refuse("", "the document holds no text to import")
            return self.plan
        title_at = self._title_index()
        if title_at is None:
            self.plan.title = self.fallback_title
            self.report.look(
                "", f"no title found (no Title style or first-level heading): titled “{self.fallback_title}”"
            )
            start = 0
        else:
            title = self.elements[title_at]
            if len(title.text) > TITLE_MAX:
                self.report.refuse(
                    title.where, f"the title is {len(title.text):,} characters; a title may hold at most {TITLE_MAX}"
                )
            self.plan.title = title.text
            self.report.recognise(title.where, f"the title: “{title.text}”")
            if title.doubt and title.level != 0:
                self.report.look(title.where, f"the title: {title.doubt}")
            for element in self.elements[:title_at]:
                self._place_outside(element, "before the title")
            start = title_at + 1
            if self._standfirst(start):
                start += 1
        self._map_levels(start)
        self._walk(start)
        self.plan.body += self.plan.leftovers
        self._summarise()
        return self.plan

    def _walk(self, position: int) -> None:
        region: Region = "body"
        while position < len(self.elements):
            element = self.elements[position]
            if self._references_start(position):
                region = "references"
                self.report.recognise(element.where, "the references")
                position += 1
                continue
            if region == "references":
                taken = self._references(position)
                if taken:
                    position += taken
                    continue
                region = "after"
            position += self._place(position, region)

    def _references_start(self, position: int) -> bool:
        """A "References" heading with a reference after it: a heading such as "Sources"
        followed by prose is the writer's own section, not the list."""
        element = self.elements[position]
        if element.kind not in ("heading", "paragraph") or comparable(element.text) not in REFERENCE_HEADINGS:
            return False
        following = self.elements[position + 1] if position + 1 < len(self.elements) else None
        if following is None:
            return False
        texts = following.items if following.kind == "list" else (following.text,)
        return bool(texts) and looks_like_reference(texts[0])

    def _place_outside(self, element: Element, where: str) -> None:
        """A block before the title: a call to action goes to the aside, anything else
        to the body's end, listed."""
        cta = self.targets.cta_for(element.text)
        if cta is not None:
            self._cta(cta, element, "aside", f"{where}: ")
            return
        self._leftover(element, f"{where}, so outside the article: kept at the end of the body")

    def _place(self, position: int, region: Region) -> int:
        """Place the block at ``position`` (and any it takes with it); how many it took."""
        element = self.elements[position]
        destination = "aside" if region == "after" else "body"
        form_run = self._form_run(position)
        if form_run:
            self._form(form_run[0], None, element, destination)
            return form_run[1]
        following = self._form_run(position + 1)
        if following and element.kind in ("heading", "paragraph") and len(element.text) <= HEADING_MAX:
            if not self._is_matched(element):
                self._form(following[0], element.text, element, destination)
                return 1 + following[1]
        cta = self.targets.cta_for(element.text) if element.kind != "list" else None
        if cta is not None:
            self._cta(cta, element, destination)
            return 1 + self._cta_continuation(cta, position)
        if region == "after":
            self._leftover(element, "after the references, so outside the article: kept at the end of the body")
            return 1
        self._content(element, self.plan.body)
        return 1

    # -- calls to action and forms -----------------------------------------------------

    def _cta_continuation(self, cta: CtaTarget, position: int) -> int:
        """The lines right after a call to action's heading that are its text or button."""
        taken = 0
        parts = {cta.body, cta.button_label} - {""}
        for element in self.elements[position + 1 : position + 3]:
            key = comparable(element.text)
            if key not in parts or key == comparable(self.elements[position].text):
                break
            parts.discard(key)
            taken += 1
        return taken

    def _cta(self, cta: CtaTarget, element: Element, destination: str, prefix: str = "") -> None:
        block = PlannedBlock(
            "cta",
            {"cta": cta.pk, "heading_override": "", "body_override": "", "button_label_override": ""},
            element.where,
        )
        if destination == "aside":
            if any(existing.value == block.value for existing in self.plan.aside):
                self.report.look(element.where, f"{prefix}call to action “{cta.name}” again: the aside shows it once")
                return
            self.plan.aside.append(block)
        else:
            self.plan.body.append(block)
        place = "the aside" if destination == "aside" else "the body"
        self.report.recognise(element.where, f"{prefix}call to action “{cta.name}”, in {place}")

    def _form_run(self, position: int) -> tuple[FormTarget, int] | None:
        """An enquiry form's field labels (or field types' names, "Checkboxes"), one per
        line, from ``position``: at least two lines of the same form, since one short
        line ("Name") says too little."""
        candidates: list[FormTarget] | None = None
        length = 0
        for element in self.elements[position:]:
            if element.kind not in ("heading", "paragraph"):
                break
            forms = self.targets.forms_with(element.text)
            shared = [form for form in forms if candidates is None or form in candidates]
            if not shared:
                break
            candidates = shared
            length += 1
        if not candidates or length == 0:
            return None
        if length >= FORM_LINES_MIN:
            return candidates[0], length
        return None

    def _form(self, form: FormTarget, heading: str | None, element: Element, destination: str) -> None:
        block = PlannedBlock("enquiry_form", {"form_page": form.pk, "heading_override": heading or ""}, element.where)
        (self.plan.aside if destination == "aside" else self.plan.body).append(block)
        place = "the aside" if destination == "aside" else "the body"
        self.report.recognise(element.where, f"the enquiry form “{form.title}”, in {place}")

    # -- references ----------------------------------------------------------------------

    def _references(self, position: int) -> int:
        """The reference (or list of them) at ``position``; 0 when the block is not one,
        which ends the references."""
        element = self.elements[position]
        if element.kind == "list":
            if not all(looks_like_reference(item) for item in element.items):
                return 0
            for item in element.items:
                self._reference(item, element.where)
            return 1
        if element.kind != "paragraph" or self._is_matched(element):
            return 0
        if looks_like_reference(element.text):
            self._reference(element.text, element.where)
            return 1
        # A citation whose link is on its own line, as a blank line apart.
        following = self.elements[position + 1] if position + 1 < len(self.elements) else None
        if following is not None and following.kind == "paragraph" and _only_link(following.text):
            self._reference(f"{element.text} {following.text}", element.where)
            return 2
        return 0

    def _reference(self, text: str, where: str) -> None:
        parsed = parse_reference(text)
        if len(all_dois(text)) > 1:
            self.report.look(where, f"a reference line with several DOIs: only {parsed.doi} was read; check it")
        key = parsed.doi.lower() if parsed.doi else ""
        if key and key in self.seen_dois:
            self.report.look(where, f"the reference with DOI {parsed.doi} again: cited once")
            return
        if key:
            self.seen_dois.add(key)
        existing = self.targets.references.get(key) if key else None
        if existing is not None:
            self.plan.references.append(PlannedReference(where, parsed, existing))
            self.report.recognise(where, f"reference {parsed.doi}: already in the library, reused")
            return
        too_long = overlong_reference_fields(parsed)
        if too_long:
            self.plan.leftovers.append(PlannedBlock("paragraph", f"<p>{escape(text)}</p>", where))
            self.report.look(
                where,
                f"a reference whose {', '.join(too_long)} is longer than a reference holds: "
                "kept as a paragraph at the end of the body",
            )
            return
        if not parsed.complete:
            missing = [
                name
                for name, found in (("authors", parsed.authors), ("year", parsed.year), ("title", parsed.title))
                if not found
            ]
            self.plan.leftovers.append(PlannedBlock("paragraph", f"<p>{escape(text)}</p>", where))
            self.report.look(
                where,
                f"a reference whose {', '.join(missing)} could not be read: kept as a paragraph at the end of the body",
            )
            return
        self.plan.references.append(PlannedReference(where, parsed, None))
        self.report.recognise(
            where,
            f"reference {parsed.doi or parsed.url}: new, saved as a draft; readers see it once it is "
            "checked and published (Snippets → References)",
        )

    # -- text blocks -----------------------------------------------------------------------

    def _leftover(self, element: Element, why: str) -> None:
        value = _paragraph(element) if element.kind != "list" else f"<p>{escape(_plain(element))}</p>"
        self.plan.leftovers.append(PlannedBlock("paragraph", value, element.where))
        self.report.look(element.where, f"“{_excerpt(element.text)}”: {why}")

    def _content(self, element: Element, stream: list[PlannedBlock]) -> None:
        where = element.where
        if element.kind == "heading":
            if len(element.text) > HEADING_MAX:
                stream.append(PlannedBlock("paragraph", _paragraph(element), where))
                self.report.look(where, f"a heading over {HEADING_MAX} characters: kept as a paragraph")
                return
            level = self.levels.get(element.level, "h2")
            stream.append(
                PlannedBlock("heading", {"level": level, "text": element.text, "anchor": "", "menu_label": ""}, where)
            )
            if element.doubt:
                self.report.look(where, f"“{_excerpt(element.text)}” taken as a heading ({level}): {element.doubt}")
            return
        if element.kind == "list":
            self._list(element, stream)
            return
        if element.kind == "quote":
            if len(element.text) <= QUOTE_MAX:
                value = {"style": "quote", "text": element.text, "attribution": "", "safety": False}
                stream.append(PlannedBlock("callout", value, where))
                if element.doubt:
                    self.report.look(where, f"a quote: {element.doubt}")
                return
            self.report.look(where, f"a quote over {QUOTE_MAX} characters: kept as a paragraph")
        if len(element.text) > TEXT_MAX:
            self.report.refuse(
                where, f"a paragraph of {len(element.text):,} characters; a paragraph may hold at most {TEXT_MAX:,}"
            )
            return
        stream.append(PlannedBlock("paragraph", _paragraph(element), where))
        if element.doubt:
            self.report.look(where, f"“{_excerpt(element.text)}” kept as a paragraph: {element.doubt}")
        elif element.kind in ("title", "subtitle"):
            self.report.look(where, f"a second {element.kind}: kept as a paragraph")

    def _list(self, element: Element, stream: list[PlannedBlock]) -> None:
        items = [item for item in element.items if item.strip()]
        for item in items:
            if len(item) > LIST_ITEM_MAX:
                self.report.refuse(
                    element.where, f"a list item of {len(item):,} characters; an item may hold at most {LIST_ITEM_MAX}"
                )
                return
        value = {"items": [{"type": "item", "id": _item_id(), "value": item} for item in items]}
        stream.append(PlannedBlock("bullet_list", value, element.where))
        if element.ordered:
            self.report.look(element.where, "a numbered list became a bullet list: articles have bullet lists only")
        if element.doubt:
            self.report.look(element.where, element.doubt)

    def _summarise(self) -> None:
        counts: dict[str, int] = {}
        for block in self.plan.body:
            counts[block.type] = counts.get(block.type, 0) + 1
        parts = [_count(counts.get(kind, 0), one, many) for kind, one, many in _COUNTED]
        new = sum(1 for reference in self.plan.references if reference.existing is None)
        reused = len(self.plan.references) - new
        parts.append(
            f"{_count(len(self.plan.references), 'reference', 'references')} ({reused} reused, "
            f"{_count(new, 'new draft', 'new drafts')})"
        )
        parts.append(f"{_count(len(self.plan.aside), 'block', 'blocks')} in the aside")
        self.report.recognised.insert(0, Note("", "the body: " + ", ".join(parts)))


_COUNTED = (
    ("heading", "heading", "headings"),
    ("paragraph", "paragraph", "paragraphs"),
    ("bullet_list", "list", "lists"),
    ("callout", "quote", "quotes"),
    ("cta", "call to action", "calls to action"),
    ("enquiry_form", "form", "forms"),
)


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def overlong_reference_fields(parsed: ParsedReference) -> list[str]:
    """The parts read from a reference line that are longer than a reference holds (an
    "issue" that swallowed a meeting's name, a publisher's URL of 300 characters)."""
    fields = {
        "title": parsed.title,
        "journal": parsed.journal,
        "volume": parsed.volume,
        "issue": parsed.issue,
        "pages": parsed.pages,
        "url": parsed.url,
    }
    too_long = [name for name, value in fields.items() if len(value) > _max_length(Reference, name)]
    family, given = _max_length(ReferenceAuthor, "family"), _max_length(ReferenceAuthor, "given")
    if any(len(a) > family or len(b) > given for a, b in parsed.authors):
        too_long.append("author's name")
    return too_long


def _max_length(model: type[Reference] | type[ReferenceAuthor], name: str) -> int:
    field = model._meta.get_field(name)
    length = getattr(field, "max_length", None)
    return length if isinstance(length, int) else TEXT_MAX


def _plain(element: Element) -> str:
    if element.kind == "list":
        return "; ".join(element.items)
    return element.text


def _only_link(text: str) -> bool:
    stripped = text.strip()
    return " " not in stripped and looks_like_reference(stripped)


def _excerpt(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def plan_article(elements: Sequence[Element], targets: ImportTargets, fallback_title: str) -> ArticlePlan:
    """The article the document describes, and its report; ``report.problems`` non-empty
    when it cannot be imported as it is."""
    return _Planner(elements, targets, fallback_title).run()
