"""Two Wagtail Sites on two hostnames, each with a live article at the same path: each
hostname gets its own page, served as stored in one query, and the stored page's Site is
chosen by Wagtail's own rules."""

import importlib

import pytest
from django.apps import apps
from django.utils.translation import override
from wagtail.models import Page, Site
from wagtail.models.sites import get_site_for_hostname

from content_pages.foundations.languages import content_languages
from content_pages.models import ArticleIndexPage, ChannelRendition, HomePage
from content_pages.publishing.worker import refresh_stale
from content_pages.reads.stored_pages import Host, stored_page
from tests.api.test_query_budget import build_article

pytestmark = pytest.mark.django_db

ONE, TWO = "one.example", "two.example"


def publish(page, callbacks):
    with callbacks(execute=True):
        page.save_revision().publish()
    return page


@pytest.fixture
def two_sites(seeded, settings, django_capture_on_commit_callbacks):
    """The seed's site on ``one.example``; a second home, index and article on
    ``two.example``, with the same slugs in every language, so the same paths."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, ONE, TWO]
    first = Site.objects.get(is_default_site=True)
    first.hostname, first.port = ONE, 80
    first.save()
    index_one = ArticleIndexPage.objects.get()
    article_one = build_article("shared", 2, django_capture_on_commit_callbacks, title="Article on site one")

    home_two = Page.get_first_root_node().add_child(instance=HomePage(title_en="Second home", slug_en="second-home"))
    Site.objects.create(hostname=TWO, port=80, root_page=home_two, site_name="Two")
    publish(home_two, django_capture_on_commit_callbacks)
    slugs = {
        f"slug_{language.replace('-', '_')}": getattr(index_one, f"slug_{language.replace('-', '_')}")
        for language in content_languages()
    }
    index_two = home_two.add_child(instance=ArticleIndexPage(title_en="Articles on two", **slugs))
    publish(index_two, django_capture_on_commit_callbacks)
    article_two = build_article(
        "shared", 2, django_capture_on_commit_callbacks, parent=index_two, title="Article on site two"
    )
    refresh_stale()  # the worker's sweep: the home and index pages that list the articles
    return first.root_page_id, home_two.pk, article_one, article_two


def path_of(page, language="en"):
    with override(language):
        return page.get_url_parts()[2]


def test_the_two_articles_share_a_path_and_are_stored_under_their_own_site(two_sites):
    root_one, root_two, article_one, article_two = two_sites
    assert path_of(article_one) == path_of(article_two)
    rows = ChannelRendition.objects.filter(channel="html", language="en", page__in=[article_one, article_two])
    assert {(row.page_id, row.path, row.site_root_id) for row in rows} == {
        (article_one.pk, path_of(article_one), root_one),
        (article_two.pk, path_of(article_two), root_two),
    }


@pytest.mark.parametrize("language", content_languages())
def test_each_hostname_gets_its_own_stored_page_in_one_query(two_sites, client, django_assert_num_queries, language):
    _root_one, _root_two, article_one, _article_two = two_sites
    path = path_of(article_one, language)
    for host, title, other in ((ONE, "Article on site one", "site two"), (TWO, "Article on site two", "site one")):
        with django_assert_num_queries(1):  # the stored page, found by host and path together
            response = client.get(path, HTTP_HOST=host)
        assert response.status_code == 200
        assert title in response.content.decode()
        assert other not in response.content.decode()


def test_each_home_page_is_its_own_too(two_sites, client, django_assert_num_queries):
    home = "/en/"
    with django_assert_num_queries(1):
        one = client.get(home, HTTP_HOST=ONE).content.decode()
    with django_assert_num_queries(1):
        two = client.get(home, HTTP_HOST=TWO).content.decode()
    assert "Articles on two" in two
    assert "Articles on two" not in one


def test_a_host_no_site_names_gets_the_default_sites_page(two_sites, client):
    _root_one, _root_two, article_one, _article_two = two_sites
    response = client.get(path_of(article_one), HTTP_HOST="localhost")
    assert "Article on site one" in response.content.decode()


def wagtails_root(hostname, port):
    try:
        return get_site_for_hostname(hostname, port).root_page_id
    except Site.DoesNotExist:
        return None


def test_the_stored_pages_site_is_the_one_wagtail_chooses(two_sites):
    """Every rule of Wagtail's choice: hostname and port, hostname of the default site, the
    only site of a hostname, several sites of a hostname, the default site, no site."""
    root_one, _root_two, article_one, _article_two = two_sites
    path = path_of(article_one)
    # A third Site on the second hostname, another port, over the first tree.
    Site.objects.create(hostname=TWO, port=8080, root_page_id=root_one, site_name="Two, other port")
    hosts = [(ONE, 80), (ONE, 8080), (TWO, 80), (TWO, 8080), (TWO, 9999), ("elsewhere.example", 80)]

    def choices():
        found = {}
        for hostname, port in hosts:
            row = stored_page(Host(hostname, port), path, "html")
            found[hostname, port] = None if row is None else ChannelRendition.objects.get(pk=row.id).site_root_id
        return found

    assert choices() == {host: wagtails_root(*host) for host in hosts}
    # Without a default site an unknown host, and a hostname with several sites but none on
    # its port, have no site at all.
    Site.objects.filter(is_default_site=True).update(is_default_site=False)
    Site.objects.filter(port=8080).update(port=8081)
    expected = {host: wagtails_root(*host) for host in hosts}
    assert expected["elsewhere.example", 80] is None
    assert expected[TWO, 9999] is None
    assert choices() == expected


def test_the_migration_gives_every_stored_row_its_sites_root(two_sites):
    root_one, root_two, article_one, article_two = two_sites
    ChannelRendition.objects.update(site_root=None)
    migration = importlib.import_module("content_pages.migrations.0026_rendition_site_root")
    migration.fill_site_roots(apps, None)
    assert set(ChannelRendition.objects.filter(page=article_one).values_list("site_root_id", flat=True)) == {root_one}
    assert set(ChannelRendition.objects.filter(page=article_two).values_list("site_root_id", flat=True)) == {root_two}
    assert not ChannelRendition.objects.filter(site_root=None).exclude(path="").exists()
