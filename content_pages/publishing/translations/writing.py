"""Write: accepted translations into one draft revision per page or snippet, all or nothing.

Shared by the PO import and the web translation editor (``importing``, ``apply``). Each
page or snippet with a changed translation gets one draft revision, built on its latest
draft so that pending edits are kept, and published in that language only when asked.

What a file of a thousand pages costs is set here: the pages come loaded
(``reads.page_versions``), a stream's texts are set in one pass, the translation records
are read once and written in bulk, and each page is checked once, for what a translation
can break, before its revision is saved without checking again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import models, transaction
from wagtail.models import Page
from wagtail.signal_handlers import disable_reference_index_auto_update

from content_pages.blocks.tree import StoredStream
from content_pages.foundations import translated_fields
from content_pages.foundations.languages import content_languages, localized_field_name
from content_pages.foundations.lookups import shared_lookups
from content_pages.foundations.roles import AnyUser
from content_pages.foundations.translator_text import to_html
from content_pages.models import ArticlePage, EnquiryFormField, EnquiryFormPage
from content_pages.models.indexing import index_unchanged
from content_pages.publishing.article_structure import sync_translation_streams
from content_pages.publishing.gate import PublishRefused, ReviewNeeded, publish_language
from content_pages.publishing.gate.language_review import submit
from content_pages.publishing.gate.rules import article_save_errors
from content_pages.publishing.translations.outcome import ImportRejected, ImportReport, Problem
from content_pages.publishing.translations.records import confirm_translations, record_translations
from content_pages.reads.page_versions import PageVersions, load_versions
from content_pages.reads.segments import Segment, object_label, page_segments, snippet_segments


@dataclass(frozen=True)
class WriteOptions:
    """How accepted translations are written, the same for every text of one save.

    ``publish`` publishes each page or snippet written to in ``language`` only (a
    reviewer's approval is asked where the user may not give it); ``dry_run`` checks and
    writes, then rolls everything back; ``origin`` and ``needs_review`` go into the
    translation records (the seed says "seed" and True: never medically reviewed).
    """

    language: str
    publish: bool = False
    dry_run: bool = False
    user: AnyUser | None = None
    origin: str = "po"
    needs_review: bool = False


def write_accepted(
    accepted: list[tuple[Segment, str]],
    report: ImportReport,
    options: WriteOptions,
    *,
    also_publish: Sequence[Segment] = (),
    drafts: Mapping[int, PageVersions] | None = None,
) -> None:
    """Write the accepted translations in one transaction, or nothing (``ImportRejected``).

    Each page or snippet with a changed translation gets one draft revision (built on
    its latest draft, so pending edits are kept), published in that language only when
    asked; one with nothing changed gets no revision, and is published only for
    ``also_publish`` (unchanged texts whose draft translation is not live yet).
    ``drafts`` are pages already loaded, whose drafts the segments were read from; any
    other page written to is loaded here.
    """
    report.imported = [segment.id for segment, _ in accepted]
    pending = list(also_publish) if options.publish else []
    if not accepted and not pending and not report.confirming:
        return
    # Without publishing, nothing written here changes a row that a chooser reads (a draft
    # revision leaves the live texts of a call to action or form page as they are), so
    # each is read once for the whole file; a publish changes rows, so then they are
    # read once per page.
    # Everything is built and checked before the transaction opens (reads only), so the
    # write lock is held for the writes alone.
    with nullcontext() if options.publish else shared_lookups():
        prepared = _prepare(accepted, report, options.language, drafts or {})
        with transaction.atomic():
            report.confirmed = confirm_translations(report.confirming, options.language, origin=options.origin)
            _write(prepared, report, options, pending)
            if options.dry_run:
                transaction.set_rollback(True)


def _value(segment: Segment, translation: str) -> str:
    return to_html(segment.markup, translation) if segment.markup is not None else translation


def _page_id(owner: models.Model) -> int | None:
    """The page whose revisions hold a text: the page itself, or a form field's page."""
    if isinstance(owner, Page):
        page_id: int = owner.pk
        return page_id
    if isinstance(owner, EnquiryFormField):
        return cast(int, owner.page_id)
    return None


def _page_drafts(page_ids: list[int], loaded: Mapping[int, PageVersions]) -> dict[int, PageVersions]:
    """The versions of the pages written to, in ``page_ids`` order, with drafts ready for
    writing: translation slots for every source block, form fields held in memory (so
    that the labels set on them are what the revision saves)."""
    missing = [pk for pk in page_ids if pk not in loaded]
    found = {**loaded, **(load_versions(missing) if missing else {})}
    pages = {pk: found[pk] for pk in page_ids}
    for versions in pages.values():
        draft = versions.draft
        if hasattr(draft, "body"):
            sync_translation_streams(draft)
        if isinstance(draft, EnquiryFormPage):
            draft.form_fields = list(draft.form_fields.all())
    return pages


def _apply(page: Page, edits: list[tuple[Segment, str]], language: str) -> list[str]:
    """Set ``edits`` (segment, stored value) on the page's draft; the ids of texts with
    nowhere to go (a pending draft removed their block or list item). Each stream is
    turned into stored data and back once, not once per text."""
    removed = []
    streams: dict[str, StoredStream] = {}
    for segment, value in edits:
        owner = segment.owner
        name = localized_field_name(segment.field, language)
        if isinstance(owner, EnquiryFormField):
            # A form field belongs to its page's revisions: translated in the page's draft.
            child = next(field for field in page.form_fields.all() if field.pk == owner.pk)
            setattr(child, name, value)
        elif segment.stream_path:
            if name not in streams:
                stream = getattr(page, name)
                streams[name] = StoredStream(stream.stream_block, stream.get_prep_value())
            if not streams[name].set_text(segment.stream_path, value):
                removed.append(segment.id)
        else:
            setattr(page, name, value)
    for name, stored in streams.items():
        setattr(page, name, stored.raw)
    return removed


def _slugs(page: Page) -> list[str]:
    return [getattr(page, localized_field_name("slug", language)) for language in content_languages()]


def check_draft(page: Page, stored: Page, language: str) -> None:
    """Raise ``ValidationError`` for what keeps the draft from being saved, checked once
    (its revision is then saved without Wagtail's second ``full_clean``).

    An article whose slugs are as stored is checked for what a translation into
    ``language`` can break, by its own rules (``ArticlePage.clean`` without
    ``Page.clean``'s): the fields of that language, the review dates, and the article's
    save rules with channel limits in that language. Left out: the other languages'
    fields and limits, which the translation does not touch, and the page tree's rule, a
    slug unique among siblings, which wagtail-modeltranslation checks by loading every
    sibling in every language, for each page. Any other page, or an article whose pending
    draft changed a slug, gets ``full_clean``, as an editor's save does.
    """
    if not isinstance(page, ArticlePage) or _slugs(page) != _slugs(stored):
        page.full_clean()
        return
    errors: dict[str, Any] = {}
    columns = set(translated_fields.language_columns(page, language))
    try:
        page.clean_fields(exclude=[field.name for field in page._meta.fields if field.name not in columns])
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    try:
        page.clean_review_dates()
        rules = article_save_errors(page, (language,))
        if rules:
            raise ValidationError(rules)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


@dataclass
class _Prepared:
    """The drafts a file's accepted translations make, built and checked before the write
    transaction opens: checking is the slow part (channel limits over every text), and on
    SQLite a transaction holds the one write lock from its first statement."""

    written: list[Segment]
    snippets: dict[tuple[type[models.Model], int], Any]
    pages: dict[int, PageVersions]
    # The problem found in each draft (None: it may be saved), by its label.
    problems: dict[str, Problem | None] = field(default_factory=dict)


def _check_page(versions: PageVersions, language: str) -> Problem | None:
    page = versions.draft
    try:
        with shared_lookups():  # nested in the file's when not publishing
            check_draft(page, versions.stored, language)
    except ValidationError as error:
        return Problem(None, object_label(page), "; ".join(_messages(error)))
    return None


def _check_snippet(obj: Any) -> Problem | None:
    try:
        obj.full_clean()
    except ValidationError as error:
        return Problem(None, object_label(obj), "; ".join(error.messages))
    return None


def _edits(
    accepted: list[tuple[Segment, str]], language: str
) -> tuple[dict[int, list[tuple[Segment, str]]], dict[tuple[type[models.Model], int], Any]]:
    """The stored values to set, by page; and the snippets' drafts with theirs set."""
    edits: dict[int, list[tuple[Segment, str]]] = {}
    # Snippets with revisions (RevisionMixin), which the type of a model does not say.
    snippets: dict[tuple[type[models.Model], int], Any] = {}
    for segment, translation in accepted:
        owner = segment.owner
        page_id = _page_id(owner)
        if page_id is not None:
            edits.setdefault(page_id, []).append((segment, _value(segment, translation)))
            continue
        key = (type(owner), owner.pk)
        obj = snippets.get(key)
        if obj is None:
            # Build on the snippet's latest draft, so an editor's pending draft is kept.
            stored = cast(Any, type(owner)._default_manager.get(pk=owner.pk))
            obj = snippets[key] = stored.get_latest_revision_as_object()
        setattr(obj, localized_field_name(segment.field, language), _value(segment, translation))
    return edits, snippets


def _prepare(
    accepted: list[tuple[Segment, str]],
    report: ImportReport,
    language: str,
    drafts: Mapping[int, PageVersions],
) -> _Prepared:
    """Build every draft and check it; reads only."""
    edits, snippets = _edits(accepted, language)
    pages = _page_drafts(list(edits), drafts)
    for page_id, page_edits in edits.items():
        report.skipped_removed += _apply(pages[page_id].draft, page_edits, language)
    removed = set(report.skipped_removed)
    written = [segment for segment, _ in accepted if segment.id not in removed]
    # What the save says it stored is what it stored: a text with nowhere to go is
    # reported as skipped, by id, and not counted.
    report.imported = [segment.id for segment in written]
    for segment, translation in accepted:
        segment.translation = translation
    prepared = _Prepared(written=written, snippets=snippets, pages=pages)
    for obj in snippets.values():
        prepared.problems[object_label(obj)] = _check_snippet(obj)
    for versions in pages.values():
        prepared.problems[object_label(versions.draft)] = _check_page(versions, language)
    return prepared


def _write(prepared: _Prepared, report: ImportReport, options: WriteOptions, also_publish: list[Segment]) -> None:
    """Write what ``_prepare`` built and checked, inside the write transaction."""
    # Recorded before publishing, so that the record says where the translation came
    # from (the publish's own recording then finds it unchanged).
    record_translations(prepared.written, options.language, origin=options.origin, needs_review=options.needs_review)
    _save_snippets(prepared, report, options)
    _save_pages(prepared, report, options)
    # Translations already in a draft but not live (imported earlier without publishing).
    done = {object_label(versions.draft) for versions in prepared.pages.values()}
    done |= {object_label(obj) for obj in prepared.snippets.values()}
    for label, owner in _publish_units(also_publish).items():
        if label not in done:
            _publish_language(_stored(owner), label, report, options)
    if report.problems:
        raise ImportRejected(report)


def _save_snippets(prepared: _Prepared, report: ImportReport, options: WriteOptions) -> None:
    for obj in prepared.snippets.values():
        label = object_label(obj)
        problem = prepared.problems[label]
        if problem is not None:
            report.problems.append(problem)
            continue
        # A draft revision, like any other edit; only a publish changes what readers see.
        obj.save_revision(user=options.user, log_action=True, clean=False)
        if options.publish:
            _publish_language(type(obj)._default_manager.get(pk=obj.pk), label, report, options)


def _save_pages(prepared: _Prepared, report: ImportReport, options: WriteOptions) -> None:
    for versions in prepared.pages.values():
        page = versions.draft
        label = object_label(page)
        # A snippet published just now may change what a page's channel check sees (a
        # CTA's text in this language): then the page is checked again, here.
        if options.publish and prepared.snippets:
            problem = _check_page(versions, options.language)
        else:
            problem = prepared.problems[label]
        if problem is not None:
            report.problems.append(problem)
            continue
        # Wagtail's reference and search indexes describe the page as stored, which a draft
        # revision leaves as it is (only its pointers to the latest revision change);
        # rebuilding both from the row for every page was half of what an import cost.
        with disable_reference_index_auto_update(), index_unchanged():
            page.save_revision(user=options.user, log_action=True, clean=False)
        report.pages.append(page.pk)
        if options.publish:
            _publish_language(Page.objects.get(pk=page.pk).specific, label, report, options)


def _publish_units(segments: list[Segment]) -> dict[str, models.Model]:
    """What is published for each text, by label: its page (for a form field too) or snippet."""
    units: dict[str, models.Model] = {}
    for segment in segments:
        owner = segment.owner
        unit = owner.page if isinstance(owner, EnquiryFormField) else owner
        units.setdefault(object_label(unit), unit)
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


def _publish_language(obj: Any, label: str, report: ImportReport, options: WriteOptions) -> None:
    """Publish only this language, from the live version: a pending draft of the source
    stays pending, and nothing that is not live is made live."""
    if not obj.live:
        report.not_live.append(label)
        return
    try:
        publish_language(obj, options.language, user=options.user)
    except ReviewNeeded:
        # Nobody who may approve this language publishes it: submitted for its review.
        submit(obj, options.language, obj.get_latest_revision(), options.user)
        report.submitted.append(label)
        return
    except PublishRefused as refused:
        report.problems.append(Problem(None, label, " ".join(refused.problems)))
    except ValidationError as error:
        report.problems.append(Problem(None, label, "; ".join(_messages(error))))
    else:
        report.published.append(label)


def _messages(error: ValidationError) -> list[str]:
    """Every message of a validation error, a stream's block errors included, each after
    the field it belongs to."""
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
