"""One page's reach and answers over a period, for dashboards (``getFeedbackSummary``).

Read through ``reach_report``, the selector behind the admin's report, so that a
dashboard and the report never disagree about a figure: one query to find the live
article, then its two aggregate queries, whatever the period or the traffic. Figures
only: readers' comments are for editors and medical reviewers in the admin, and are
never read here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from content_pages.foundations.languages import content_languages
from content_pages.models import REACH_CHANNELS, ArticlePage
from content_pages.reads.reach_report import Figures, Filters, Period, figures_by_row


@dataclass(frozen=True)
class Summary:
    page_id: int
    period: Period
    totals: Figures
    by_channel: dict[str, Figures]
    by_language: dict[str, Figures]


def is_live_article(page_id: int) -> bool:
    """Whether ``page_id`` is a live article: the pages readers answer about."""
    live: bool = ArticlePage.objects.live().filter(pk=page_id).exists()
    return live


def page_summary(page_id: int, period: Period, language: str | None = None) -> Summary | None:
    """The page's figures in total, per channel and per language; None when it is not a
    live article. Every channel, and every language (or just ``language``), is listed,
    with zeros where nothing was counted, so a dashboard's rows do not come and go."""
    if not is_live_article(page_id):
        return None
    found = figures_by_row(period, Filters(language=language, page_ids=(page_id,)))
    totals = Figures()
    channels: dict[str, Figures] = defaultdict(Figures)
    languages: dict[str, Figures] = defaultdict(Figures)
    for name in REACH_CHANNELS:
        channels[name] = Figures()
    for code in (language,) if language else content_languages():
        languages[code] = Figures()
    for (_page, row_language, row_channel), figures in found.items():
        totals.add(figures)
        channels[row_channel].add(figures)
        languages[row_language].add(figures)
    return Summary(page_id, period, totals, dict(channels), dict(languages))
