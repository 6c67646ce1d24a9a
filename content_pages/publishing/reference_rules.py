"""Reference hygiene: each reference once per article, each DOI on one reference.

An article that lists the same reference twice shows readers a numbered list with a
repeat in it; two Reference snippets with one DOI split the same work in two, so a
correction made to one never reaches the pages that chose the other. Both are errors
when the article or the reference is saved. DOIs are compared case-insensitively, as
the DOI system itself does (``10.1038/NATURE23003`` is ``10.1038/nature23003``).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import NON_FIELD_ERRORS

from content_pages.models import ArticlePage, Reference


def repeated_references(references: Sequence[Reference | None]) -> dict[int, Reference]:
    """The positions in ``references`` that repeat an earlier entry, with the reference
    repeated there; empty entries (a row with nothing chosen yet) are skipped."""
    seen: set[int] = set()
    repeats: dict[int, Reference] = {}
    for position, reference in enumerate(references):
        if reference is None or reference.pk is None:
            continue
        if reference.pk in seen:
            repeats[position] = reference
        seen.add(reference.pk)
    return repeats


def repeated_reference_message(reference: Reference) -> str:
    return f"Reference “{reference.title}” is chosen more than once; list each reference once."


def article_reference_errors(page: ArticlePage) -> dict[str, list[str]]:
    """``{NON_FIELD_ERRORS: [one message per repeated reference]}``, or ``{}``.

    Reads ``page.references``: the in-memory children of a revision or of a page whose
    form was saved with ``commit=False``, the database rows otherwise. The key is the
    form-wide one because the page form has no field for the inline references; the
    admin form also marks the repeated rows (``interfaces/admin/article_form.py``).
    """
    links = list(page.references.all())
    chosen = [link.reference if link.reference_id is not None else None for link in links]
    messages: list[str] = []
    for reference in repeated_references(chosen).values():
        message = repeated_reference_message(reference)
        if message not in messages:
            messages.append(message)
    return {NON_FIELD_ERRORS: messages} if messages else {}


def reference_with_doi(doi: str, exclude_pk: int | None = None) -> Reference | None:
    """Another reference (not the row ``exclude_pk``) that already has ``doi``, in any case."""
    others = Reference.objects.filter(doi__iexact=doi)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    return others.order_by("pk").first()


def reference_errors(reference: Reference) -> dict[str, list[str]]:
    """What stops a reference from saving beyond its own fields: a DOI that another
    reference already has. Expects the DOI already normalised by ``Reference.clean``."""
    if not reference.doi:
        return {}
    other = reference_with_doi(reference.doi, exclude_pk=reference.pk)
    if other is None:
        return {}
    return {
        "doi": [
            f"Reference “{other.title}” already has this DOI; choose that reference in your articles "
            "instead of adding it again."
        ]
    }


def draft_references(page: ArticlePage) -> list[Reference]:
    """The cited references that have never been published (those an imported document
    brought with it, say). Readers are shown live references only, so until each is
    published the article goes out without it; the editor is told when submitting."""
    ids = [link.reference_id for link in page.references.all() if link.reference_id is not None]
    if not ids:
        return []
    return list(Reference.objects.filter(pk__in=ids, live=False).order_by("pk"))
