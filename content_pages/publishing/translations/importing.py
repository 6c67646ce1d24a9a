"""Import: validate a whole PO file, then write every translation or nothing.

Checks, each reported with its PO line and segment: the file is UTF-8 and parses; its
``Language`` is a configured target language; every ``msgctxt`` is a segment of the
pages it names; every ``msgid`` is still the current source; placeholders match the
source exactly; lengths stay within their limits. One problem and nothing is written.

The checks (``review_entries``) and the write (``write_accepted``) are shared with the
web translation editor (``apply.py``): a translation is held to the same rules and
stored the same way whichever way it came. Only translations that differ from the
current one are written; a page or snippet with none gets no revision and no publish.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po
from django.core.exceptions import ValidationError
from django.db import models, transaction
from wagtail.models import Page

from content_pages.foundations.languages import babel_locale, english_name, localized_field_name, target_languages
from content_pages.foundations.roles import AnyUser
from content_pages.models import EnquiryFormField, EnquiryFormPage
from content_pages.publishing.article_structure import sync_translation_streams
from content_pages.publishing.gate import PublishRefused, publish_language
from content_pages.publishing.translations.records import confirm_translations, record_translations
from content_pages.reads.placeholders import PlaceholderError, check_placeholders, to_html
from content_pages.reads.segments import Segment, page_segments, snippet_segments, translatable_segments

_PAGE_CONTEXT = re.compile(r"^page:(\d+):")
_QUOTED = r'"(?:[^"\\]|\\.)*"'
_PO_LINE = re.compile(rf"^(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+{_QUOTED}|{_QUOTED})\s*$")


def _lint(text: str) -> list[Problem]:
    """Lines Babel's lenient parser would silently drop (an unclosed quote, a bare msgid)."""
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if not _PO_LINE.match(stripped):
            problems.append(Problem(number, "", f"not valid PO syntax: {stripped[:60]!r}"))
    return problems


@dataclass(frozen=True)
class Problem:
    line: int | None
    segment: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "file"
        return f"{where}{f' ({self.segment})' if self.segment else ''}: {self.message}"


@dataclass
class ImportReport:
    language: str = ""
    problems: list[Problem] = field(default_factory=list)
    # Translations written: only those that differ from the current translation.
    imported: list[str] = field(default_factory=list)
    # Entries whose translation is already the current one: nothing to write.
    unchanged: list[str] = field(default_factory=list)
    # Unchanged translations the translator confirmed for a changed source: no longer stale.
    confirmed: list[str] = field(default_factory=list)
    confirming: list[Segment] = field(default_factory=list, repr=False)
    skipped_fuzzy: list[str] = field(default_factory=list)
    skipped_empty: list[str] = field(default_factory=list)
    # Texts of the live page that a pending draft has removed: nowhere to put them.
    skipped_removed: list[str] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    # With publishing: what went live (that language only), and what was left a draft
    # because it is not live (an import never makes anything live).
    published: list[str] = field(default_factory=list)
    not_live: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


class ImportRejected(Exception):
    def __init__(self, report: ImportReport) -> None:
        super().__init__("; ".join(str(problem) for problem in report.problems))
        self.report = report


def _parse(data: bytes, report: ImportReport) -> Catalog | None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        byte = data[error.start]
        report.problems.append(Problem(line, "", f"the file is not UTF-8 (byte 0x{byte:02x}); save it as UTF-8"))
        return None
    lint = _lint(data.decode("utf-8"))
    if lint:
        report.problems.extend(lint)
        return None
    try:
        catalog = read_po(io.BytesIO(data), abort_invalid=True)
    except PoFileError as error:
        match = re.search(r" on (\d+)$", str(error))
        report.problems.append(Problem(int(match.group(1)) if match else None, "", f"not a valid PO file: {error}"))
        return None
    if (catalog.charset or "utf-8").lower().replace("_", "-") not in ("utf-8", "utf8"):
        report.problems.append(Problem(None, "", f"the header says charset={catalog.charset}; the file must be UTF-8"))
    return catalog


def _language(catalog: Catalog, report: ImportReport) -> str | None:
    codes = {str(babel_locale(code)): code for code in target_languages()}
    language = codes.get(str(catalog.locale)) if catalog.locale else None
    if language is None:
        accepted = ", ".join(f"{babel_locale(code)} ({english_name(code)})" for code in target_languages())
        report.problems.append(
            Problem(None, "", f"the Language header is {catalog.locale or 'missing'!s}; it must be one of: {accepted}")
        )
    return language


@dataclass(frozen=True)
class Entry:
    """One proposed translation: a PO entry, or a text from the web translation editor."""

    segment_id: str
    translation: str
    # The source the translator worked from; None when not known (then not compared).
    source: str | None = None
    line: int | None = None
    fuzzy: bool = False
    # The translator says an unchanged translation still fits a changed source (a PO
    # entry whose fuzzy flag they removed; the editor's "Still correct"): it stops being
    # stale, recorded against the current source.
    confirm: bool = False


@dataclass(frozen=True)
class Wording:
    """How the two problems that depend on where a translation came from are put."""

    unknown: str
    source_changed: str


PO_WORDING = Wording(
    unknown="unknown msgctxt: no such text on the pages in this file",
    source_changed="the source text changed since this file was exported; export it again",
)


def check_translation(segment: Segment, entry: Entry, wording: Wording = PO_WORDING) -> list[Problem]:
    """What is wrong with ``entry`` as a translation of ``segment``: a changed source,
    placeholders that differ from the source's, a text over its limit, a choice list
    with another number of lines."""
    line, translation = entry.line, entry.translation
    if entry.source is not None and entry.source != segment.source:
        return [Problem(line, segment.id, wording.source_changed)]
    if segment.markup is not None:
        try:
            check_placeholders(segment.markup, translation)
        except PlaceholderError as error:
            return [Problem(line, segment.id, f"placeholders do not match the source: {error}")]
    problems = []
    if segment.max_length and len(translation) > segment.max_length:
        limit = f"{len(translation)} characters; at most {segment.max_length} allowed here"
        problems.append(Problem(line, segment.id, f"{limit} ({segment.note})"))
    if segment.field == "choices" and len(translation.splitlines()) != len(segment.source.splitlines()):
        problems.append(Problem(line, segment.id, "keep one choice per line, as many lines as the source"))
    return problems


def review_entries(
    entries: list[Entry],
    known: dict[str, Segment],
    report: ImportReport,
    *,
    may_edit: Callable[[models.Model], bool] | None = None,
    wording: Wording = PO_WORDING,
) -> list[tuple[Segment, str]]:
    """Check every entry against the segments it names; the changed translations that
    pass, to be written. Problems, skipped and unchanged entries go into ``report``."""
    accepted: list[tuple[Segment, str]] = []
    confirming: list[Segment] = []
    for entry in entries:
        segment = known.get(entry.segment_id)
        if segment is None:
            report.problems.append(Problem(entry.line, entry.segment_id, wording.unknown))
            continue
        owner = _editable_owner(segment.owner)
        if may_edit is not None and not may_edit(owner):
            report.problems.append(Problem(entry.line, segment.id, f"you may not edit {_describe(owner)}"))
            continue
        if entry.fuzzy:
            report.skipped_fuzzy.append(segment.id)
            continue
        if not entry.translation.strip():
            report.skipped_empty.append(segment.id)
            continue
        problems = check_translation(segment, entry, wording)
        if problems:
            report.problems.extend(problems)
        elif entry.translation == segment.translation:
            report.unchanged.append(segment.id)
            if entry.confirm:
                confirming.append(segment)
        else:
            accepted.append((segment, entry.translation))
    report.confirming = confirming
    return accepted


def write_accepted(
    accepted: list[tuple[Segment, str]],
    language: str,
    report: ImportReport,
    *,
    publish: bool = False,
    dry_run: bool = False,
    user: AnyUser | None = None,
    origin: str = "po",
    needs_review: bool = False,
    also_publish: list[Segment] | None = None,
) -> None:
    """Write the accepted translations in one transaction, or nothing (``ImportRejected``).

    Each page or snippet with a changed translation gets one draft revision (built on
    its latest draft, so pending edits are kept), published in that language only when
    asked; one with nothing changed gets no revision, and is published only for
    ``also_publish`` (unchanged texts whose draft translation is not live yet).
    """
    report.imported = [segment.id for segment, _ in accepted]
    also_publish = also_publish if publish and also_publish else []
    if not accepted and not also_publish and not report.confirming:
        return
    with transaction.atomic():
        report.confirmed = confirm_translations(report.confirming, language, origin=origin)
        _write(
            accepted,
            language,
            publish=publish,
            user=user,
            report=report,
            origin=origin,
            needs_review=needs_review,
            also_publish=also_publish,
        )
        if dry_run:
            transaction.set_rollback(True)


def _value(segment: Segment, translation: str) -> str:
    return to_html(segment.markup, translation) if segment.markup is not None else translation


def _set_stream_leaf(page: Page, segment: Segment, language: str, value: str) -> bool:
    """Set one text inside the draft's stream; False when the pending draft no longer has
    that block or list item (an editor removed it), so there is nowhere to put it."""
    field = localized_field_name(segment.field, language)
    stream = getattr(page, field).get_prep_value()
    block_id, *path = segment.stream_path
    container: Any = next((item for item in stream if item["id"] == block_id), None)
    if container is None:
        return False
    key: Any = "value"
    for step in path:
        container = container[key]
        if isinstance(container, list):
            container = next((item for item in container if item["id"] == step), None)
            if container is None:
                return False
            key = "value"
        else:
            key = step
    container[key] = value
    setattr(page, field, stream)
    return True


def _write(
    accepted: list[tuple[Segment, str]],
    language: str,
    *,
    publish: bool,
    user: AnyUser | None,
    report: ImportReport,
    origin: str,
    needs_review: bool,
    also_publish: list[Segment],
) -> None:
    pages: dict[int, Page] = {}
    # Snippets with revisions (RevisionMixin), which the type of a model does not say.
    snippets: dict[tuple[type[models.Model], int], Any] = {}

    def page_draft(page_id: int) -> Page:
        page = pages.get(page_id)
        if page is None:
            page = pages[page_id] = Page.objects.get(pk=page_id).specific.get_latest_revision_as_object()
            if hasattr(page, "body"):
                sync_translation_streams(page)
            if isinstance(page, EnquiryFormPage):
                # Held in memory, so that the labels set below are what the revision saves.
                page.form_fields = list(page.form_fields.all())
        return page

    for segment, translation in accepted:
        owner = segment.owner
        if isinstance(owner, Page):
            page = page_draft(owner.pk)
            if segment.stream_path:
                if not _set_stream_leaf(page, segment, language, _value(segment, translation)):
                    report.skipped_removed.append(segment.id)
            else:
                setattr(page, localized_field_name(segment.field, language), _value(segment, translation))
        elif isinstance(owner, EnquiryFormField):
            # A form field belongs to its page's revisions: translated in the page's draft.
            child = next(field for field in page_draft(owner.page_id).form_fields.all() if field.pk == owner.pk)
            setattr(child, localized_field_name(segment.field, language), _value(segment, translation))
        else:
            key = (type(owner), owner.pk)
            obj = snippets.get(key)
            if obj is None:
                # Build on the snippet's latest draft, so an editor's pending draft is kept.
                obj = snippets[key] = cast(
                    Any, type(owner)._default_manager.get(pk=owner.pk)
                ).get_latest_revision_as_object()
            setattr(obj, localized_field_name(segment.field, language), _value(segment, translation))
    # Recorded before publishing, so that the record says where the translation came
    # from (the publish's own recording then finds it unchanged).
    written = [segment for segment, _ in accepted if segment.id not in report.skipped_removed]
    for segment, translation in accepted:
        segment.translation = translation
    record_translations(written, language, origin=origin, needs_review=needs_review)
    for obj in snippets.values():
        try:
            obj.full_clean()
        except ValidationError as error:
            report.problems.append(Problem(None, f"{type(obj).__name__.lower()}:{obj.pk}", "; ".join(error.messages)))
            continue
        # A draft revision, like any other edit; only a publish changes what readers see.
        obj.save_revision(user=user, log_action=True)
        if publish:
            _publish_language(
                type(obj)._default_manager.get(pk=obj.pk),
                f"{type(obj).__name__.lower()}:{obj.pk}",
                language,
                user,
                report,
            )
    for page in pages.values():
        try:
            page.full_clean()
        except ValidationError as error:
            report.problems.append(Problem(None, f"page:{page.pk}", "; ".join(_messages(error))))
            continue
        page.save_revision(user=user, log_action=True)
        report.pages.append(page.pk)
        if publish:
            _publish_language(Page.objects.get(pk=page.pk).specific, f"page:{page.pk}", language, user, report)
    # Translations already in a draft but not live (imported earlier without publishing).
    done = {f"page:{pk}" for pk in pages} | {f"{model.__name__.lower()}:{pk}" for model, pk in snippets}
    for label, owner in _publish_units(also_publish).items():
        if label not in done:
            _publish_language(_stored(owner), label, language, user, report)
    if report.problems:
        raise ImportRejected(report)


def _publish_units(segments: list[Segment]) -> dict[str, models.Model]:
    """What is published for each text, by label: its page (for a form field too) or snippet."""
    units: dict[str, models.Model] = {}
    for segment in segments:
        owner = segment.owner
        if isinstance(owner, EnquiryFormField):
            units.setdefault(f"page:{owner.page_id}", owner.page)
        elif isinstance(owner, Page):
            units.setdefault(f"page:{owner.pk}", owner)
        else:
            units.setdefault(f"{type(owner).__name__.lower()}:{owner.pk}", owner)
    return units


def _stored(obj: models.Model) -> Any:
    """The object as stored now: for a page or snippet, its live version."""
    if isinstance(obj, Page):
        return Page.objects.get(pk=obj.pk).specific
    return type(obj)._default_manager.get(pk=obj.pk)


def not_yet_live(segments: list[Segment], language: str) -> list[Segment]:
    """Those of ``segments`` whose translation (the latest draft's) is not what is live:
    with ``--publish``, an unchanged entry still publishes a translation that an earlier
    import, or an editor, left as a draft."""
    live: dict[str, str] = {}
    for owner in _publish_units(segments).values():
        obj = _stored(owner)
        if not getattr(obj, "live", False):
            continue  # nothing to publish: an import never makes anything live
        found = page_segments(obj, language) if isinstance(obj, Page) else snippet_segments(obj, language)
        live.update((segment.id, segment.translation) for segment in found)
    return [segment for segment in segments if segment.id in live and live[segment.id] != segment.translation]


def _editable_owner(owner: models.Model) -> models.Model:
    """What permission is asked of: a form field's page, otherwise the owner itself."""
    return owner.page if isinstance(owner, EnquiryFormField) else owner


def _describe(obj: models.Model) -> str:
    kind = "the page" if isinstance(obj, Page) else f"the {obj._meta.verbose_name}"
    return f"{kind} “{obj}”"


def _publish_language(obj: Any, label: str, language: str, user: Any, report: ImportReport) -> None:
    """Publish only this language, from the live version: a pending draft of the source
    stays pending, and nothing that is not live is made live."""
    if not obj.live:
        report.not_live.append(label)
        return
    try:
        publish_language(obj, language, user=user)
    except PublishRefused as refused:
        report.problems.append(Problem(None, label, " ".join(refused.problems)))
    except ValidationError as error:
        report.problems.append(Problem(None, label, "; ".join(_messages(error))))
    else:
        report.published.append(label)


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [
            f"{name}: {message}" for name, errors in error.error_dict.items() for e in errors for message in _flatten(e)
        ]
    return list(error.messages)


def _flatten(error: ValidationError) -> list[str]:
    block_errors = getattr(error, "block_errors", None)
    if block_errors:
        return [message for child in block_errors.values() for message in _flatten(child)]
    return list(error.messages)


def import_po(
    data: bytes,
    *,
    publish: bool = False,
    dry_run: bool = False,
    user: AnyUser | None = None,
    allowed_languages: set[str] | None = None,
    may_edit: Callable[[models.Model], bool] | None = None,
    origin: str = "po",
    needs_review: bool = False,
) -> ImportReport:
    """Validate and import one PO file. Raises ``ImportRejected`` (nothing written) on any problem.

    ``may_edit`` (the admin upload passes the uploading user's permission) is asked for
    every page and snippet a segment belongs to; one it refuses rejects the whole file.
    ``origin`` and ``needs_review`` go into the translation records of what is written
    (the seed passes "seed" and True: its translations were never medically reviewed).
    """
    report = ImportReport(dry_run=dry_run)
    catalog = _parse(data, report)
    if catalog is None:
        raise ImportRejected(report)
    language = _language(catalog, report)
    if language is None:
        raise ImportRejected(report)
    report.language = language
    if allowed_languages is not None and language not in allowed_languages:
        yours = ", ".join(english_name(code) for code in sorted(allowed_languages)) or "no language"
        report.problems.append(
            Problem(None, "", f"this is a {english_name(language)} file; you translate {yours} only")
        )
        raise ImportRejected(report)

    messages = [message for message in catalog if message.id]
    page_ids = sorted({int(m.group(1)) for message in messages if (m := _PAGE_CONTEXT.match(message.context or ""))})
    known: dict[str, Segment] = {}
    for page in Page.objects.filter(pk__in=page_ids):
        for segment in translatable_segments(page, language):
            known.setdefault(segment.id, segment)

    entries = []
    for message in messages:
        if not message.context:
            report.problems.append(
                Problem(message.lineno, "", "no msgctxt: every entry needs the segment id it was exported with")
            )
            continue
        translation = message.string if isinstance(message.string, str) else ""
        # A plural entry's msgid is a tuple: never a segment's source, so it is refused.
        source = message.id if isinstance(message.id, str) else ""
        # Fuzzy entries are skipped; any other entry is the translator's word for its text.
        entries.append(Entry(message.context, translation, source, message.lineno, bool(message.fuzzy), confirm=True))
    accepted = review_entries(entries, known, report, may_edit=may_edit)
    if report.problems:
        raise ImportRejected(report)
    unchanged = [known[segment_id] for segment_id in report.unchanged]
    write_accepted(
        accepted,
        language,
        report,
        publish=publish,
        dry_run=dry_run,
        user=user,
        origin=origin,
        needs_review=needs_review,
        also_publish=not_yet_live(unchanged, language) if publish else [],
    )
    return report
