"""Live articles whose medical review is due: overdue, due within 30 days, within 90.

"Today" is the site's local date (``timezone.localdate``). An article is overdue when
its ``next_review_due`` is before today; one due today is not yet overdue. A window of
N days holds every article due by today + N days, the overdue ones included: they are
due in any window. Articles without a next review date are not listed (the publish
rules ask for one).
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from wagtail.models import Page

from content_pages.foundations.languages import english_name, localized_field_name, source_language, target_languages
from content_pages.models import ArticlePage, Contributor, Topic, TranslationRecord
from content_pages.reads.segments import page_segments

DEFAULT_WINDOW_DAYS = 90


class ReviewStatus(StrEnum):
    OVERDUE = "overdue"
    DUE_30 = "due_30"
    DUE_90 = "due_90"
    LATER = "later"


STATUS_LABELS = {
    ReviewStatus.OVERDUE: "Overdue",
    ReviewStatus.DUE_30: "Due within 30 days",
    ReviewStatus.DUE_90: "Due within 90 days",
    ReviewStatus.LATER: "Due later",
}


def today() -> datetime.date:
    return timezone.localdate()


def is_overdue(due: datetime.date | None, on: datetime.date | None = None) -> bool:
    return due is not None and due < (on or today())


def overdue_since(due: datetime.date) -> datetime.datetime:
    """The moment a review due on ``due`` became overdue: the start of the next day."""
    return timezone.make_aware(datetime.datetime.combine(due + datetime.timedelta(days=1), datetime.time.min))


def review_status(due: datetime.date, on: datetime.date | None = None) -> ReviewStatus:
    day = on or today()
    if due < day:
        return ReviewStatus.OVERDUE
    if due <= day + datetime.timedelta(days=30):
        return ReviewStatus.DUE_30
    if due <= day + datetime.timedelta(days=90):
        return ReviewStatus.DUE_90
    return ReviewStatus.LATER


def source_title(page: ArticlePage) -> str:
    """The article's title in the source language, whatever language is active."""
    title: str = getattr(page, localized_field_name("title", source_language())) or page.title
    return title


def reviewed_articles() -> QuerySet[ArticlePage]:
    """Live articles with a next review date, soonest due first."""
    articles: QuerySet[ArticlePage] = (
        ArticlePage.objects.live()
        .filter(next_review_due__isnull=False)
        .select_related("medical_reviewer")
        .order_by("next_review_due", "pk")
    )
    return articles


def due_within(articles: QuerySet[ArticlePage], days: int, on: datetime.date | None = None) -> QuerySet[ArticlePage]:
    """Those due by ``on`` (today) + ``days``, overdue ones included."""
    return articles.filter(next_review_due__lte=(on or today()) + datetime.timedelta(days=days))


def overdue(articles: QuerySet[ArticlePage], on: datetime.date | None = None) -> QuerySet[ArticlePage]:
    return articles.filter(next_review_due__lt=on or today())


def with_topic(articles: QuerySet[ArticlePage], topic: Topic | int) -> QuerySet[ArticlePage]:
    return articles.filter(topics=topic)


def reviewed_by(articles: QuerySet[ArticlePage], reviewer: Contributor | int) -> QuerySet[ArticlePage]:
    return articles.filter(medical_reviewer=reviewer)


def review_due(
    *,
    within_days: int = DEFAULT_WINDOW_DAYS,
    overdue_only: bool = False,
    topic: Topic | int | None = None,
    reviewer: Contributor | int | None = None,
    on: datetime.date | None = None,
) -> QuerySet[ArticlePage]:
    """Live articles due for review within ``within_days`` (or only the overdue ones),
    optionally only those on ``topic`` or with ``reviewer`` as medical reviewer."""
    day = on or today()
    articles = overdue(reviewed_articles(), day) if overdue_only else due_within(reviewed_articles(), within_days, day)
    if topic is not None:
        articles = with_topic(articles, topic)
    if reviewer is not None:
        articles = reviewed_by(articles, reviewer)
    return articles


def medical_reviewers() -> QuerySet[Contributor]:
    """Contributors who are the medical reviewer of some live article."""
    return Contributor.objects.filter(pk__in=ArticlePage.objects.live().values("medical_reviewer")).order_by("name")


@dataclass(frozen=True)
class ReviewDue:
    id: int
    title: str
    reviewer: str
    last_reviewed: datetime.date | None
    next_review_due: datetime.date
    status: ReviewStatus

    @property
    def overdue(self) -> bool:
        return self.status is ReviewStatus.OVERDUE

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "next_review_due": self.next_review_due.isoformat(),
            "overdue": self.overdue,
        }


def review_due_rows(*, within_days: int = DEFAULT_WINDOW_DAYS, on: datetime.date | None = None) -> list[ReviewDue]:
    day = on or today()
    rows = []
    for page in review_due(within_days=within_days, on=day):
        due = page.next_review_due
        if due is None:  # filtered out already; says so to the type checker
            continue
        rows.append(
            ReviewDue(
                id=page.pk,
                title=source_title(page),
                reviewer=page.medical_reviewer.name if page.medical_reviewer else "",
                last_reviewed=page.last_reviewed,
                next_review_due=due,
                status=review_status(due, day),
            )
        )
    return rows


# Translations nobody has medically reviewed yet (the seed's, for one): their records say
# ``needs_review`` until a medical reviewer approves the page in the Medical review workflow.


@dataclass(frozen=True)
class TranslationReview:
    id: int
    title: str
    language: str
    texts: int  # texts of the page, and of the snippets it shows, that need medical review

    @property
    def label(self) -> str:
        noun = "text needs" if self.texts == 1 else "texts need"
        return f"{english_name(self.language)} translation: {self.texts} {noun} medical review"

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "language": self.language, "texts_needing_review": self.texts}


_PAGE_SEGMENT = re.compile(r"^page:(\d+):")


def translations_needing_review() -> list[TranslationReview]:
    """Live pages, per language, whose translations (their own texts, their form fields'
    and those of the snippets they show) have records still needing medical review."""
    pending: dict[str, set[str]] = defaultdict(set)
    for language, segment_id in TranslationRecord.objects.filter(needs_review=True).values_list(
        "language", "segment_id"
    ):
        pending[language].add(segment_id)
    if not pending:
        return []
    named = {int(m.group(1)) for ids in pending.values() for s in ids if (m := _PAGE_SEGMENT.match(s))}
    pages = Page.objects.live().filter(depth__gt=1).order_by("path")
    if all(_PAGE_SEGMENT.match(s) for ids in pending.values() for s in ids):
        pages = pages.filter(pk__in=named)  # only page texts: only those pages can be concerned
    rows = []
    for page in pages.specific():
        for language in target_languages():
            if not pending.get(language):
                continue
            ids = {segment.id for segment in page_segments(page, language)}
            count = len(ids & pending[language])
            if count:
                title = getattr(page, localized_field_name("title", source_language())) or page.title
                rows.append(TranslationReview(page.pk, title, language, count))
    return rows
