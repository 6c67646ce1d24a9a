"""Reports → Review due, as editors, moderators and medical reviewers see it; not translators."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from content_pages.publishing.translators import ensure_translator_groups, group_name

from .conftest import days_from_today

pytestmark = pytest.mark.django_db

REPORT = "/admin/reports/review-due/"


@pytest.fixture
def log_in_as(client):
    def make(*groups):
        user = User.objects.create_user(username="-".join(groups).lower().replace(" ", "-"), password="pw")
        user.groups.add(*Group.objects.filter(name__in=groups))
        client.force_login(user)
        return user

    return make


def rows(response):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(response.content, "html.parser")
    table = soup.find("table", class_="listing")
    if table is None:
        return []
    return [
        [" ".join(cell.get_text(" ").split()) for cell in row.find_all("td")]
        for row in table.find("tbody").find_all("tr")
    ]


def test_the_report_url_is_where_editors_expect_it():
    assert reverse("content_pages_review_due") == REPORT


@pytest.mark.parametrize("group", ["Editors", "Moderators", "Medical reviewers"])
def test_editors_moderators_and_medical_reviewers_see_an_overdue_article(seeded, due_in, client, log_in_as, group):
    if group == "Medical reviewers" and not Group.objects.filter(name=group).exists():
        pytest.skip("no Medical reviewers group in this build")
    due_in(-1, page=seeded)
    log_in_as(group)
    response = client.get(REPORT)
    assert response.status_code == 200
    [row] = rows(response)
    assert row[0].startswith(seeded.title_en)
    assert row[1] == seeded.medical_reviewer.name
    due = days_from_today(-1)
    assert row[3] == f"{due.day} {due:%b %Y}"
    assert row[4] == "Overdue"
    assert reverse("wagtailadmin_pages:edit", args=[seeded.pk]) in response.content.decode()
    # ...and the Reports menu offers it.
    assert REPORT in client.get("/admin/").content.decode()


def test_translators_neither_see_the_report_nor_its_menu_item(seeded, due_in, client):
    ensure_translator_groups()
    due_in(-1, page=seeded)
    user = User.objects.create_user(username="translator-ms", password="pw")
    user.groups.add(Group.objects.get(name=group_name("ms")))
    client.force_login(user)
    response = client.get(REPORT)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert client.get(f"{REPORT}results/").status_code == 302
    assert REPORT not in client.get("/admin/").content.decode()


def test_statuses_and_the_window_filter(seeded, due_in, admin_client):
    due_in(-1, page=seeded)
    soon = due_in(20)
    later = due_in(60)
    far = due_in(120)
    everything = rows(admin_client.get(REPORT))
    assert [(row[0], row[4]) for row in everything] == [
        (seeded.title_en, "Overdue"),
        (soon.title_en, "Due within 30 days"),
        (later.title_en, "Due within 90 days"),
    ]
    assert far.title_en not in admin_client.get(REPORT).content.decode()
    within_30 = [row[0] for row in rows(admin_client.get(REPORT, {"window": "30"}))]
    assert within_30 == [seeded.title_en, soon.title_en]
    assert [row[0] for row in rows(admin_client.get(REPORT, {"window": "overdue"}))] == [seeded.title_en]


def test_topic_and_reviewer_filters(seeded, due_in, admin_client, other_topic, other_reviewer):
    due_in(-1, page=seeded)
    nutrition = due_in(10, topics=[other_topic], reviewer=other_reviewer)
    by_topic = rows(admin_client.get(REPORT, {"topic": other_topic.pk}))
    assert [row[0] for row in by_topic] == [nutrition.title_en]
    by_reviewer = rows(admin_client.get(REPORT, {"reviewer": seeded.medical_reviewer_id}))
    assert [row[0] for row in by_reviewer] == [seeded.title_en]
    both = rows(admin_client.get(REPORT, {"reviewer": other_reviewer.pk, "topic": seeded.topics.first().pk}))
    assert both == []
    # The filtered results fragment, as the report's filters fetch it.
    fragment = admin_client.get(f"{REPORT}results/", {"topic": other_topic.pk})
    assert fragment.status_code == 200
    assert nutrition.title_en in fragment.content.decode()
    assert seeded.title_en not in fragment.content.decode()
