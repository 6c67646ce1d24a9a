"""Reports → Review due: live articles whose medical review is overdue or coming up.

A Wagtail report (``ReportView``) over ``reads/review_due.py``, filterable by topic,
medical reviewer and window. Editors, moderators and medical reviewers see it (anyone
who may change or publish some page); translators do not: it is about the English
source's clinical sign-off, not their language.

Above the table, the pages whose translations still need medical review (the seed's
translations, for one), per language: "Malay translation: 85 texts need medical review",
whatever their review date; they stop needing it when a medical reviewer approves the
page in the Medical review workflow. Beside them, "Translations awaiting review": per
language, every page or snippet whose translation is submitted for review by a reviewer
of that language, and those approved only at set-up (the seed's), which a reviewer of
the language must still read.
"""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies.pages import PagePermissionPolicy

from content_pages.foundations.roles import AnyUser, translator_languages
from content_pages.models import ArticlePage, Topic
from content_pages.reads.review_due import (
    DEFAULT_WINDOW_DAYS,
    STATUS_LABELS,
    ReviewStatus,
    due_within,
    medical_reviewers,
    overdue,
    review_status,
    reviewed_articles,
    reviewed_by,
    source_title,
    translations_needing_review,
    with_topic,
)
from content_pages.reads.translation_reviews import awaiting_rows

WINDOWS = [
    ("overdue", "Overdue"),
    ("30", "Overdue or due within 30 days"),
    ("90", "Overdue or due within 90 days"),
]


def may_see_review_due(user: AnyUser | None) -> bool:
    """Anyone who may change or publish pages, translators excepted."""
    if user is None or not user.is_authenticated or translator_languages(user) is not None:
        return False
    may: bool = PagePermissionPolicy().user_has_any_permission(user, ["change", "publish"])
    return may


class ReviewDueFilterSet(WagtailFilterSet):
    topic = django_filters.ModelChoiceFilter(
        label="Topic", queryset=Topic.objects.order_by("name"), method="filter_topic"
    )
    reviewer = django_filters.ModelChoiceFilter(
        label="Medical reviewer", queryset=lambda _request: medical_reviewers(), method="filter_reviewer"
    )
    window = django_filters.ChoiceFilter(label="Due", choices=WINDOWS, empty_label="All", method="filter_window")

    class Meta:
        model = ArticlePage
        fields: list[str] = []

    def filter_topic(self, queryset: QuerySet[ArticlePage], _name: str, value: Any) -> QuerySet[ArticlePage]:
        return with_topic(queryset, value) if value else queryset

    def filter_reviewer(self, queryset: QuerySet[ArticlePage], _name: str, value: Any) -> QuerySet[ArticlePage]:
        return reviewed_by(queryset, value) if value else queryset

    def filter_window(self, queryset: QuerySet[ArticlePage], _name: str, value: str) -> QuerySet[ArticlePage]:
        if value == "overdue":
            return overdue(queryset)
        return due_within(queryset, int(value)) if value else queryset


def _date(value: datetime.date | None) -> str:
    return f"{value.day} {value:%b %Y}" if value else ""


def _status(page: ArticlePage) -> str:
    return STATUS_LABELS[review_status(page.next_review_due)] if page.next_review_due else ""


def _is_overdue(page: ArticlePage) -> bool:
    return page.next_review_due is not None and review_status(page.next_review_due) is ReviewStatus.OVERDUE


class ReviewDueView(ReportView):
    page_title = "Review due"
    header_icon = "date"
    index_url_name = "content_pages_review_due"
    index_results_url_name = "content_pages_review_due_results"
    filterset_class = ReviewDueFilterSet
    template_name = "content_pages/admin/review_due.html"
    verbose_name_plural = "articles due for review"
    columns = [
        TitleColumn("title", label="Title", accessor=source_title, url_name="wagtailadmin_pages:edit"),
        Column("reviewer", label="Medical reviewer", accessor="medical_reviewer.name"),
        Column("last_reviewed", label="Last reviewed", accessor=lambda page: _date(page.last_reviewed)),
        Column("next_review_due", label="Next review due", accessor=lambda page: _date(page.next_review_due)),
        StatusTagColumn("status", label="Status", accessor=_status, primary=_is_overdue),
    ]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not may_see_review_due(request.user):
            raise PermissionDenied
        response: HttpResponse = super().dispatch(request, *args, **kwargs)
        return response

    def get_context_data(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(*args, **kwargs)
        if not self.results_only:  # the filters' refresh: only the table
            context["translation_reviews"] = translations_needing_review()
            context["translations_awaiting"] = awaiting_rows()
        return context

    def get_base_queryset(self) -> QuerySet[ArticlePage]:
        # Every window is within the default one: overdue, 30 days, 90 days.
        return due_within(reviewed_articles(), DEFAULT_WINDOW_DAYS)


class ReviewDueMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return may_see_review_due(request.user)
