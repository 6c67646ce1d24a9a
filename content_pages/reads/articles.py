"""Lists of published articles."""

from __future__ import annotations

from typing import cast

from django.db.models import QuerySet
from wagtail.models import Page
from wagtail.query import PageQuerySet

from content_pages.models import ArticleIndexPage, ArticlePage


def published_articles() -> QuerySet[ArticlePage]:
    articles: QuerySet[ArticlePage] = ArticlePage.objects.live().public().select_related("author", "medical_reviewer")
    return articles


def latest_articles(limit: int = 6) -> QuerySet[ArticlePage]:
    return published_articles().order_by("-first_published_at")[:limit]


def articles_under(index: Page) -> QuerySet[ArticlePage]:
    articles: QuerySet[ArticlePage] = (
        cast(PageQuerySet, published_articles()).child_of(index).order_by("-first_published_at")
    )
    return articles


def indexes_under(home: Page) -> QuerySet[ArticleIndexPage]:
    indexes: QuerySet[ArticleIndexPage] = ArticleIndexPage.objects.child_of(home).live().public()
    return indexes
