"""Import: validate a whole PO file, then write every translation or nothing.

Checks, each reported with its PO line and segment: the file is UTF-8 and parses; its
``Language`` is a configured target language; every ``msgctxt`` is a segment of the
pages it names; every ``msgid`` is still the current source; placeholders match the
source exactly; lengths stay within their limits. One problem and nothing is written.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
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
from content_pages.publishing.translations.records import record_translations
from content_pages.reads.placeholders import PlaceholderError, check_placeholders, to_html
from content_pages.reads.segments import Segment, translatable_segments

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
    imported: list[str] = field(default_factory=list)
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


def _check(message: Any, segment: Segment, report: ImportReport) -> None:
    line, translation = message.lineno, message.string
    if message.id != segment.source:
        report.problems.append(
            Problem(line, segment.id, "the source text changed since this file was exported; export it again")
        )
        return
    if segment.markup is not None:
        try:
            check_placeholders(segment.markup, translation)
        except PlaceholderError as error:
            report.problems.append(Problem(line, segment.id, f"placeholders do not match the source: {error}"))
            return
    if segment.max_length and len(translation) > segment.max_length:
        limit = f"{len(translation)} characters; at most {segment.max_length} allowed here"
        report.problems.append(Problem(line, segment.id, f"{limit} ({segment.note})"))
    if segment.field == "choices" and len(translation.splitlines()) != len(segment.source.splitlines()):
        report.problems.append(Problem(line, segment.id, "keep one choice per line, as many lines as the source"))


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
    if report.problems:
        raise ImportRejected(report)
    by_language: dict[str, list[Segment]] = defaultdict(list)
    for segment, translation in accepted:
        segment.translation = translation
        by_language[language].append(segment)
    record_translations(by_language[language], language)


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
) -> ImportReport:
    """Validate and import one PO file. Raises ``ImportRejected`` (nothing written) on any problem.

    ``may_edit`` (the admin upload passes the uploading user's permission) is asked for
    every page and snippet a segment belongs to; one it refuses rejects the whole file.
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

    accepted: list[tuple[Segment, str]] = []
    for message in messages:
        if not message.context:
            report.problems.append(
                Problem(message.lineno, "", "no msgctxt: every entry needs the segment id it was exported with")
            )
            continue
        found = known.get(message.context)
        if found is None:
            report.problems.append(
                Problem(message.lineno, message.context, "unknown msgctxt: no such text on the pages in this file")
            )
            continue
        segment = found
        if may_edit is not None and not may_edit(_editable_owner(segment.owner)):
            report.problems.append(
                Problem(message.lineno, segment.id, f"you may not edit {_describe(_editable_owner(segment.owner))}")
            )
            continue
        if message.fuzzy:
            report.skipped_fuzzy.append(segment.id)
            continue
        translation = message.string if isinstance(message.string, str) else ""
        if not translation.strip():
            report.skipped_empty.append(segment.id)
            continue
        _check(message, segment, report)
        accepted.append((segment, translation))
    if report.problems:
        raise ImportRejected(report)
    report.imported = [segment.id for segment, _ in accepted]
    with transaction.atomic():
        _write(accepted, language, publish=publish, user=user, report=report)
        if dry_run:
            transaction.set_rollback(True)
    return report
