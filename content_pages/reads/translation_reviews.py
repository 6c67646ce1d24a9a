"""Reading the review records of translations (``models.reviews.TranslationReview``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from wagtail.models import Page, Revision

from content_pages.foundations.languages import english_name
from content_pages.models import RenditionDependency, TranslationReview
from content_pages.reads.language_text import changed_paths, language_text
from content_pages.reads.segments import Segment, page_segments, snippet_segments, snippets_shown


def review_content_type(obj: Any) -> ContentType:
    """The content type a record of ``obj`` is filed under: its base type, as Wagtail
    files revisions (``Page`` for every page, so a record is found from a ``Page`` or its
    specific class alike; the snippet's own model)."""
    base = getattr(obj, "get_base_content_type", None)
    return base() if callable(base) else ContentType.objects.get_for_model(type(obj))


def reviews_of(obj: Any, language: str | None = None) -> QuerySet[TranslationReview]:
    found = TranslationReview.objects.filter(content_type=review_content_type(obj), object_id=str(obj.pk))
    return found.filter(language=language) if language is not None else found


def latest_approval(obj: Any, language: str) -> TranslationReview | None:
    return (
        reviews_of(obj, language)
        .filter(state=TranslationReview.State.APPROVED, revision__isnull=False)
        .order_by("-reviewed_at", "-pk")
        .first()
    )


def open_submission(obj: Any, language: str) -> TranslationReview | None:
    return reviews_of(obj, language).filter(state=TranslationReview.State.SUBMITTED).order_by("-pk").first()


def awaiting_review(language: str | None = None) -> list[TranslationReview]:
    """Every open submission, oldest first, the submitter read with it."""
    found = TranslationReview.objects.filter(state=TranslationReview.State.SUBMITTED)
    if language is not None:
        found = found.filter(language=language)
    return list(found.select_related("submitted_by", "content_type").order_by("language", "submitted_at", "pk"))


def approved_at_setup_only(language: str | None = None) -> list[TranslationReview]:
    """The newest approval of each object and language, where that approval was the
    seed's set-up (no reviewer of the language has read it yet)."""
    found = TranslationReview.objects.filter(state=TranslationReview.State.APPROVED)
    if language is not None:
        found = found.filter(language=language)
    newest: dict[tuple[int, str, str], TranslationReview] = {}
    for review in found.select_related("content_type").order_by("pk"):
        newest[(review.content_type_id, review.object_id, review.language)] = review
    return [review for review in newest.values() if review.at_setup]


@dataclass
class TextChange:
    """One text of the language under review: its English, and its wording live and in
    the draft under review."""

    segment_id: str
    source: str
    live: str
    draft: str


def _own_segments(obj: Any, language: str) -> dict[str, Segment]:
    if isinstance(obj, Page):
        found = page_segments(obj, language)
        return {s.id: s for s in found if type(s.owner) is type(obj.specific) and s.owner.pk == obj.pk}
    return {s.id: s for s in snippet_segments(obj, language)}


def language_diff(obj: Any, language: str) -> list[TextChange]:
    """The texts whose ``language`` wording in the latest draft differs from what is live."""
    draft = obj.get_latest_revision_as_object()
    live_revision = getattr(obj, "live_revision", None)
    live = _own_segments(live_revision.as_object(), language) if live_revision is not None else {}
    changes = []
    for segment_id, segment in _own_segments(draft, language).items():
        before = live.get(segment_id)
        live_text = before.translation if before is not None else ""
        if segment.translation != live_text:
            changes.append(TextChange(segment_id, segment.source, live_text, segment.translation))
    return changes


@dataclass
class AwaitingRow:
    review: TranslationReview
    title: str
    language_name: str
    content_type_id: int
    object_id: str
    label: str


AWAITING_LABEL = "awaiting review"
SETUP_LABEL = "approved at set-up, not yet by a reviewer of the language"


def awaiting_rows(languages: set[str] | None = None, *, with_setup: bool = True) -> list[AwaitingRow]:
    """Reports → Review due: each open submission, and each text approved only at
    set-up, per language, with the object's title; the dashboard asks for the open
    submissions of a reviewer's languages only."""
    found = [(r, AWAITING_LABEL) for r in awaiting_review()]
    submitted = {(r.content_type_id, r.object_id, r.language) for r, _ in found}
    if with_setup:
        # A text approved only at set-up that has since been submitted is listed once, as
        # the submission: that is what the reviewer acts on.
        found += [
            (r, SETUP_LABEL)
            for r in approved_at_setup_only()
            if (r.content_type_id, r.object_id, r.language) not in submitted
        ]
    rows = []
    for review, label in found:
        if languages is not None and review.language not in languages:
            continue
        obj = review.content_type.get_object_for_this_type(pk=review.object_id)
        rows.append(
            AwaitingRow(
                review,
                str(getattr(obj, "specific", obj)),
                english_name(review.language),
                review.content_type_id,
                review.object_id,
                label,
            )
        )
    # Submissions first, in each language: a translator is waiting on them.
    return sorted(rows, key=lambda row: (row.review.language, row.label != AWAITING_LABEL, row.title))


def draft_language_changes(obj: Any, language: str) -> list[str]:
    """Where ``obj``'s latest draft holds ``language`` text that is not live (paths named
    like fallback paths); empty when the draft's text of that language is what is live."""
    ids = [getattr(obj, "live_revision_id", None), getattr(obj, "latest_revision_id", None)]
    if not ids[1] or ids[0] == ids[1]:
        return []
    contents = dict(Revision.objects.filter(pk__in=[pk for pk in ids if pk]).values_list("pk", "content"))
    live, latest = (contents.get(pk) or {} for pk in ids)
    return changed_paths(language_text(type(obj), live, language), language_text(type(obj), latest, language))


def awaiting_paths(obj: Any, language: str) -> list[str]:
    """Where ``obj``'s draft holds ``language`` text that waits for a reviewer of the
    language (an open submission): readers get the last approved text there, or the
    source marked as a fallback. Paths are named like fallback paths."""
    if open_submission(obj, language) is None:
        return []
    return draft_language_changes(obj, language)


@dataclass
class SnippetText:
    """A snippet a page shows, with ``language`` text of its own waiting in its draft,
    and how many other pages show it (its translation, once approved, is live on them too)."""

    snippet: Any
    changes: list[TextChange]
    other_pages: int

    @property
    def kind(self) -> str:
        return str(type(self.snippet)._meta.verbose_name)


def shown_snippet_changes(page: Page, language: str) -> list[SnippetText]:
    """The snippets ``page`` shows whose draft holds ``language`` text that is not live:
    what goes with the page's translation into review and approval, as one unit."""
    found = []
    seen: set[tuple[type, Any]] = set()
    for snippet in snippets_shown(page.specific):
        key = (type(snippet), snippet.pk)
        if key in seen or not getattr(snippet, "has_unpublished_changes", False):
            continue
        seen.add(key)
        if not draft_language_changes(snippet, language):
            continue
        content_type = ContentType.objects.get_for_model(type(snippet)._meta.concrete_model or type(snippet))
        pages = (
            RenditionDependency.objects.filter(content_type=content_type, object_id=str(snippet.pk))
            .exclude(page_id=page.pk)
            .values("page_id")
            .distinct()
            .count()
        )
        found.append(SnippetText(snippet, language_diff(snippet, language), pages))
    return found
