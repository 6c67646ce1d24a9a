"""sitemap.xml: every live, public page in every language, its hreflang alternates and
x-default exactly as Wagtail's routing gives them, from one query over stored rows."""

import re

import pytest
from django.contrib.sitemaps import Sitemap
from django.contrib.sites.requests import RequestSite
from django.test import RequestFactory, override_settings
from django.utils.translation import override
from wagtail.models import Page, PageViewRestriction

from content_pages.foundations.languages import content_languages
from content_pages.interfaces.web.sitemaps import PageSitemap
from content_pages.models import ArticleIndexPage, ChannelRendition
from content_pages.publishing.renditions import refresh_page
from tests.api.test_query_budget import build_article

pytestmark = pytest.mark.django_db

BUDGET = 1
URL = re.compile(r"<url><loc>(.*?)</loc>(?:<lastmod>.*?</lastmod>)?(.*?)</url>")
ALTERNATE = re.compile(r'<xhtml:link rel="alternate" hreflang="(.*?)" href="(.*?)"/>')


def entries(client):
    """Each <url> of the sitemap: its location and its (hreflang, href) alternates."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    return {loc: ALTERNATE.findall(rest) for loc, rest in URL.findall(response.content.decode())}


def routed(page, language):
    """The page's URL as Wagtail's routing makes it, as the sitemap once did per page."""
    with override(language):
        return "http://testserver" + page.get_url_parts()[2]


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


def test_every_page_in_every_language_with_its_alternates_and_x_default(seeded, client):
    pages = visible()
    assert {type(page.specific).__name__ for page in pages} == {
        "HomePage",
        "ArticleIndexPage",
        "ArticlePage",
        "EnquiryFormPage",
    }
    listed = entries(client)
    assert listed == expected_entries(pages)
    article = listed["http://testserver/ms/artikel/bagaimana-imunoterapi-menyasarkan-sel-kanser/"]
    assert article[-1] == ("x-default", "http://testserver/articles/how-immunotherapy-targets-cancer-cells/")
    assert list(listed)[:3] == ["http://testserver/en/", "http://testserver/zh-hans/", "http://testserver/ms/"]


def test_one_query_for_4_pages_and_for_30(
    seeded, client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    with django_assert_num_queries(BUDGET):
        assert len(entries(client)) == 4 * 3
    for number in range(26):
        build_article(f"mapped-{number}", 4, django_capture_on_commit_callbacks)
    with django_assert_num_queries(BUDGET):
        listed = entries(client)
    assert len(listed) == 30 * 3
    assert listed == expected_entries(visible())


def test_the_same_urls_as_djangos_own_sitemap_builds(seeded):
    """``PageSitemap.get_urls`` skips switching languages per location; Django's own
    ``get_urls``, switching them and asking ``location``, must give the same list."""
    site = RequestSite(RequestFactory().get("/sitemap.xml"))
    ours, djangos = PageSitemap(), PageSitemap()
    urls = ours.get_urls(site=site, protocol="https")
    assert urls == Sitemap.get_urls(djangos, site=site, protocol="https")
    assert len(urls) == 12
    assert urls[0]["location"] == "https://testserver/en/"
    assert ours.latest_lastmod == djangos.latest_lastmod == max(page.last_published_at for page in visible())


def test_pages_the_stored_rows_do_not_cover_are_listed_from_routing(seeded, client):
    before = entries(client)
    index = ArticleIndexPage.objects.get()
    # No rows at all (published before renditions, or its task has not run yet), one
    # language missing, and rows made on another base URL: all as Wagtail routes them.
    ChannelRendition.objects.filter(page=seeded).delete()
    ChannelRendition.objects.filter(page=index, channel="web", language="ms").delete()
    home = index.get_parent()
    with override_settings(WAGTAILADMIN_BASE_URL="https://old.example.org"):
        refresh_page(home.pk)
    moved = ChannelRendition.objects.get(page=home, channel="web", language="en")
    assert moved.summary["meta"]["html_url"] == "https://old.example.org/en/"
    assert entries(client) == before


def test_a_restricted_page_is_left_out_with_or_without_stored_rows(seeded, client, django_capture_on_commit_callbacks):
    private = build_article("members-only", 4, django_capture_on_commit_callbacks)
    without_rows = build_article("members-only-too", 4, django_capture_on_commit_callbacks)
    listed = entries(client)
    assert routed(private, "ms") in listed
    assert routed(without_rows, "ms") in listed
    restrictions = [
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
        for page in (private, without_rows)
    ]
    ChannelRendition.objects.filter(page=without_rows).delete()
    assert entries(client) == expected_entries(visible())
    assert len(entries(client)) == 4 * 3
    for restriction in restrictions:
        restriction.delete()
    assert len(entries(client)) == 6 * 3


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
