import datetime

import pytest
from django.utils import timezone

from content_pages.models import ArticleIndexPage, ArticlePage, Contributor, Topic


def days_from_today(days):
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def due_in(seeded):
    """Live articles due for review in N days: ``due_in(20)`` makes one (or moves the seed
    article, with ``page=seeded``). Rows are updated directly: the live row is what counts."""

    def make(days, page=None, topics=(), reviewer=None, title=None):
        if page is None:
            index = ArticleIndexPage.objects.get()
            slug = f"due-in-{days}".replace("-" * 2, "-minus-")
            page = index.add_child(instance=ArticlePage(title=title or f"Due in {days} days", slug=slug))
            page.topics.set(topics)
            page.save()
        due = days_from_today(days)
        ArticlePage.objects.filter(pk=page.pk).update(
            live=True,
            next_review_due=due,
            last_reviewed=due - datetime.timedelta(days=365),
            **({"medical_reviewer": reviewer} if reviewer is not None else {}),
        )
        return ArticlePage.objects.get(pk=page.pk)

    return make


@pytest.fixture
def other_topic(db):
    return Topic.objects.create(name="Nutrition", slug="nutrition")


@pytest.fixture
def other_reviewer(db):
    return Contributor.objects.create(name="Dr Aminah Yusof", kind="person", role="Dietitian")
