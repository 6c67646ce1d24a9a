"""What each page type's template receives besides the page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from content_pages.models import ArticleIndexPage, ArticlePage, HomePage
from content_pages.reads.article_view import article_view
from content_pages.reads.articles import articles_under, indexes_under, latest_articles

LATEST_ON_HOME = 6


def home(page: HomePage, _request: HttpRequest, context: dict[str, Any]) -> dict[str, Any]:
    return {**context, "articles": latest_articles(limit=LATEST_ON_HOME), "indexes": indexes_under(page)}


def index(page: ArticleIndexPage, _request: HttpRequest, context: dict[str, Any]) -> dict[str, Any]:
    return {**context, "articles": articles_under(page)}


def article(page: ArticlePage, request: HttpRequest, context: dict[str, Any]) -> dict[str, Any]:
    return {**context, "article": article_view(page, request)}
