"""Snippet admin: choosers offer only what readers could see.

A snippet saved as a draft but never published (or unpublished, or expired) still has a
row, and Wagtail's chooser would offer it; a page choosing it would show nothing in its
place. The choosers list live snippets only, so what an editor picks is what readers get.
"""

from __future__ import annotations

from typing import Any

from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet


class LiveOnly:
    def get_object_list(self) -> Any:
        return super().get_object_list().filter(live=True)  # type: ignore[misc]


class LiveChooseView(LiveOnly, ChooseView):
    pass


class LiveChooseResultsView(LiveOnly, ChooseResultsView):
    pass


class LiveSnippetChooserViewSet(SnippetChooserViewSet):
    choose_view_class = LiveChooseView
    choose_results_view_class = LiveChooseResultsView


class ReviewedSnippetViewSet(SnippetViewSet):
    chooser_viewset_class = LiveSnippetChooserViewSet
