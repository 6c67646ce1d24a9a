"""Translators' views read stored counts: the same queries at any size, never an outdated count."""

import logging

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Page

from content_pages.models import CallToAction, TranslationCount
from content_pages.publishing import translation_counts
from content_pages.publishing.translations.report import status_rows
from content_pages.publishing.worker import sweep
from content_pages.reads import translation_status
from tests.api.test_query_budget import build_article

pytestmark = pytest.mark.django_db

REPORT = reverse("content_pages_translations_report")


def _articles(count, callbacks, start=0):
    return [build_article(f"counted-{n}", 4, callbacks) for n in range(start, start + count)]


def _report_rows(html):
    table = BeautifulSoup(html, "html.parser").find("table", class_="listing")
    return [
        [cell.get_text(strip=True) for cell in row.find_all("td")][:6] for row in table.find("tbody").find_all("tr")
    ]


def _queries(fetch):
    fetch()  # counts what changed, so that the measured request reads only
    with CaptureQueriesContext(connection) as queries:
        response = fetch()
    assert response.status_code == 200
    return len(queries), response


def test_the_report_and_my_work_cost_the_same_queries_at_any_size(
    malay_translator, seeded, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    _articles(1, django_capture_on_commit_callbacks)
    home = reverse("wagtailadmin_home")
    small_report, _ = _queries(lambda: malay_translator.get(REPORT, {"state": "to_do"}))
    small_home, _ = _queries(lambda: malay_translator.get(home))
    _articles(12, django_capture_on_commit_callbacks, start=1)
    large_report, response = _queries(lambda: malay_translator.get(REPORT, {"state": "to_do"}))
    large_home, _ = _queries(lambda: malay_translator.get(home))
    assert (large_report, large_home) == (small_report, small_home)
    # Thirteen articles and the seed's pages are listed, not just counted.
    titles = [row[0] for row in _report_rows(response.content.decode())]
    assert {f"Article counted-{n}" for n in range(13)} <= set(titles)
    with django_assert_max_num_queries(small_report):
        malay_translator.get(REPORT, {"state": "to_do", "p": "2"})


def test_the_command_reads_every_page_in_a_constant_number_of_queries(
    seeded, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    _articles(3, django_capture_on_commit_callbacks)
    status_rows(["ms", "zh-hans"])  # counted once
    with CaptureQueriesContext(connection) as queries:
        rows = status_rows(["ms", "zh-hans"])
    # Which pages are outdated, then the rows: nothing is counted again.
    assert len(queries) == 2, [query["sql"] for query in queries]
    assert {(row["title"], row["language"]) for row in rows} >= {
        ("Article counted-2", "ms"),
        ("Article counted-2", "zh-hans"),
    }
    article = next(row for row in rows if row["title"] == "Article counted-0" and row["language"] == "ms")
    # Four blocks: a heading, a paragraph, a list of three and a CTA; the article's own texts are English only.
    assert article["missing"] >= 5
    assert article["translated"] + article["missing"] + article["stale"] == article["total"]


def test_a_draft_or_a_publish_outdates_the_count_and_the_report_shows_the_new_one(admin_client, seeded):
    def article_row():
        rows = _report_rows(admin_client.get(REPORT, {"language": "ms"}).content.decode())
        return next(row for row in rows if row[0] == seeded.title_en)

    before = article_row()
    seeded.standfirst_en = "A new English standfirst, not yet translated."
    revision = seeded.save_revision()  # a draft: nothing here writes a count
    # Translators work from the live English, so the figures stay; the row is recounted.
    assert article_row() == before
    assert TranslationCount.objects.get(page=seeded, language="ms").latest_revision_id == revision.pk
    revision.publish()
    after = article_row()
    assert int(after[4]) == int(before[4]) + 1, (before, after)
    row = TranslationCount.objects.get(page=seeded, language="ms")
    assert (row.latest_revision_id, row.live_revision_id) == (revision.pk, revision.pk)
    assert "standfirst" in row.stale_paths


def test_a_changed_snippet_has_the_pages_showing_it_counted_again(seeded):
    before = next(row for row in status_rows(["ms"]) if row["page_id"] == seeded.pk)
    cta = next(block.value["cta"] for block in seeded.body if block.block_type == "cta" and block.value["cta"])
    cta = CallToAction.objects.get(pk=cta.pk)
    assert cta.button_label_ms
    cta.button_label_ms = ""
    cta.save()
    assert not TranslationCount.objects.filter(page=seeded).exists()
    # Pages not showing it keep their counts.
    assert TranslationCount.objects.exclude(page=seeded).exists()
    after = next(row for row in status_rows(["ms"]) if row["page_id"] == seeded.pk)
    assert after["missing"] == before["missing"] + 1, (before, after)


def test_an_outdated_count_is_never_shown(admin_client, seeded, monkeypatch):
    status_rows(["ms"])
    TranslationCount.objects.filter(page=seeded).update(latest_revision_id=1, missing=999)
    monkeypatch.setattr(translation_counts, "INLINE", 0)
    html = admin_client.get(REPORT, {"language": "ms"}).content.decode()
    assert "999" not in html
    assert seeded.title_en not in {row[0] for row in _report_rows(html)}
    assert "still being counted" in html
    # The worker's sweep counts it; then it is listed again, with its true figures.
    assert sweep(database_tasks=False).counted >= 1
    html = admin_client.get(REPORT, {"language": "ms"}).content.decode()
    assert seeded.title_en in {row[0] for row in _report_rows(html)}
    assert "still being counted" not in html


def test_my_work_counts_a_few_pages_and_leaves_the_rest_to_the_worker(
    malay_translator, seeded, django_capture_on_commit_callbacks, monkeypatch
):
    articles = _articles(3, django_capture_on_commit_callbacks)
    TranslationCount.objects.all().delete()
    monkeypatch.setattr(translation_counts, "INLINE", 2)
    html = malay_translator.get(reverse("wagtailadmin_home")).content.decode()
    assert "still being counted" in html
    # A view's share, the most recently changed first.
    assert set(TranslationCount.objects.filter(language="ms").values_list("page_id", flat=True)) == {
        articles[2].pk,
        articles[1].pk,
    }
    assert translation_counts.count_outdated() >= 5
    html = malay_translator.get(reverse("wagtailadmin_home")).content.decode()
    assert "still being counted" not in html
    panel = BeautifulSoup(html, "html.parser").find(id="my-translation-work-section")
    assert {f"Article counted-{n}" for n in range(3)} <= {a.get_text(strip=True) for a in panel.find_all("a")}


def test_my_work_lists_the_first_pages_and_links_to_the_rest(
    malay_translator, seeded, django_capture_on_commit_callbacks, monkeypatch
):
    from content_pages.reads import translator_work

    _articles(4, django_capture_on_commit_callbacks)
    monkeypatch.setattr(translator_work, "PAGES_SHOWN", 2)
    panel = BeautifulSoup(malay_translator.get(reverse("wagtailadmin_home")).content.decode(), "html.parser").find(
        id="my-translation-work-section"
    )
    page_links = {
        reverse("content_pages_translate_page", args=[pk, "ms"]) for pk in Page.objects.values_list("pk", flat=True)
    }
    assert len([a for a in panel.find_all("a") if a["href"] in page_links]) == 2
    more = panel.find("a", href=REPORT + "?state=to_do")
    assert more is not None
    # Every page with work left in Malay, less the two shown.
    to_do = TranslationCount.objects.filter(language="ms").exclude(missing=0, stale=0).count()
    assert more.get_text(strip=True) == f"{to_do - 2} more pages with texts left to translate"


def test_the_report_is_paginated(admin_client, seeded, django_capture_on_commit_callbacks, monkeypatch):
    from content_pages.interfaces.admin import views

    _articles(3, django_capture_on_commit_callbacks)
    monkeypatch.setattr(views, "REPORT_PAGE_SIZE", 3)
    first = admin_client.get(REPORT, {"language": "ms"}).content.decode()
    total = TranslationCount.objects.filter(language="ms", page__depth__gt=1).count()
    pages = -(-total // 3)
    assert f"{total} rows, page 1 of {pages}." in first
    seen = []
    for number in range(1, pages + 1):
        html = admin_client.get(REPORT, {"language": "ms", "p": str(number)}).content.decode()
        seen += [row[0] for row in _report_rows(html)]
    assert len(seen) == len(set(seen)) == total
    # A page number past the end, or not a number, shows a page that exists.
    assert _report_rows(admin_client.get(REPORT, {"language": "ms", "p": "999"}).content.decode())
    assert _report_rows(admin_client.get(REPORT, {"language": "ms", "p": "x'--"}).content.decode())


def test_a_page_that_cannot_be_counted_is_logged_and_the_others_are_counted(
    seeded, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    broken, fine = _articles(2, django_capture_on_commit_callbacks)
    TranslationCount.objects.all().delete()
    real = translation_status.page_status

    def page_status(page, *args, **kwargs):
        if page.pk == broken.pk:
            raise ValueError("unreadable content")
        return real(page, *args, **kwargs)

    monkeypatch.setattr(translation_counts, "page_status", page_status)
    with caplog.at_level(logging.ERROR, logger="content_pages.publishing.translation_counts"):
        counted = translation_counts.count_pages([broken.pk, fine.pk], ["ms"])
    assert counted == 1
    assert list(TranslationCount.objects.values_list("page_id", flat=True)) == [fine.pk]
    assert f"page {broken.pk}" in caplog.text


def test_the_translation_status_command_lists_every_page(seeded, capsys):
    call_command("translation_status", "--lang", "ms", "--format", "json")
    out = capsys.readouterr().out
    assert seeded.title_en in out
    assert TranslationCount.objects.filter(page=seeded, language="ms").exists()


def test_a_snippet_draft_drops_the_counts_of_the_pages_showing_it_once(seeded):
    """A draft of a snippet saves a revision and then the snippet's row (which revision
    is latest): the pages' counts are dropped once, by the revision, not again by the row."""
    status_rows(["ms"])  # counted
    cta = next(block.value["cta"] for block in seeded.body if block.block_type == "cta" and block.value["cta"])
    cta = CallToAction.objects.get(pk=cta.pk)
    table = TranslationCount._meta.db_table
    with CaptureQueriesContext(connection) as queries:
        cta.button_label_ms = "Buka"
        cta.save_revision()
    drops = [query["sql"] for query in queries if query["sql"].startswith("DELETE") and table in query["sql"]]
    assert len(drops) == 1, drops
    assert not TranslationCount.objects.filter(page=seeded).exists()
    # A save of the row itself (as a publish makes) still drops them.
    status_rows(["ms"])
    assert TranslationCount.objects.filter(page=seeded).exists()
    cta.save()
    assert not TranslationCount.objects.filter(page=seeded).exists()
