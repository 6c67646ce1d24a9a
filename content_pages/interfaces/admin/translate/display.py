"""What the editor page shows around its rows: the filters, the preview tabs, and each
row with the problems a refused save found in it."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from wagtail.models import Page

from content_pages.reads.translation_editor import FILTERS, EditorRow, filtered


@dataclass(frozen=True)
class FilterLink:
    value: str
    label: str
    url: str
    current: bool


@dataclass(frozen=True)
class PreviewTab:
    mode: str
    label: str
    url: str


def current_filter(request: HttpRequest) -> str:
    """The filter asked for (``?show=``); all rows for anything unknown."""
    show = request.GET.get("show", "")
    return show if show in FILTERS else ""


def with_filter(url: str, show: str) -> str:
    return f"{url}?show={show}" if show else url


def filter_links(url: str, show: str) -> list[FilterLink]:
    labels = {"": _("All"), "missing": _("Missing"), "stale": _("Stale"), "review": _("Needs review")}
    return [FilterLink(value, label, with_filter(url, value), value == show) for value, label in labels.items()]


def preview_tabs(page: Page, language: str) -> list[PreviewTab]:
    """One link per preview mode of the page, opened in the editor's preview pane."""
    url = reverse("content_pages_translate_page_preview", args=[page.pk, language])
    return [PreviewTab(mode, label, f"{url}?{urlencode({'mode': mode})}") for mode, label in page.preview_modes]


@dataclass(frozen=True)
class ShownRows:
    rows: list[tuple[EditorRow, list[str]]]  # each row the filter keeps, with its problems
    hidden_problems: list[str]  # problems of rows the filter hides, each naming its segment


def shown_rows(rows: list[EditorRow], show: str, problems: dict[str, list[str]]) -> ShownRows:
    """The rows ``show`` keeps, each with its problems; a problem of a hidden row is
    named by its segment so that it is not lost."""
    shown = filtered(rows, show)
    visible = {row.id for row in shown}
    hidden = [
        f"{segment_id}: {message}"
        for segment_id, found in problems.items()
        if segment_id not in visible
        for message in found
    ]
    return ShownRows([(row, problems.get(row.id, [])) for row in shown], hidden)
