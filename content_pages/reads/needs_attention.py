"""Articles that need an editor's attention, ranked by how many readers they reach.

Three reasons, each from the period's figures (``reads.reach_report``):
- readers say it is not helpful: at least ``CMS_ATTENTION_MIN_ANSWERS`` answers, and fewer
  than ``CMS_ATTENTION_HELPFUL_BELOW`` % of them "yes" (a handful of answers says little);
- it is read and its medical review is overdue: the most read first, since an outdated
  article hurts in proportion to its readers;
- it is read in a language whose translation is stale (its English changed since).
Only the most read candidates are checked for stale texts, so the list costs the same
whatever the number of articles.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from content_pages.foundations.languages import content_languages, english_name, source_language
from content_pages.models import ArticlePage
from content_pages.reads.reach_report import Figures, Filters, Period, Row, by_page, rows
from content_pages.reads.review_due import today
from content_pages.reads.translation_status import stale_paths

LOW_HELPFUL, OVERDUE_REVIEW, STALE_TRANSLATION = "low_helpful", "overdue_review", "stale_translation"


@dataclass(frozen=True)
class Attention:
    page_id: int
    title: str
    reason: str
    detail: str
    figures: Figures
    language: str = ""


def needs_attention(period: Period, filters: Filters | None = None, limit: int = 10) -> list[Attention]:
    found = rows(period, filters or Filters())
    titles = {row.page_id: row.title for row in found}
    per_page = by_page(found)
    return [
        *_low_helpful(per_page, titles, limit),
        *_overdue_review(per_page, titles, limit),
        *_stale_translations(found, limit),
    ]


def _low_helpful(per_page: dict[int, Figures], titles: dict[int, str], limit: int) -> list[Attention]:
    least, below = int(settings.CMS_ATTENTION_MIN_ANSWERS), float(settings.CMS_ATTENTION_HELPFUL_BELOW)
    unhelpful = [
        (page_id, figures)
        for page_id, figures in per_page.items()
        if figures.answers >= least and (figures.helpful_percent or 0) < below
    ]
    unhelpful.sort(key=lambda item: (item[1].helpful_percent or 0, -item[1].answers))
    return [
        Attention(
            page_id,
            titles[page_id],
            LOW_HELPFUL,
            f"{figures.helpful_percent:g}% helpful from {figures.answers} answers",
            figures,
        )
        for page_id, figures in unhelpful[:limit]
    ]


def _overdue_review(per_page: dict[int, Figures], titles: dict[int, str], limit: int) -> list[Attention]:
    read = [page_id for page_id, figures in per_page.items() if figures.reach]
    overdue = dict(
        ArticlePage.objects.live().filter(id__in=read, next_review_due__lt=today()).values_list("id", "next_review_due")
    )
    ranked = sorted(overdue, key=lambda page_id: -per_page[page_id].reach)[:limit]
    return [
        Attention(
            page_id,
            titles[page_id],
            OVERDUE_REVIEW,
            f"Review overdue since {overdue[page_id].isoformat()}; {per_page[page_id].reach} reads",
            per_page[page_id],
        )
        for page_id in ranked
    ]


def _stale_translations(found: list[Row], limit: int) -> list[Attention]:
    per_language: dict[tuple[int, str], Figures] = {}
    titles: dict[int, str] = {}
    translated = set(content_languages()) - {source_language()}
    for row in found:
        if row.language not in translated:
            continue
        titles[row.page_id] = row.title
        per_language.setdefault((row.page_id, row.language), Figures()).add(row.figures)
    candidates = sorted(
        (key for key, figures in per_language.items() if figures.reach), key=lambda key: -per_language[key].reach
    )
    candidates = candidates[: limit * 2]
    pages = ArticlePage.objects.in_bulk({page_id for page_id, _language in candidates})
    stale: list[Attention] = []
    for page_id, language in candidates:
        page = pages.get(page_id)
        paths = stale_paths(page, language) if page is not None else ()
        if paths:
            figures = per_language[(page_id, language)]
            stale.append(
                Attention(
                    page_id,
                    titles[page_id],
                    STALE_TRANSLATION,
                    f"{english_name(language)}: {len(paths)} stale texts; {figures.reach} reads",
                    figures,
                    language,
                )
            )
    return stale[:limit]


__all__ = ["LOW_HELPFUL", "OVERDUE_REVIEW", "STALE_TRANSLATION", "Attention", "needs_attention"]
