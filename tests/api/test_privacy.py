"""Privacy is stored on each rendition and kept current, so a delivery request is one
indexed lookup and a restricted page is never served."""

import pytest
from wagtail.models import Page, PageViewRestriction

from content_pages.models import ArticleIndexPage, ChannelRendition
from content_pages.publishing import renditions

pytestmark = pytest.mark.django_db

URLS = ("/api/v2/pages/{id}/?lang=ms", "/api/v2/pages/{id}/channels/whatsapp/?lang=en")


def statuses(client, page):
    return [client.get(url.format(id=page.pk)).status_code for url in URLS]


def test_a_restriction_on_an_ancestor_hides_the_page_until_it_is_lifted(seeded, client):
    index = ArticleIndexPage.objects.get()
    restriction = PageViewRestriction.objects.create(page=index, restriction_type=PageViewRestriction.LOGIN)
    assert statuses(client, seeded) == [404, 404]
    assert not ChannelRendition.objects.filter(page=seeded, public=True).exists()
    restriction.delete()
    assert statuses(client, seeded) == [200, 200]


def test_a_page_published_under_a_restriction_stays_hidden(
    seeded, admin_user, client, django_capture_on_commit_callbacks
):
    PageViewRestriction.objects.create(page=seeded, restriction_type=PageViewRestriction.PASSWORD, password="x")
    with django_capture_on_commit_callbacks(execute=True):
        seeded.get_latest_revision_as_object().save_revision(user=admin_user).publish(user=admin_user)
    assert statuses(client, seeded) == [404, 404]


def test_a_page_moved_under_a_restricted_page_is_hidden(seeded, client):
    home = seeded.get_parent().get_parent()
    private_section = home.add_child(instance=ArticleIndexPage(title_en="Members", slug_en="members"))
    PageViewRestriction.objects.create(page=private_section, restriction_type=PageViewRestriction.LOGIN)
    seeded.move(private_section, pos="last-child")
    assert statuses(client, seeded) == [404, 404]


def test_a_detail_is_one_query(seeded, client, django_assert_num_queries):
    client.get(f"/api/v2/pages/{seeded.pk}/?lang=en")
    with django_assert_num_queries(1):
        assert client.get(f"/api/v2/pages/{seeded.pk}/?lang=zh-hans").status_code == 200
    with django_assert_num_queries(1):
        assert client.get(f"/api/v2/pages/{seeded.pk}/channels/sms/?lang=ms&mode=full").status_code == 200


LIST = "/api/v2/pages/?type=content_pages.ArticlePage&lang=ms"


def listed(client, url=LIST):
    response = client.get(url)
    assert response.status_code == 200
    data = response.json()
    return [item["id"] for item in data["items"]], data["meta"]["total_count"]


def test_a_list_reads_privacy_from_the_stored_rows(seeded, client):
    index = ArticleIndexPage.objects.get()
    assert listed(client) == ([seeded.pk], 1)
    restriction = PageViewRestriction.objects.create(page=index, restriction_type=PageViewRestriction.LOGIN)
    assert listed(client) == ([], 0)
    # The index and its article are hidden; the home and form pages are not.
    everything = [page.pk for page in Page.objects.live().public().filter(depth__gt=1).order_by("path")]
    assert len(everything) == 2
    assert seeded.pk not in everything
    assert index.pk not in everything
    assert listed(client, "/api/v2/pages/") == (everything, 2)
    assert client.get(f"/api/v2/pages/?child_of={index.pk}").json()["code"] == "unknown_parent"
    restriction.delete()
    assert listed(client) == ([seeded.pk], 1)
    assert listed(client, f"/api/v2/pages/?child_of={index.pk}&type=content_pages.ArticlePage") == ([seeded.pk], 1)


def test_a_page_is_listed_once_its_rows_are_stored_and_a_list_writes_nothing(seeded, client):
    """Its task has not run yet (the worker is behind): not listed nor counted, and the
    list request stores nothing (a read never writes). Listed once the worker stored its
    rows; a restricted page's rows are stored private, so it is neither."""
    ChannelRendition.objects.filter(page=seeded).delete()
    assert listed(client) == ([], 0)
    assert not ChannelRendition.objects.filter(page=seeded).exists()
    renditions.refresh_page(seeded.pk)
    assert listed(client) == ([seeded.pk], 1)
    PageViewRestriction.objects.create(page=seeded, restriction_type=PageViewRestriction.LOGIN)
    ChannelRendition.objects.filter(page=seeded).delete()
    renditions.refresh_page(seeded.pk)
    assert listed(client) == ([], 0)
    assert ChannelRendition.objects.filter(page=seeded).exists()
    assert not ChannelRendition.objects.filter(page=seeded, public=True).exists()
