"""Articles due for medical review: the selector and ``manage.py review_due``."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from content_pages.models import ArticlePage
from content_pages.reads.review_due import ReviewStatus, review_due, review_status

from .conftest import days_from_today

pytestmark = pytest.mark.django_db


def review_due_json(*args):
    out = io.StringIO()
    call_command("review_due", "--format", "json", *args, stdout=out)
    return json.loads(out.getvalue())


def test_an_overdue_article_is_listed_as_overdue(seeded, due_in):
    due_in(-1, page=seeded)
    assert review_due_json() == [
        {
            "id": seeded.pk,
            "title": seeded.title_en,
            "next_review_due": days_from_today(-1).isoformat(),
            "overdue": True,
        }
    ]


def test_within_limits_the_window_and_keeps_the_overdue(seeded, due_in):
    overdue = due_in(-1, page=seeded)
    soon = due_in(20)
    later = due_in(60)
    within_30 = review_due_json("--within", "30")
    assert [(row["id"], row["overdue"]) for row in within_30] == [(overdue.pk, True), (soon.pk, False)]
    assert later.pk not in [row["id"] for row in within_30]
    assert [row["id"] for row in review_due_json()] == [overdue.pk, soon.pk, later.pk]


def test_not_listed_beyond_the_window_unpublished_or_without_a_date(seeded, due_in):
    due_in(200, page=seeded)
    draft = due_in(5)
    ArticlePage.objects.filter(pk=draft.pk).update(live=False)
    undated = due_in(6)
    ArticlePage.objects.filter(pk=undated.pk).update(next_review_due=None)
    assert review_due_json() == []
    assert [row["id"] for row in review_due_json("--within", "365")] == [seeded.pk]


def test_the_title_is_the_source_languages(seeded, due_in):
    due_in(3, page=seeded)
    with translation.override("ms"):
        assert review_due_json()[0]["title"] == seeded.title_en


def test_text_format_is_one_line_per_article(seeded, due_in):
    due_in(-3, page=seeded)
    due_in(40, title="Eating well during treatment")
    out = io.StringIO()
    call_command("review_due", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(days_from_today(-3).isoformat())
    assert "Overdue" in lines[0]
    assert seeded.title_en in lines[0]
    assert "Due within 90 days" in lines[1]
    assert "Eating well during treatment" in lines[1]


def test_nothing_due_says_so_and_exits_zero(seeded, due_in):
    due_in(400, page=seeded)
    out = io.StringIO()
    call_command("review_due", "--within", "30", stdout=out)  # a report: no SystemExit
    assert out.getvalue().strip() == "No live article is due for review within 30 days."


def test_filters_by_topic_and_reviewer(seeded, due_in, other_topic, other_reviewer):
    due_in(-1, page=seeded)
    nutrition = due_in(10, topics=[other_topic], reviewer=other_reviewer)
    seed_topic = seeded.topics.first()
    assert list(review_due(topic=other_topic)) == [nutrition]
    assert list(review_due(topic=seed_topic)) == [seeded]
    assert list(review_due(reviewer=other_reviewer)) == [nutrition]
    assert list(review_due(reviewer=seeded.medical_reviewer)) == [seeded]
    assert list(review_due(overdue_only=True)) == [seeded]


def test_statuses_count_from_today():
    today = datetime.date(2027, 3, 1)
    assert review_status(datetime.date(2027, 2, 28), today) is ReviewStatus.OVERDUE
    assert review_status(today, today) is ReviewStatus.DUE_30
    assert review_status(datetime.date(2027, 3, 31), today) is ReviewStatus.DUE_30
    assert review_status(datetime.date(2027, 4, 1), today) is ReviewStatus.DUE_90
    assert review_status(datetime.date(2027, 5, 30), today) is ReviewStatus.DUE_90
    assert review_status(datetime.date(2027, 5, 31), today) is ReviewStatus.LATER


def test_today_is_the_sites_local_date(seeded, due_in, monkeypatch):
    due_in(0, page=seeded)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    assert review_due_json()[0]["overdue"] is True
