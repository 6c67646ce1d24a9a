"""Reach and feedback over a period: per article, language and channel, per channel, per day.

What the report, the edit view's panel, ``reach_report`` and the API's feedback summary
show, read in a fixed number of queries whatever the number of articles: the counters
(``PageReach``) and the answers (``PageFeedback``) are summed by the database, then joined
here by (page, language, channel). "Reads" are requests this site served (the web page's
beacon, the API's renderings); "deliveries" are the messages bots report having sent, so
a rendering fetched once and sent to many readers still counts its readers.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from content_pages.models import ArticlePage, PageFeedback, PageReach

RowKey = tuple[int, str, str]  # page id, language, channel
Q_ = TypeVar("Q_", QuerySet[PageReach], QuerySet[PageFeedback])


@dataclass(frozen=True)
class Period:
    """Whole UTC days, both ends included."""

    start: datetime.date
    end: datetime.date

    @classmethod
    def last(cls, days: int, today: datetime.date | None = None) -> Period:
        end = today or utc_today()
        return cls(end - datetime.timedelta(days=days - 1), end)

    @property
    def days(self) -> list[datetime.date]:
        return [self.start + datetime.timedelta(days=n) for n in range((self.end - self.start).days + 1)]


@dataclass(frozen=True)
class Filters:
    topic_id: int | None = None
    language: str | None = None
    channel: str | None = None
    page_ids: tuple[int, ...] | None = None


@dataclass
class Figures:
    reads: int = 0
    deliveries: int = 0
    yes: int = 0
    no: int = 0

    @property
    def reach(self) -> int:
        return self.reads + self.deliveries

    @property
    def answers(self) -> int:
        return self.yes + self.no

    @property
    def helpful_percent(self) -> float | None:
        """None without answers: 0 % and "nobody answered" are different things."""
        return round(100 * self.yes / self.answers, 1) if self.answers else None

    def as_dict(self) -> dict[str, int | float | None]:
        """The figures as the API's summary and ``reach_report --format json`` write them."""
        return {
            "reads": self.reads,
            "deliveries": self.deliveries,
            "yes": self.yes,
            "no": self.no,
            "helpful_percent": self.helpful_percent,
        }

    def add(self, other: Figures) -> None:
        self.reads += other.reads
        self.deliveries += other.deliveries
        self.yes += other.yes
        self.no += other.no


@dataclass
class Row:
    page_id: int
    title: str
    language: str
    channel: str
    figures: Figures = field(default_factory=Figures)


@dataclass
class Day:
    day: datetime.date
    by_channel: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.by_channel.values())


def utc_today() -> datetime.date:
    return timezone.now().astimezone(datetime.UTC).date()


def _bounds(period: Period) -> tuple[datetime.datetime, datetime.datetime]:
    start = datetime.datetime.combine(period.start, datetime.time.min, tzinfo=datetime.UTC)
    return start, start + datetime.timedelta(days=(period.end - period.start).days + 1)


def _articles(filters: Filters) -> QuerySet[ArticlePage]:
    articles = ArticlePage.objects.all()
    if filters.topic_id is not None:
        articles = articles.filter(topics__id=filters.topic_id)
    if filters.page_ids is not None:
        articles = articles.filter(id__in=filters.page_ids)
    return articles


def _narrow(queryset: Q_, filters: Filters) -> Q_:
    if filters.topic_id is not None or filters.page_ids is not None:
        queryset = queryset.filter(page_id__in=_articles(filters).values("id"))
    if filters.language:
        queryset = queryset.filter(language=filters.language)
    if filters.channel:
        queryset = queryset.filter(channel=filters.channel)
    return queryset


def _reach(period: Period, filters: Filters) -> QuerySet[PageReach]:
    return _narrow(PageReach.objects.filter(day__gte=period.start, day__lte=period.end), filters)


def _feedback(period: Period, filters: Filters) -> QuerySet[PageFeedback]:
    start, end = _bounds(period)
    return _narrow(PageFeedback.objects.filter(received_at__gte=start, received_at__lt=end), filters)


def figures_by_row(period: Period, filters: Filters = Filters()) -> dict[RowKey, Figures]:
    """Two aggregate queries: the counters and the answers, each grouped by row."""
    figures: dict[RowKey, Figures] = defaultdict(Figures)
    counted = (
        _reach(period, filters)
        .values_list("page_id", "language", "channel")
        .annotate(reads=Sum("reads"), deliveries=Sum("deliveries"))
    )
    for page_id, language, channel, reads, deliveries in counted:
        figures[(page_id, language, channel)].add(Figures(reads=reads or 0, deliveries=deliveries or 0))
    answered = (
        _feedback(period, filters)
        .values_list("page_id", "language", "channel")
        .annotate(yes=Count("id", filter=Q(helpful=True)), no=Count("id", filter=Q(helpful=False)))
    )
    for page_id, language, channel, yes, no in answered:
        figures[(page_id, language, channel)].add(Figures(yes=yes, no=no))
    return dict(figures)


def titles(page_ids: Iterable[int]) -> dict[int, str]:
    """The articles' titles in the source language, in one query."""
    return dict(ArticlePage.objects.filter(id__in=set(page_ids)).values_list("id", "title"))


def rows(period: Period, filters: Filters = Filters()) -> list[Row]:
    """Per article, language and channel; the most read first."""
    figures = figures_by_row(period, filters)
    named = titles(page_id for page_id, _language, _channel in figures)
    found = [
        Row(page_id, named.get(page_id, f"Page {page_id}"), language, channel, value)
        for (page_id, language, channel), value in figures.items()
    ]
    return sorted(found, key=lambda row: (-row.figures.reach, row.title, row.language, row.channel))


def by_channel(found: Iterable[Row]) -> dict[str, Figures]:
    totals: dict[str, Figures] = defaultdict(Figures)
    for row in found:
        totals[row.channel].add(row.figures)
    return dict(sorted(totals.items()))


def by_page(found: Iterable[Row]) -> dict[int, Figures]:
    totals: dict[int, Figures] = defaultdict(Figures)
    for row in found:
        totals[row.page_id].add(row.figures)
    return dict(totals)


def total(found: Iterable[Row]) -> Figures:
    result = Figures()
    for row in found:
        result.add(row.figures)
    return result


def daily(period: Period, filters: Filters = Filters()) -> list[Day]:
    """Reach per day and channel, every day of the period listed (zero when nothing was read)."""
    days = {day: Day(day) for day in period.days}
    counted = (
        _reach(period, filters).values_list("day", "channel").annotate(reads=Sum("reads"), deliveries=Sum("deliveries"))
    )
    for day, channel, reads, deliveries in counted:
        days[day].by_channel[channel] = days[day].by_channel.get(channel, 0) + (reads or 0) + (deliveries or 0)
    return list(days.values())


def recent_comments(page_id: int, period: Period, limit: int = 10) -> list[PageFeedback]:
    """The newest answers with a comment, for editors and medical reviewers only."""
    return list(_feedback(period, Filters(page_ids=(page_id,))).exclude(comment="").order_by("-received_at")[:limit])


__all__ = [
    "Day",
    "Figures",
    "Filters",
    "Period",
    "Row",
    "by_channel",
    "by_page",
    "daily",
    "figures_by_row",
    "recent_comments",
    "rows",
    "titles",
    "total",
    "utc_today",
]
