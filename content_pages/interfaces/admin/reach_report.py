"""Reports → Reach and feedback: who reads each article, where, in which language, and
whether it helped.

Per article, language and channel over a chosen period: reads this site served, messages
bots reported sending, answers to "Was this helpful?" and the helpful share, with a chart
per day and per channel, filters (period, topic, language, channel), CSV and XLSX export,
and "Needs attention" above. Editors, moderators and medical reviewers see it; translators
do not (readers' comments are for the people who answer for the content).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from content_pages.foundations.languages import content_languages, english_name
from content_pages.foundations.sanitising import spreadsheet_cell
from content_pages.interfaces.admin.reach_charts import CHANNEL_LABELS, channel_chart, daily_chart
from content_pages.interfaces.admin.review_due import may_see_review_due
from content_pages.models import REACH_CHANNELS, Topic
from content_pages.reads.needs_attention import needs_attention
from content_pages.reads.reach_report import Filters, Period, Row, by_channel, daily, rows, total

PERIODS = [("7", "Last 7 days"), ("30", "Last 30 days"), ("90", "Last 90 days"), ("365", "Last 365 days")]
DEFAULT_DAYS = 30


class ReachFilterForm(forms.Form):
    days = forms.TypedChoiceField(
        label="Period", choices=PERIODS, coerce=int, required=False, initial=str(DEFAULT_DAYS)
    )
    topic = forms.ModelChoiceField(
        label="Topic", queryset=Topic.objects.order_by("name"), required=False, empty_label="All"
    )
    language = forms.ChoiceField(label="Language", required=False)
    channel = forms.ChoiceField(label="Channel", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language_field = self.fields["language"]
        channel_field = self.fields["channel"]
        assert isinstance(language_field, forms.ChoiceField)
        assert isinstance(channel_field, forms.ChoiceField)
        language_field.choices = [("", "All"), *((code, english_name(code)) for code in content_languages())]
        channel_field.choices = [("", "All"), *((name, CHANNEL_LABELS[name]) for name in REACH_CHANNELS)]

    def period(self) -> Period:
        days = self.cleaned_data.get("days") if self.is_bound and self.is_valid() else None
        return Period.last(days or DEFAULT_DAYS)

    def filters(self) -> Filters:
        if not (self.is_bound and self.is_valid()):
            return Filters()
        topic = self.cleaned_data.get("topic")
        return Filters(
            topic_id=topic.pk if topic is not None else None,
            language=self.cleaned_data.get("language") or None,
            channel=self.cleaned_data.get("channel") or None,
        )


@dataclass(frozen=True)
class ExportRow:
    """One line of the export: the table's figures, flat."""

    article: str
    page_id: int
    language: str
    channel: str
    reads: int
    deliveries: int
    yes: int
    no: int
    helpful_percent: float | str

    @classmethod
    def of(cls, row: Row) -> ExportRow:
        figures = row.figures
        return cls(
            article=row.title,
            page_id=row.page_id,
            language=row.language,
            channel=row.channel,
            reads=figures.reads,
            deliveries=figures.deliveries,
            yes=figures.yes,
            no=figures.no,
            helpful_percent=figures.helpful_percent if figures.helpful_percent is not None else "",
        )


@dataclass(frozen=True)
class TableRow:
    row: Row
    language: str
    channel: str

    @classmethod
    def of(cls, row: Row, languages: dict[str, str]) -> TableRow:
        return cls(row, languages.get(row.language, row.language), CHANNEL_LABELS.get(row.channel, row.channel))


class ReachReportView(SpreadsheetExportMixin, WagtailAdminTemplateMixin, TemplateView):
    page_title = "Reach and feedback"
    header_icon = "view"
    template_name = "content_pages/admin/reach_report.html"
    list_export = ["article", "page_id", "language", "channel", "reads", "deliveries", "yes", "no", "helpful_percent"]
    export_headings = {
        "article": "Article",
        "page_id": "Page id",
        "language": "Language",
        "channel": "Channel",
        "reads": "Reads",
        "deliveries": "Messages sent (reported by bots)",
        "yes": "Helpful: yes",
        "no": "Helpful: no",
        "helpful_percent": "Helpful %",
    }

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not may_see_review_due(request.user):
            raise PermissionDenied
        self.form = ReachFilterForm(request.GET or None)
        self.period = self.form.period()
        self.found = rows(self.period, self.form.filters())
        if self.is_export:
            exported = [ExportRow.of(row) for row in self.found]
            spreadsheet: HttpResponseBase = self.as_spreadsheet(exported, request.GET["export"])
            return spreadsheet
        response: HttpResponseBase = super().dispatch(request, *args, **kwargs)
        return response

    def get_filename(self) -> str:
        return f"reach-and-feedback-{self.period.start.isoformat()}-{self.period.end.isoformat()}"

    def preprocess_field_value(self, field: str, value: object, export_format: str) -> object:
        return spreadsheet_cell(super().preprocess_field_value(field, value, export_format))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        filters = self.form.filters()
        channels = by_channel(self.found)
        languages = {code: english_name(code) for code in content_languages()}
        context.update(
            form=self.form,
            period=self.period,
            table=[TableRow.of(row, languages) for row in self.found],
            totals=total(self.found),
            channel_chart=channel_chart(channels),
            daily_chart=daily_chart(daily(self.period, filters)),
            attention=needs_attention(self.period, filters),
            export_query=self.request.GET.urlencode(),
        )
        return context


class ReachReportMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return may_see_review_due(request.user)


__all__ = ["ReachReportMenuItem", "ReachReportView"]
