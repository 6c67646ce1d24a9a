"""Reports → Reach and feedback: figures per article, language and channel, the charts,
the exports, "Needs attention", and who may see it; and ``manage.py reach_report``."""

import csv
import datetime
import io
import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from content_pages.models import ArticleIndexPage, ArticlePage, PageFeedback, PageReach
from content_pages.publishing import feedback
from content_pages.reads.reach_report import Filters, Period, rows, utc_today

pytestmark = pytest.mark.django_db

REPORT = "/admin/reports/reach/"


@pytest.fixture
def log_in_as(client):
    def make(*groups):
        user = User.objects.create_user(username="-".join(groups).lower().replace(" ", "-") or "nobody", password="pw")
        user.groups.add(*Group.objects.filter(name__in=groups))
        client.force_login(user)
        return user

    return make


def reach(page, language, channel, reads=0, deliveries=0, days_ago=0):
    return PageReach.objects.create(
        page=page,
        language=language,
        channel=channel,
        day=utc_today() - datetime.timedelta(days=days_ago),
        reads=reads,
        deliveries=deliveries,
    )


def answer(page, language, channel, helpful, comment=""):
    return feedback.record(feedback.Answer(page.pk, language, channel, helpful, comment))


def table(response, css_class):
    soup = BeautifulSoup(response.content, "html.parser")
    body = soup.find("table", class_=css_class).find("tbody")
    return [[" ".join(cell.get_text(" ").split()) for cell in row.find_all("td")] for row in body.find_all("tr")]


def test_the_report_is_under_reports(seeded):
    assert reverse("content_pages_reach_report") == REPORT


def test_figures_per_article_language_and_channel(seeded, client, log_in_as):
    reach(seeded, "en", "web", reads=120)
    reach(seeded, "en", "web", reads=30, days_ago=3)
    reach(seeded, "ms", "whatsapp", reads=2, deliveries=500)
    reach(seeded, "en", "web", reads=999, days_ago=40)  # outside the default 30 days
    answer(seeded, "en", "web", True)
    answer(seeded, "en", "web", False, "Too long; ring me on +60 12-345 6789")
    answer(seeded, "ms", "whatsapp", True)
    log_in_as("Editors")

    response = client.get(REPORT)

    assert response.status_code == 200
    lines = table(response, "reach-table")
    title = seeded.title
    assert lines == [
        [title, "Malay", "WhatsApp", "2", "500", "1", "0", "100.0%"],
        [title, "English", "Web", "150", "0", "1", "1", "50.0%"],
    ]
    by_channel = {line[0]: line[1:] for line in table(response, "reach-channel-table")}
    assert by_channel == {"Web": ["150", "1", "1", "50.0%"], "WhatsApp": ["502", "1", "0", "100.0%"]}
    # The chart shows both channels, and the stored comment has no phone number.
    soup = BeautifulSoup(response.content, "html.parser")
    assert {group["data-channel"] for group in soup.select("svg.reach-channels g[data-channel]")} == {"web", "whatsapp"}
    assert len(soup.select("svg.reach-daily rect")) == 3  # today: web and WhatsApp; 3 days ago: web
    assert "345 6789" not in PageFeedback.objects.get(helpful=False).comment


def test_filters_narrow_every_figure(seeded, client, log_in_as):
    reach(seeded, "en", "web", reads=10)
    reach(seeded, "ms", "web", reads=7)
    reach(seeded, "ms", "telegram", reads=3)
    log_in_as("Editors")

    malay = table(client.get(REPORT, {"language": "ms"}), "reach-table")
    assert [line[1:4] for line in malay] == [["Malay", "Web", "7"], ["Malay", "Telegram", "3"]]
    telegram = table(client.get(REPORT, {"channel": "telegram", "days": "7"}), "reach-table")
    assert [line[1:4] for line in telegram] == [["Malay", "Telegram", "3"]]
    # A topic no article has: nothing.
    from content_pages.models import Topic

    empty = Topic.objects.create(name="Nutrition", slug="nutrition")
    assert table(client.get(REPORT, {"topic": empty.pk}), "reach-table") == [
        ["No reads and no answers in this period."]
    ]


def test_a_filter_it_does_not_understand_is_named_and_left_out(seeded, client, log_in_as):
    reach(seeded, "en", "web", reads=10)
    log_in_as("Editors")
    response = client.get(REPORT, {"days": "100000", "channel": "<script>"})
    assert response.status_code == 200
    assert b"were not understood" in response.content
    assert b"<script>" not in response.content
    assert table(response, "reach-table")[0][3] == "10"


def test_csv_and_xlsx_exports_hold_the_table_with_formulas_neutralised(seeded, client, log_in_as):
    index = ArticleIndexPage.objects.get()
    formula = index.add_child(instance=ArticlePage(title='=HYPERLINK("http://evil.example")', slug="formula"))
    reach(formula, "en", "web", reads=5)
    reach(seeded, "en", "web", reads=9)
    answer(seeded, "en", "web", True)
    log_in_as("Editors")

    exported = client.get(REPORT, {"export": "csv"})
    assert exported["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(b"".join(exported.streaming_content).decode())))
    assert lines[0][:5] == ["Article", "Page id", "Language", "Channel", "Reads"]
    assert lines[1] == [seeded.title, str(seeded.pk), "en", "web", "9", "0", "1", "0", "100.0"]
    assert lines[2][0] == '\'=HYPERLINK("http://evil.example")'

    workbook = client.get(REPORT, {"export": "xlsx", "language": "en"})
    sheet = load_workbook(io.BytesIO(b"".join(workbook.streaming_content))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[1][:5] == [seeded.title, seeded.pk, "en", "web", 9]
    assert values[2][0].startswith("'=")


def test_needs_attention_ranks_unhelpful_and_overdue_articles(seeded, client, log_in_as, settings):
    settings.CMS_ATTENTION_MIN_ANSWERS = 4
    for helpful in (True, False, False, False):
        answer(seeded, "en", "web", helpful)
    reach(seeded, "en", "web", reads=40)
    ArticlePage.objects.filter(pk=seeded.pk).update(next_review_due=datetime.date(2020, 1, 1))
    log_in_as("Editors")

    soup = BeautifulSoup(client.get(REPORT).content, "html.parser")
    reasons = {item["data-reason"]: item.get_text(" ") for item in soup.select(".reach-attention li")}
    assert "25% helpful from 4 answers" in reasons["low_helpful"]
    assert "Review overdue since 2020-01-01; 40 reads" in reasons["overdue_review"]


def test_three_answers_are_too_few_to_call_an_article_unhelpful(seeded, settings):
    from content_pages.reads.needs_attention import needs_attention

    settings.CMS_ATTENTION_MIN_ANSWERS = 4
    for _ in range(3):
        answer(seeded, "en", "web", False)
    assert not [item for item in needs_attention(Period.last(30)) if item.reason == "low_helpful"]


@pytest.mark.parametrize("groups", [(), ("Translators: Malay",)])
def test_translators_and_users_without_page_rights_are_refused(seeded, client, log_in_as, groups, translator):
    if groups:
        translator("ms")
    else:
        log_in_as()
    assert client.get(REPORT).status_code in (302, 403)
    assert client.get(REPORT, {"export": "csv"}).status_code in (302, 403)


def test_the_report_costs_the_same_queries_for_many_articles(seeded, client, log_in_as, django_assert_max_num_queries):
    log_in_as("Editors")
    reach(seeded, "ms", "web", reads=3)
    client.get(REPORT)  # warm: the session, the user, menu permissions
    index = ArticleIndexPage.objects.get()
    for number in range(30):
        page = index.add_child(instance=ArticlePage(title=f"Article {number}", slug=f"article-{number}"))
        reach(page, "en", "web", reads=number + 1)
        answer_row = PageFeedback(page=page, language="en", channel="web", helpful=bool(number % 2))
        answer_row.save()
    with django_assert_max_num_queries(32):
        response = client.get(REPORT)
    assert len(table(response, "reach-table")) == 31


def test_the_selector_joins_counters_and_answers_by_row(seeded):
    reach(seeded, "en", "sms", deliveries=12)
    answer(seeded, "en", "sms", False)
    (row,) = rows(Period.last(7), Filters(channel="sms"))
    assert (row.language, row.figures.deliveries, row.figures.no, row.figures.helpful_percent) == ("en", 12, 1, 0.0)


def test_reach_report_command_prints_json(seeded):
    reach(seeded, "en", "web", reads=8)
    reach(seeded, "en", "web", reads=100, days_ago=10)
    answer(seeded, "en", "web", True, "Clear, thank you. a@b.example")
    out = io.StringIO()
    since = (utc_today() - datetime.timedelta(days=2)).isoformat()
    call_command("reach_report", "--since", since, "--format", "json", stdout=out)
    document = json.loads(out.getvalue())
    assert document["period"] == {"start": since, "end": utc_today().isoformat()}
    assert document["totals"] == {"reads": 8, "deliveries": 0, "yes": 1, "no": 0, "helpful_percent": 100.0}
    assert document["rows"] == [
        {
            "page": seeded.pk,
            "title": seeded.title,
            "language": "en",
            "channel": "web",
            "reads": 8,
            "deliveries": 0,
            "yes": 1,
            "no": 0,
            "helpful_percent": 100.0,
        }
    ]
    assert "Clear" not in out.getvalue()  # comments stay in the admin


def test_reach_report_command_refuses_a_backwards_period(seeded):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="is after --until"):
        call_command("reach_report", "--since", "2026-02-01", "--until", "2026-01-01")


def test_the_article_editor_shows_readers_in_a_side_panel(seeded, client, log_in_as, translator):
    reach(seeded, "ms", "whatsapp", reads=4, deliveries=60)
    answer(seeded, "ms", "whatsapp", False, "Tak faham. WhatsApp saya +60 12-345 6789")
    log_in_as("Editors")
    soup = BeautifulSoup(client.get(f"/admin/pages/{seeded.pk}/edit/").content, "html.parser")
    panel = soup.select_one(".reach-side-panel")
    assert panel is not None
    assert soup.select_one('[data-side-panel-toggle="readers"]') is not None
    text = " ".join(panel.get_text(" ").split())
    assert "4 reads, 60 messages sent by bots, 1 answers: 0.0% found it helpful" in text
    assert "Tak faham." in text
    assert "6789" not in text
    # Translators edit the same page, but readers' comments are not for them.
    translator("ms")
    translated = client.get(f"/admin/pages/{seeded.pk}/edit/", follow=True)
    assert translated.status_code == 200
    assert b"reach-side-panel" not in translated.content
    assert b"Tak faham" not in translated.content


def test_counts_in_a_language_the_site_no_longer_has_are_listed_not_checked_for_stale_texts(seeded):
    from content_pages.reads.needs_attention import needs_attention

    reach(seeded, "xx", "web", reads=50)  # a language removed from CMS_LANGUAGES since
    assert [row.language for row in rows(Period.last(7))] == ["xx"]
    assert needs_attention(Period.last(7)) == []
