"""Each page's ``<url>`` elements are stored when it is rendered, so that rebuilding the
sitemaps after a publish joins stored strings read in two queries instead of writing every
page's addresses again; a page without them is written from its paths, as before, and
both ways write the same documents."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from content_pages.foundations.languages import content_languages
from content_pages.foundations.urls import base_url
from content_pages.models import ArticleIndexPage, ChannelRendition, SitemapEntry
from content_pages.publishing import sitemaps
from content_pages.reads import sitemap as sitemap_reads
from tests.api.test_query_budget import build_article

pytestmark = pytest.mark.django_db


def documents():
    return {language: [part.xml for part in sitemaps.build(language)] for language in content_languages()}


def no_fallback(monkeypatch):
    def refuse(page_ids, languages):
        raise AssertionError(f"pages {page_ids} were written from their paths")

    monkeypatch.setattr(sitemap_reads, "_paths_of", refuse)


def test_every_rendered_page_has_an_entry_per_language_on_the_configured_address(seeded):
    live = ChannelRendition.objects.filter(channel="web").values("page_id").distinct().count()
    entries = SitemapEntry.objects.all()
    assert entries.count() == live * len(content_languages())
    assert set(entries.values_list("base_url", flat=True)) == {base_url()}
    article = SitemapEntry.objects.get(page=seeded, language="ms")
    assert article.xml.startswith(f"<url><loc>{base_url()}/ms/")
    assert 'hreflang="x-default"' in article.xml
    assert (article.rendition.channel, article.rendition.language) == ("web", "ms")


def test_stored_entries_and_the_paths_they_replace_write_the_same_documents(
    seeded, django_capture_on_commit_callbacks, monkeypatch
):
    # A Chinese title, so that a percent-encoded address is compared too.
    build_article("entries-compared", 4, django_capture_on_commit_callbacks, title="治疗")
    with monkeypatch.context() as patched:
        no_fallback(patched)
        from_entries = documents()
    SitemapEntry.objects.all().delete()
    assert documents() == from_entries
    assert from_entries["zh-hans"][0].count("<url>") == 5


def test_a_rebuild_asks_two_queries_for_4_pages_or_30_and_writes_no_address(
    seeded, django_capture_on_commit_callbacks, monkeypatch
):
    no_fallback(monkeypatch)
    with CaptureQueriesContext(connection) as few:
        assert sitemaps.build("ms")[0].urls == 4
    for number in range(26):
        build_article(f"entry-{number}", 4, django_capture_on_commit_callbacks)
    with CaptureQueriesContext(connection) as many:
        assert sitemaps.build("ms")[0].urls == 30
    # The pages in tree order, and their entries.
    assert len(many.captured_queries) == len(few.captured_queries) == 2


def test_a_republish_and_a_new_slug_rewrite_the_pages_entries(seeded, django_capture_on_commit_callbacks):
    before = SitemapEntry.objects.get(page=seeded, language="ms").xml
    seeded.slug_ms = "imunoterapi-baharu"
    with django_capture_on_commit_callbacks(execute=True):
        seeded.save_revision().publish()
    after = SitemapEntry.objects.get(page=seeded, language="ms")
    assert after.xml != before
    assert "/imunoterapi-baharu/" in after.xml
    seeded.refresh_from_db()
    stamp = seeded.last_published_at.astimezone(datetime.UTC).isoformat(timespec="seconds")
    assert f"<lastmod>{stamp}</lastmod>" in after.xml
    # The English entry lists the new Malay address among its alternates.
    assert "/imunoterapi-baharu/" in SitemapEntry.objects.get(page=seeded, language="en").xml
    assert any("/imunoterapi-baharu/" in xml for xml in documents()["ms"])


def test_entries_follow_the_rows_privacy_and_go_with_them(seeded, django_capture_on_commit_callbacks, monkeypatch):
    no_fallback(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(page=seeded, restriction_type=PageViewRestriction.LOGIN)
    assert set(SitemapEntry.objects.filter(page=seeded).values_list("public", flat=True)) == {False}
    assert sitemaps.build("ms")[0].urls == 3
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert sitemaps.build("ms")[0].urls == 4
    with django_capture_on_commit_callbacks(execute=True):
        seeded.unpublish()
    assert not SitemapEntry.objects.filter(page=seeded).exists()
    assert sitemaps.build("ms")[0].urls == 3


def test_a_page_whose_entries_miss_a_language_is_written_from_its_paths(seeded, monkeypatch):
    index = ArticleIndexPage.objects.get()
    whole = documents()
    SitemapEntry.objects.filter(page=index, language="zh-hans").delete()
    calls = []
    real = sitemap_reads._paths_of

    def counted(page_ids, languages):
        calls.append(list(page_ids))
        return real(page_ids, languages)

    monkeypatch.setattr(sitemap_reads, "_paths_of", counted)
    assert documents() == whole
    assert calls
    assert all(ids == [index.pk] for ids in calls)
