"""The import's one write: a document becomes a draft article, or nothing is written.

The draft is saved as the admin saves one (a new page that is not live, and its first
revision), so everything that holds for an article an editor typed holds for it: the
structure and channel-limit checks of ``ArticlePage.clean``, the translation slots, the
Medical review workflow of its index. New references are drafts too: readers are shown
live references only, so they reach readers when someone who may publish references
publishes them, never through the import.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import override
from wagtail.log_actions import log
from wagtail.models import Page

from content_pages.foundations.languages import localized_field_name, source_language
from content_pages.models import ArticleIndexPage, ArticlePage, ArticlePageReference, Reference, ReferenceAuthor
from content_pages.publishing.document_import.elements import DocumentRefused, Element
from content_pages.publishing.document_import.files import document_kind, document_text
from content_pages.publishing.document_import.html_reading import read_docx, read_markdown
from content_pages.publishing.document_import.plain_text import read_plain_text
from content_pages.publishing.document_import.structure import (
    ArticlePlan,
    ImportReport,
    PlannedBlock,
    PlannedReference,
    dois_in,
    plan_article,
)
from content_pages.reads.import_targets import import_targets

SLUG_MAX = 80


class ArticleNotImported(Exception):
    """The document was read, but the article it makes cannot be saved; ``report`` says
    which block breaks which rule. Nothing was written."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__("; ".join(str(problem) for problem in report.problems))
        self.report = report


def read_document(name: str, data: bytes) -> list[Element]:
    """The document's blocks; ``DocumentRefused`` when it is not one that can be read."""
    kind = document_kind(name, data)
    if kind == "docx":
        return read_docx(data)
    text = document_text(name, data)
    return read_markdown(text) if kind == "md" else read_plain_text(text)


def plan_document(name: str, data: bytes) -> ArticlePlan:
    elements = read_document(name, data)
    fallback = PurePath(name).stem.replace("_", " ").replace("-", " ").strip() or "Imported article"
    return plan_article(elements, import_targets(dois_in(elements)), fallback)


def import_article(name: str, data: bytes, parent: Page, user: Any = None) -> ImportReport:
    """Import the document ``name`` as a draft child of ``parent`` (an article index).

    Raises ``DocumentRefused`` (not a document that can be read) or ``ArticleNotImported``
    (a block breaks a rule), writing nothing either way."""
    specific = parent.specific
    if not isinstance(specific, ArticleIndexPage):
        raise DocumentRefused(f"“{parent.title}” is not an article index: articles are added to an article index")
    plan = plan_document(name, data)
    if plan.report.problems:
        raise ArticleNotImported(plan.report)
    with override(source_language()):
        page = _write(plan, specific, user)
    plan.report.page_id = page.pk
    plan.report.title = plan.title
    return plan.report


@transaction.atomic
def _write(plan: ArticlePlan, parent: ArticleIndexPage, user: Any) -> ArticlePage:
    page = ArticlePage(live=False, has_unpublished_changes=True, owner=user)
    setattr(page, localized_field_name("title", source_language()), plan.title)
    setattr(page, localized_field_name("slug", source_language()), _free_slug(parent, plan.title))
    setattr(page, localized_field_name("standfirst", source_language()), plan.standfirst)
    setattr(page, localized_field_name("body", source_language()), _stream(plan.body))
    setattr(page, localized_field_name("aside", source_language()), _stream(plan.aside))
    try:
        chosen = [
            planned.existing if planned.existing is not None else _reference(planned, user)
            for planned in plan.references
        ]
    except _ReferenceRefused as refused:
        plan.report.refuse(refused.where, refused.message)
        transaction.set_rollback(True)
        raise ArticleNotImported(plan.report) from refused
    page.references = [  # type: ignore[misc]
        ArticlePageReference(reference_id=pk, sort_order=n) for n, pk in enumerate(chosen)
    ]
    try:
        parent.add_child(instance=page)
        # The revision is checked in full (every channel's limits in every language).
        revision = page.save_revision(user=user, log_action=False)
    except ValidationError as error:
        for where, message in _located(error, plan):
            plan.report.refuse(where, message)
        transaction.set_rollback(True)
        raise ArticleNotImported(plan.report) from error
    log(instance=page, action="wagtail.create", user=user, revision=revision, content_changed=True)
    return page


def _stream(blocks: list[PlannedBlock]) -> list[dict[str, Any]]:
    return [{"type": block.type, "id": str(uuid.uuid4()), "value": block.value} for block in blocks]


def _free_slug(parent: Page, title: str) -> str:
    base = slugify(title)[:SLUG_MAX].strip("-") or "article"
    taken = set(Page.objects.child_of(parent).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        suffix = f"-{number}"
        slug, number = f"{base[: SLUG_MAX - len(suffix)]}{suffix}", number + 1
    return slug


class _ReferenceRefused(Exception):
    def __init__(self, where: str, message: str) -> None:
        super().__init__(message)
        self.where = where
        self.message = message


def _reference(planned: PlannedReference, user: Any) -> int:
    """A new reference, saved as a draft with its first revision."""
    parsed = planned.parsed
    reference = Reference(
        title=parsed.title,
        journal=parsed.journal,
        year=parsed.year or 0,  # ``complete``: it has one
        volume=parsed.volume,
        issue=parsed.issue,
        pages=parsed.pages,
        doi=parsed.doi,
        url=parsed.url,
        live=False,
        has_unpublished_changes=True,
    )
    reference.authors = [  # type: ignore[misc]
        ReferenceAuthor(family=family, given=given) for family, given in parsed.authors
    ]
    try:
        reference.full_clean()
        for author in reference.authors.all():
            author.full_clean(exclude=["reference"])
    except ValidationError as error:
        raise _ReferenceRefused(
            planned.where, f"the reference {parsed.doi or parsed.title!r}: {' '.join(error.messages)}"
        ) from error
    reference.save()
    reference.save_revision(user=user)
    return reference.pk


def _located(error: ValidationError, plan: ArticlePlan) -> list[tuple[str, str]]:
    """Each message of a failed save, placed at the document's block that caused it."""
    found: list[tuple[str, str]] = []
    streams = {"body": plan.body, "aside": plan.aside}
    for name, errors in getattr(error, "error_dict", {"": [error]}).items():
        blocks = streams.get(name.split("_", 1)[0], [])
        for item in errors:
            block_errors = getattr(item, "block_errors", None) or {}
            children = block_errors.items() if isinstance(block_errors, dict) else enumerate(block_errors)
            placed = False
            for index, child in children:
                where = blocks[index].where if isinstance(index, int) and index < len(blocks) else ""
                found += [(where, message) for message in child.messages]
                placed = True
            if not placed:
                found += [("", message) for message in item.messages]
    return found
