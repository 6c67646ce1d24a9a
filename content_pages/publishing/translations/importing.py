"""Import: validate a whole PO file, then write every translation or nothing.

Checks, each reported with its PO line and segment: the file is UTF-8 and parses; its
``Language`` is a configured target language; every ``msgctxt`` is a segment of the
pages it names; every ``msgid`` is still the current source; placeholders match the
source exactly; lengths stay within their limits. One problem and nothing is written.

The checks (``review_entries``) and the write (``writing.write_accepted``) are shared
with the web translation editor (``apply.py``): a translation is held to the same rules
and stored the same way whichever way it came. Only translations that differ from the
current one are written; a page or snippet with none gets no revision and no publish.

A workbook (``spreadsheets.reading``) is read into the same ``Entry`` objects and goes
through the same ``import_entries``: only the reading of the file differs.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, read_po
from django.apps import apps
from django.db import models
from wagtail.models import Page

from content_pages.foundations.languages import babel_locale, english_name, target_languages
from content_pages.foundations.limits import TEXT_MAX, TRANSLATION_FILE_MAX_BYTES
from content_pages.foundations.lookups import shared_lookups
from content_pages.foundations.roles import AnyUser
from content_pages.foundations.translator_text import PLACEHOLDER, PlaceholderError, check_placeholders
from content_pages.models import EnquiryFormField
from content_pages.publishing.translations.outcome import ImportRejected, ImportReport, Problem
from content_pages.publishing.translations.writing import WriteOptions, not_yet_live, write_accepted
from content_pages.reads.page_versions import PageVersions, load_versions
from content_pages.reads.segments import ID_PREFIXES, Segment, versioned_segments

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


def file_too_large(size: int) -> str | None:
    """The refusal of a translation file over ``TRANSLATION_FILE_MAX_BYTES``, before it is read."""
    if size <= TRANSLATION_FILE_MAX_BYTES:
        return None
    return (
        f"the file is {size / 1024 / 1024:.1f} MB; a translation file may be at most "
        f"{TRANSLATION_FILE_MAX_BYTES // 1024 // 1024} MB (export and upload one page at a time)"
    )


def _parse(data: bytes, report: ImportReport) -> Catalog | None:
    too_large = file_too_large(len(data))
    if too_large is not None:
        report.problems.append(Problem(None, "", too_large))
        return None
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


def file_language(data: bytes) -> str | None:
    """The target language a PO file's header names; None when the file cannot say
    (``import_po`` then reports why)."""
    report = ImportReport()
    catalog = _parse(data, report)
    return _language(catalog, report) if catalog is not None else None


@dataclass(frozen=True)
class Entry:
    """One proposed translation: a PO entry, a workbook row, or a text from the web
    translation editor."""

    segment_id: str
    translation: str
    # The source the translator worked from; None when not known (then not compared).
    source: str | None = None
    line: int | None = None  # a PO file's line, a workbook sheet's row
    fuzzy: bool = False
    # The translator says an unchanged translation still fits a changed source (a PO
    # entry whose fuzzy flag they removed; the editor's "Still correct"): it stops being
    # stale, recorded against the current source.
    confirm: bool = False
    sheet: str = ""  # a workbook row's sheet

    def problem(self, segment_id: str, message: str) -> Problem:
        """A problem placed where this entry is, so the translator finds it in the file."""
        return Problem(self.line, segment_id, message, self.sheet)


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
    translation = entry.translation
    too_long = _over_text_limit(segment, entry)
    if too_long is not None:
        return [too_long]  # before anything that reads the whole text, and before any channel check
    if entry.source is not None and entry.source != segment.source:
        return [entry.problem(segment.id, wording.source_changed)]
    if segment.markup is not None:
        try:
            check_placeholders(segment.markup, translation)
        except PlaceholderError as error:
            return [entry.problem(segment.id, f"placeholders do not match the source: {error}")]
    problems = []
    if segment.max_length and reader_length(segment, translation) > segment.max_length:
        limit = f"{reader_length(segment, translation)} characters; at most {segment.max_length} allowed here"
        problems.append(entry.problem(segment.id, f"{limit} ({segment.note})"))
    if segment.field == "choices" and len(translation.splitlines()) != len(segment.source.splitlines()):
        problems.append(entry.problem(segment.id, "keep one choice per line, as many lines as the source"))
    return problems


def reader_length(segment: Segment, translation: str) -> int:
    """The characters a reader sees: a rich text's placeholders (``<a1>``, ``</b2>``) do
    not count, as Wagtail's rich text ``max_length`` does not count the markup."""
    return len(PLACEHOLDER.sub("", translation)) if segment.markup is not None else len(translation)


def _over_text_limit(segment: Segment, entry: Entry) -> Problem | None:
    """A text longer than any single text may be (``TEXT_MAX``), refused at once: what
    checks it further (placeholders, the page's channel limits) grows with its length."""
    translation = entry.translation
    if len(translation) <= TEXT_MAX or reader_length(segment, translation) <= TEXT_MAX:
        return None
    return entry.problem(
        segment.id,
        f"{reader_length(segment, translation):,} characters; a single text may have at most {TEXT_MAX:,} "
        f"({segment.note.split('.')[0]})",
    )


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
    # Asked once per page or snippet, not once per text: a permission check reads rows.
    allowed: dict[tuple[type[models.Model], object], bool] = {}
    for entry in entries:
        segment = known.get(entry.segment_id)
        if segment is None:
            report.problems.append(entry.problem(entry.segment_id, wording.unknown))
            continue
        owner = _editable_owner(segment.owner)
        key = (type(owner), owner.pk)
        if may_edit is not None and key not in allowed:
            allowed[key] = may_edit(owner)
        if may_edit is not None and not allowed[key]:
            report.problems.append(entry.problem(segment.id, f"you may not edit {_describe(owner)}"))
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


def _editable_owner(owner: models.Model) -> models.Model:
    """What permission is asked of: a form field's page, otherwise the owner itself."""
    return owner.page if isinstance(owner, EnquiryFormField) else owner


def _describe(obj: models.Model) -> str:
    kind = "the page" if isinstance(obj, Page) else f"the {obj._meta.verbose_name}"
    return f"{kind} “{obj}”"


_OBJECT_CONTEXT = re.compile(r"^([a-z_]+):(\d+):")


def outside_page(entries: list[Entry], known: dict[str, Segment], page: Page) -> list[Problem]:
    """Entries that are not texts of ``page`` or of the snippets it shows, each naming
    whose text it is; first a summary listing every page and snippet concerned."""
    outside = [entry for entry in entries if entry.segment_id not in known]
    owners: dict[str, list[Entry]] = {}
    for entry in outside:
        match = _OBJECT_CONTEXT.match(entry.segment_id)
        if match is None or (match.group(1) == "page" and int(match.group(2)) == page.pk):
            continue  # not another object's text: reported as unknown by ``review_entries``
        owners.setdefault(f"{match.group(1)}:{match.group(2)}", []).append(entry)
    if not owners:
        return []
    names = _names(list(owners))
    listed = ", ".join(names[label] for label in owners)
    problems = [
        Problem(
            None,
            "",
            f"this file holds texts of {listed}, which the page “{page.title}” does not show; "
            "upload each page's file on that page's Translations screen. Nothing was imported.",
        )
    ]
    for label, found in owners.items():
        where = f"a text of {names[label]}, not of this page"
        problems += [entry.problem(entry.segment_id, where) for entry in found]
    return problems


def _names(labels: list[str]) -> dict[str, str]:
    """ "page:6" -> "page 6 “Title”", "cta:4" -> "call to action 4 “Name”": one query per kind."""
    models_by_prefix: dict[str, type[models.Model]] = {prefix: model for model, prefix in ID_PREFIXES.items()}
    wanted: dict[str, list[int]] = {}
    for label in labels:
        prefix, pk = label.split(":")
        wanted.setdefault(prefix, []).append(int(pk))
    names = {label: label.replace(":", " ") for label in labels}
    for prefix, pks in wanted.items():
        model = models_by_prefix.get(prefix) or _content_model(prefix)
        if model is None:
            continue
        for obj in model._default_manager.filter(pk__in=pks):
            names[f"{prefix}:{obj.pk}"] = f"{model._meta.verbose_name} {obj.pk} “{obj}”"
    return names


def _content_model(name: str) -> type[models.Model] | None:
    try:
        return apps.get_model("content_pages", name)
    except LookupError:
        return None


@dataclass(frozen=True)
class ImportOptions:
    """Who imports a translation file (PO or workbook) and how; every field is optional.

    ``page`` scopes the file to one page (the admin upload opened on that page): only its
    texts and those of the snippets it shows may be in it; an entry of another page or
    snippet is named in a problem and refuses the whole file. Without it (an
    administrator's ``manage.py import_translations``) the file may hold the whole site,
    each page named by its ``msgctxt``.

    ``allowed_languages`` (a translator's languages) refuses a file in any other.
    ``may_edit`` (the admin upload passes the uploading user's permission) is asked for
    every page and snippet a segment belongs to; one it refuses rejects the whole file.
    ``publish``, ``dry_run``, ``user``, ``origin`` and ``needs_review`` are the write's
    (``writing.WriteOptions``).
    """

    publish: bool = False
    dry_run: bool = False
    user: AnyUser | None = None
    allowed_languages: AbstractSet[str] | None = None
    may_edit: Callable[[models.Model], bool] | None = None
    origin: str = "po"
    needs_review: bool = False
    page: Page | None = None

    def writing(self, language: str) -> WriteOptions:
        return WriteOptions(
            language=language,
            publish=self.publish,
            dry_run=self.dry_run,
            user=self.user,
            origin=self.origin,
            needs_review=self.needs_review,
        )


def import_po(data: bytes, options: ImportOptions | None = None) -> ImportReport:
    """Validate and import one PO file. Raises ``ImportRejected`` (nothing written) on any
    problem: the file (``_read``), then its entries (``import_entries``), all or nothing."""
    options = options or ImportOptions()
    report = ImportReport(dry_run=options.dry_run)
    catalog, language = _read(data, report, options.allowed_languages)
    messages = [message for message in catalog if message.id]
    return import_entries(_entries(messages, report), language, report, options)


def import_entries(
    entries: list[Entry],
    language: str,
    report: ImportReport,
    options: ImportOptions,
    wording: Wording = PO_WORDING,
) -> ImportReport:
    """Check a file's entries against the pages they name (``_review``), then write them
    (``writing.write_accepted``), all or nothing: what a PO file and a workbook share once
    read. ``report`` holds what reading the file found; any problem in it rejects the file."""
    # Every page of the file at once; the same call to action or form page, shown on many
    # of them, is read once.
    pages = load_versions(_page_ids(entries, options.page))
    known = _known_segments(pages, language)
    accepted = _review(entries, known, report, options, wording)
    unchanged = [known[segment_id] for segment_id in report.unchanged]
    write_accepted(
        accepted,
        report,
        options.writing(language),
        also_publish=not_yet_live(unchanged, language) if options.publish else (),
        drafts=pages,
    )
    return report


def _read(data: bytes, report: ImportReport, allowed_languages: AbstractSet[str] | None) -> tuple[Catalog, str]:
    """The parsed file and its language, one the importer translates; else ``ImportRejected``."""
    catalog = _parse(data, report)
    if catalog is None:
        raise ImportRejected(report)
    language = _language(catalog, report)
    if language is None:
        raise ImportRejected(report)
    accept_language(language, report, allowed_languages)
    return catalog, language


def accept_language(language: str, report: ImportReport, allowed_languages: AbstractSet[str] | None) -> None:
    """Take ``language`` as the file's, or refuse it (``ImportRejected``) when the importer
    does not translate it, before anything else of the file is read."""
    report.language = language
    if allowed_languages is not None and language not in allowed_languages:
        yours = ", ".join(english_name(code) for code in sorted(allowed_languages)) or "no language"
        report.problems.append(
            Problem(None, "", f"this is a {english_name(language)} file; you translate {yours} only")
        )
        raise ImportRejected(report)


def _page_ids(entries: list[Entry], page: Page | None) -> list[int]:
    """The pages a file's entries name (``page:6:…``), or the one page it is scoped to."""
    if page is not None:
        return [page.pk]
    return sorted({int(m.group(1)) for entry in entries if (m := _PAGE_CONTEXT.match(entry.segment_id))})


def _known_segments(pages: Mapping[int, PageVersions], language: str) -> dict[str, Segment]:
    """Every segment of the file's pages and of the snippets they show, by id."""
    known: dict[str, Segment] = {}
    with shared_lookups():
        for versions in sorted(pages.values(), key=lambda versions: versions.stored.path):
            for segment in versioned_segments(versions, language):
                known.setdefault(segment.id, segment)
    return known


def _entries(messages: list[Message], report: ImportReport) -> list[Entry]:
    """The file's entries as proposed translations; one without a ``msgctxt`` is a problem."""
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
    return entries


def _review(
    entries: list[Entry], known: dict[str, Segment], report: ImportReport, options: ImportOptions, wording: Wording
) -> list[tuple[Segment, str]]:
    """The changed translations to write; ``ImportRejected`` on any problem, the page
    scope's first (an entry of another page says only where it belongs)."""
    if options.page is not None:
        report.problems.extend(outside_page(entries, known, options.page))
        if report.problems:
            raise ImportRejected(report)
    accepted = review_entries(entries, known, report, may_edit=options.may_edit, wording=wording)
    if report.problems:
        raise ImportRejected(report)
    return accepted
