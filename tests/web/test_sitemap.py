"""The sitemaps: ``/sitemap.xml`` indexes one stored sitemap per language; each lists every
live, public page with its hreflang alternates and x-default exactly as Wagtail's routing
gives them, on the configured base URL, read in one query whatever the number of pages."""

import re

import pytest
from django.utils.encoding import iri_to_uri
from django.utils.translation import override
from wagtail.models import Page, PageViewRestriction

from content_pages.foundations.languages import content_languages
from content_pages.foundations.urls import base_url
from content_pages.models import ArticleIndexPage, ChannelRendition, SitemapState, StoredSitemap
from content_pages.publishing import sitemaps
from content_pages.publishing.renditions import refresh_page
from tests.api.test_query_budget import build_article

pytestmark = pytest.mark.django_db

BUDGET = 1
URL = re.compile(r"<url><loc>(.*?)</loc>(?:<lastmod>.*?</lastmod>)?(.*?)</url>")
ALTERNATE = re.compile(r'<xhtml:link rel="alternate" hreflang="(.*?)" href="(.*?)"/>')
INDEX_ENTRY = re.compile(r"<sitemap><loc>(.*?)</loc>(?:<lastmod>(.*?)</lastmod>)?</sitemap>")


def language_entries(client, language, part=""):
    response = client.get(f"/sitemap-{language}{part}.xml")
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    return {loc: ALTERNATE.findall(rest) for loc, rest in URL.findall(response.content.decode())}


def entries(client):
    """Each <url> of every language's sitemap: its location and its alternates."""
    listed = {}
    for language in content_languages():
        listed |= language_entries(client, language)
    return listed


def routed(page, language):
    """The page's URL as Wagtail's routing makes it, on the configured base URL."""
    with override(language):
        return iri_to_uri(base_url() + page.get_url_parts()[2])


def expected_entries(pages):
    result = {}
    for page in pages:
        alternates = [(code, routed(page, code)) for code in content_languages()]
        alternates.append(("x-default", routed(page, "en").replace("/en/", "/", 1)))
        for code in content_languages():
            result[routed(page, code)] = alternates
    return result


def visible():
    return list(Page.objects.live().public().filter(depth__gt=1).order_by("path"))


def test_the_index_lists_one_sitemap_per_language_on_the_configured_address(seeded, client):
    sitemaps.refresh_sitemaps()
    response = client.get("/sitemap.xml", HTTP_HOST="testserver")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    listed = INDEX_ENTRY.findall(response.content.decode())
    assert [loc for loc, _lastmod in listed] == [f"{base_url()}/sitemap-{code}.xml" for code in content_languages()]
    newest = max(page.last_published_at for page in visible())
    assert {lastmod for _loc, lastmod in listed} == {newest.isoformat(timespec="seconds")}
    assert "<sitemapindex" in response.content.decode()


def test_every_page_in_every_language_with_its_alternates_and_x_default(seeded, client):
    sitemaps.refresh_sitemaps()
    pages = visible()
    assert {type(page.specific).__name__ for page in pages} == {
        "HomePage",
        "ArticleIndexPage",
        "ArticlePage",
        "EnquiryFormPage",
    }
    listed = entries(client)
    assert listed == expected_entries(pages)
    article = listed[f"{base_url()}/ms/artikel/bagaimana-imunoterapi-menyasarkan-sel-kanser/"]
    assert article[-1] == ("x-default", f"{base_url()}/articles/how-immunotherapy-targets-cancer-cells/")
    malay = list(language_entries(client, "ms"))
    assert malay[0] == f"{base_url()}/ms/"
    assert all("/ms/" in loc for loc in malay)


def test_one_query_for_4_pages_and_for_30(
    seeded, client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    sitemaps.refresh_sitemaps()
    with django_assert_num_queries(BUDGET):
        assert len(language_entries(client, "ms")) == 4
    with django_assert_num_queries(BUDGET):
        client.get("/sitemap.xml")
    for number in range(26):
        build_article(f"mapped-{number}", 4, django_capture_on_commit_callbacks)
    # Each publish's commit counted a change and stored the sitemaps again.
    assert StoredSitemap.objects.filter(built_generation=SitemapState.objects.get().generation).count() == 3
    with django_assert_num_queries(BUDGET):
        assert len(language_entries(client, "ms")) == 30
    with django_assert_num_queries(BUDGET):
        client.get("/sitemap.xml")
    assert entries(client) == expected_entries(visible())


def test_after_a_change_the_stored_part_is_served_until_the_worker_stores_the_new_one(
    seeded, client, django_capture_on_commit_callbacks, monkeypatch, caplog, django_assert_num_queries
):
    private = build_article("members-only", 4, django_capture_on_commit_callbacks)
    assert routed(private, "ms") in entries(client)
    stored = StoredSitemap.objects.get(language="ms")

    class Lost:
        def enqueue(self):
            raise ConnectionError("the queue is down")

    # The change commits but its task is lost: the stored parts are stale at once, and
    # readers keep the stored part (one read, no walk over every page) meanwhile.
    monkeypatch.setattr(sitemaps, "refresh_sitemaps_task", Lost())
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    assert "Sitemap refresh not enqueued (ConnectionError)" in caplog.text
    assert SitemapState.objects.get().generation == stored.built_generation + 1
    with django_assert_num_queries(BUDGET):
        response = client.get("/sitemap-ms.xml")
    assert response["ETag"] == stored.etag
    # The worker's sweep stores it again; then the page is gone from it.
    assert sitemaps.refresh_if_stale() is True
    assert sitemaps.refresh_if_stale() is False
    response = client.get("/sitemap-ms.xml")
    assert routed(private, "ms") not in response.content.decode()
    assert response["ETag"] != stored.etag


def test_a_language_with_nothing_stored_is_built_for_the_request(seeded, client):
    StoredSitemap.objects.all().delete()
    listed = language_entries(client, "ms")
    assert len(listed) == 4
    assert "Last-Modified" not in client.get("/sitemap-ms.xml")
    assert not StoredSitemap.objects.exists()  # a reader writes nothing
    index = client.get("/sitemap.xml").content.decode()
    assert [loc for loc, _lastmod in INDEX_ENTRY.findall(index)] == [
        f"{base_url()}/sitemap-{code}.xml" for code in content_languages()
    ]
    assert "<lastmod>" not in index
    assert client.get("/sitemap-ms-2.xml").status_code == 404


def test_a_build_that_read_before_a_change_is_stored_as_stale(seeded, client):
    generation = SitemapState.objects.get_or_create(pk=1)[0].generation
    sitemaps.refresh_sitemaps()
    # A change commits after the build read the pages and before it stored them.
    SitemapState.objects.update(generation=generation + 1)
    assert sitemaps.refresh_if_stale() is True
    assert set(StoredSitemap.objects.values_list("built_generation", flat=True)) == {generation + 1}
    # An older build finishing last does not overwrite a newer one.
    assert sitemaps._store({"ms": sitemaps.build("ms")}, generation) == []
    assert StoredSitemap.objects.get(language="ms").built_generation == generation + 1


def test_parts_past_the_limit_are_listed_and_served_and_others_are_not_found(
    seeded, client, settings, django_assert_max_num_queries
):
    settings.CMS_SITEMAP_URLS_MAX = 3
    sitemaps.refresh_sitemaps()
    index = [loc for loc, _lastmod in INDEX_ENTRY.findall(client.get("/sitemap.xml").content.decode())]
    assert {f"{base_url()}/sitemap-ms.xml", f"{base_url()}/sitemap-ms-2.xml"} <= set(index)
    assert len(index) == 2 * len(content_languages())
    first, second = language_entries(client, "ms"), language_entries(client, "ms", "-2")
    assert (len(first), len(second)) == (3, 1)
    assert first | second == {loc: alt for loc, alt in expected_entries(visible()).items() if "/ms/" in loc}
    # Nothing is built for a part that does not exist: two small reads, and the look-up
    # of a redirect that Wagtail's middleware makes for every 404.
    with django_assert_max_num_queries(4):
        assert client.get("/sitemap-ms-3.xml").status_code == 404
    for missing in ("/sitemap-xx.xml", "/sitemap-ms-1.xml", "/sitemap-ms-0.xml", "/sitemap-MS.xml", "/sitemap-.xml"):
        assert client.get(missing).status_code == 404, missing


def test_a_crawler_revalidates_with_the_etag_and_the_requests_host_is_not_used(seeded, client):
    sitemaps.refresh_sitemaps()
    response = client.get("/sitemap-en.xml")
    assert client.get("/sitemap-en.xml", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    for path in ("/sitemap-en.xml", "/sitemap.xml"):
        assert "testserver" not in client.get(path).content.decode()
    assert response["X-Robots-Tag"] == "noindex, noodp, noarchive"
    assert "public" in response["Cache-Control"]
    assert client.post("/sitemap-en.xml").status_code == 405


def test_pages_the_stored_rows_do_not_cover_are_listed_from_routing(seeded, client, settings):
    StoredSitemap.objects.all().delete()
    before = entries(client)
    index = ArticleIndexPage.objects.get()
    # No rows at all (published before renditions, or its task has not run yet), one
    # language missing, and rows made on another base URL: all as Wagtail routes them.
    ChannelRendition.objects.filter(page=seeded).delete()
    ChannelRendition.objects.filter(page=index, channel="web", language="ms").delete()
    home = index.get_parent()
    configured = settings.WAGTAILADMIN_BASE_URL
    settings.WAGTAILADMIN_BASE_URL = "https://old.example.org"
    refresh_page(home.pk)
    settings.WAGTAILADMIN_BASE_URL = configured
    moved = ChannelRendition.objects.get(page=home, channel="web", language="en")
    assert moved.summary["meta"]["html_url"] == "https://old.example.org/en/"
    StoredSitemap.objects.all().delete()
    assert entries(client) == before
    sitemaps.refresh_sitemaps()
    assert entries(client) == before


def test_a_new_base_url_makes_the_stored_sitemaps_stale(seeded, client, settings):
    sitemaps.refresh_sitemaps()
    settings.WAGTAILADMIN_BASE_URL = "https://health.example.org"
    assert sitemaps.refresh_if_stale() is True
    assert "https://health.example.org/en/" in language_entries(client, "en")


def test_a_restricted_page_is_left_out_with_or_without_stored_rows(seeded, client, django_capture_on_commit_callbacks):
    private = build_article("members-only", 4, django_capture_on_commit_callbacks)
    without_rows = build_article("members-only-too", 4, django_capture_on_commit_callbacks)
    listed = entries(client)
    assert routed(private, "ms") in listed
    assert routed(without_rows, "ms") in listed
    with django_capture_on_commit_callbacks(execute=True):
        restrictions = [
            PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
            for page in (private, without_rows)
        ]
        ChannelRendition.objects.filter(page=without_rows).delete()
    assert entries(client) == expected_entries(visible())
    assert len(entries(client)) == 4 * 3
    with django_capture_on_commit_callbacks(execute=True):
        for restriction in restrictions:
            restriction.delete()
    assert len(entries(client)) == 6 * 3


def test_a_withdrawn_or_deleted_page_leaves_the_stored_sitemaps(seeded, client, django_capture_on_commit_callbacks):
    gone = build_article("soon-withdrawn", 4, django_capture_on_commit_callbacks)
    deleted = build_article("soon-deleted", 4, django_capture_on_commit_callbacks)
    assert {routed(gone, "ms"), routed(deleted, "ms")} <= set(language_entries(client, "ms"))
    url = routed(deleted, "ms")
    with django_capture_on_commit_callbacks(execute=True):
        gone.unpublish()
    with django_capture_on_commit_callbacks(execute=True):
        deleted.delete()
    assert sitemaps.refresh_if_stale() is False  # stored again at each commit
    listed = language_entries(client, "ms")
    assert not {routed(gone, "ms"), url} & set(listed)
    assert len(listed) == 4


def test_robots_txt_points_crawlers_at_the_configured_sitemap_and_away_from_the_admin(client, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://health.example.org"
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Sitemap: https://health.example.org/sitemap.xml" in lines
    assert {"Disallow: /admin/", "Disallow: /api/"} <= set(lines)
    assert "testserver" not in response.content.decode()  # the request's host is not used
    assert client.post("/robots.txt").status_code == 405


def test_every_address_is_a_uri_escaped_for_xml_and_parts_respect_both_limits(monkeypatch):
    from xml.etree import ElementTree

    from content_pages.reads.sitemap import SitemapPage
    from content_pages.rendering import sitemap_xml

    languages = ("en", "zh-hans", "ms")
    odd = {"en": "/en/a&b<c>\"'/", "zh-hans": "/zh-hans/免疫疗法/", "ms": ""}
    pages = [SitemapPage(1, None, odd), SitemapPage(2, None, {code: f"/{code}/two/" for code in languages})]
    parts = sitemap_xml.all_parts(pages, languages, default="en", base="https://h.example", max_urls=50_000)
    namespaces = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    english = ElementTree.fromstring(parts["en"][0].xml.encode())
    assert [loc.text for loc in english.findall("s:url/s:loc", namespaces)] == [
        "https://h.example/en/a&b%3Cc%3E%22'/",
        "https://h.example/en/two/",
    ]
    chinese = ElementTree.fromstring(parts["zh-hans"][0].xml.encode())
    first = chinese.find("s:url", namespaces)
    assert first.find("s:loc", namespaces).text == iri_to_uri("https://h.example/zh-hans/免疫疗法/")
    assert [link.get("hreflang") for link in first.findall("x:link", namespaces)] == ["en", "zh-hans", "x-default"]
    assert first.find("x:link", namespaces).get("href") == "https://h.example/en/a&b%3Cc%3E%22'/"
    # A page with no address in a language is not in that language's sitemap.
    assert parts["ms"][0].urls == 1
    # Past the URL limit, and past the byte limit, a new part starts.
    assert [
        part.urls for part in sitemap_xml.all_parts(pages * 3, languages, default="en", base="", max_urls=2)["ms"]
    ] == [2, 1]
    monkeypatch.setattr(sitemap_xml, "MAX_BYTES", 700)
    split = sitemap_xml.all_parts(pages * 2, languages, default="en", base="", max_urls=50_000)["ms"]
    assert [part.urls for part in split] == [1, 1]
    assert all(len(part.xml.encode()) <= 700 + 1024 for part in split)
