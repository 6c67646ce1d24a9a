"""The article editor's "Readers" side panel: the last 30 days beside the text being edited.

Reads, messages sent and "Was this helpful?" answers per channel and language, and the
newest comments, so an editor changing an article sees what its readers said without
leaving it. Shown to the people who may see Reports → Reach and feedback; translators do
not get it. Wagtail builds the edit view's side panels in ``EditView.get_side_panels``
with no hook, so ``interfaces.wiring`` adds this one there at start-up.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from wagtail.admin.ui.side_panels import BaseSidePanel
from wagtail.models import Page

from content_pages.foundations.languages import english_name
from content_pages.interfaces.admin.reach_charts import CHANNEL_LABELS
from content_pages.interfaces.admin.review_due import may_see_review_due
from content_pages.models import ArticlePage
from content_pages.reads.reach_report import Figures, Filters, Period, recent_comments, rows, total

PANEL_DAYS = 30


class ReachSidePanel(BaseSidePanel):
    class SidePanelToggle(BaseSidePanel.SidePanelToggle):
        aria_label = "Toggle readers"
        icon_name = "view"
        has_counter = False

    name = "readers"
    title = "Readers, last 30 days"
    template_name = "content_pages/admin/reach/side_panel.html"
    order = 450

    def get_context_data(self, parent_context: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(parent_context)
        period = Period.last(PANEL_DAYS)
        found = rows(period, Filters(page_ids=(self.object.pk,)))
        channels: dict[str, Figures] = {}
        languages: dict[str, Figures] = {}
        for row in found:
            channels.setdefault(CHANNEL_LABELS.get(row.channel, row.channel), Figures()).add(row.figures)
            languages.setdefault(english_name(row.language), Figures()).add(row.figures)
        context.update(
            period=period,
            totals=total(found),
            channels=sorted(channels.items()),
            languages=sorted(languages.items()),
            comments=recent_comments(self.object.pk, period),
            report_url=reverse("content_pages_reach_report"),
        )
        return context


def shows_reach_panel(page: Page, request: HttpRequest) -> bool:
    return isinstance(page, ArticlePage) and page.pk is not None and may_see_review_due(request.user)


__all__ = ["ReachSidePanel", "shows_reach_panel"]
