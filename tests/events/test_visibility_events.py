"""Every change of who may see a page sends events: a tombstone for each page that left
the public set, a publish for each that entered it or whose address changed, through the
outbox like every other event, to the change feed and to webhooks."""

import datetime
import json

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override
from standardwebhooks.webhooks import Webhook
from wagtail.models import Page, PageViewRestriction
from werkzeug import Response

from content_pages.models import ArticleIndexPage, ChannelRendition, OutboxEvent
from content_pages.publishing import visibility
from content_pages.publishing.webhooks.subscriptions import add_subscription

pytestmark = pytest.mark.django_db

PASSWORD, LOGIN, GROUPS = PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN, PageViewRestriction.GROUPS


@pytest.fixture
def changes(api):
    """The change feed's items, in feed order, that are new since the last call (or since
    the fixture was made)."""
    cursor = json.loads(api("/api/v2/changes/").content)["next"]

    def new_items():
        nonlocal cursor
        items = []
        while True:
            page = json.loads(api(f"/api/v2/changes/?since={cursor}&limit=100").content)
            items += page["items"]
            if page["next"] == cursor:
                return items
            cursor = page["next"]

    return new_items


def kinds(items):
    return sorted((item["type"], item["object"]["id"]) for item in items)


@pytest.fixture
def index(seeded):
    return ArticleIndexPage.objects.get()


@pytest.fixture
def receiver(httpserver):
    received = []

    def handler(request):
        received.append((request.get_data(as_text=True), dict(request.headers)))
        return Response("", status=204)

    httpserver.expect_request("/events", method="POST").respond_with_handler(handler)
    return httpserver.url_for("/events"), received


def restrict(page, kind, capture, **fields):
    with capture(execute=True):
        restriction = PageViewRestriction.objects.create(page=page, restriction_type=kind, **fields)
    return restriction


def lift(restriction, capture):
    with capture(execute=True):
        restriction.delete()


def api_status(client, page):
    return client.get(f"/api/v2/pages/{page.pk}/?lang=en").status_code


def web_path(page):
    page.refresh_from_db()
    with override("en"):
        return page.get_url()


def served_from_store(client, page):
    """Whether an anonymous reader gets the page's stored web row: the row's text is
    changed behind Wagtail's back, so only the store can answer with it."""
    marker = f"<p>stored copy of {page.pk}</p>"
    ChannelRendition.objects.filter(page=page, channel="html", language="en").update(body=marker)
    return client.get(web_path(page)).content == marker.encode()


def test_password_protecting_the_articles_parent_sends_tombstones_to_the_feed_and_a_webhook(
    seeded, index, client, changes, receiver, django_capture_on_commit_callbacks
):
    url, received = receiver
    _subscription, secret = add_subscription(url, ["page.unpublished", "page.published"])
    assert served_from_store(client, seeded)

    restriction = restrict(index, PASSWORD, django_capture_on_commit_callbacks, password="s3cret")

    assert kinds(changes()) == [("page.unpublished", index.pk), ("page.unpublished", seeded.pk)]
    delivered = [Webhook(secret).verify(body, headers) for body, headers in received]
    assert kinds(delivered) == [("page.unpublished", index.pk), ("page.unpublished", seeded.pk)]
    tombstone = next(event for event in delivered if event["object"]["id"] == seeded.pk)
    assert tombstone["renditions"] == []
    assert tombstone["revision"] is None
    assert tombstone["object"] == {"kind": "page", "id": seeded.pk}
    # Nothing stored is served to an anonymous reader any more: the API answers 404 and
    # the web page is Wagtail's password form, not the stored article.
    assert api_status(client, seeded) == 404
    assert not ChannelRendition.objects.filter(page=seeded, public=True).exists()
    assert not served_from_store(client, seeded)
    assert b"How Immunotherapy Targets Cancer Cells" not in client.get(web_path(seeded)).content

    received.clear()
    lift(restriction, django_capture_on_commit_callbacks)

    published = changes()
    assert kinds(published) == [("page.published", index.pk), ("page.published", seeded.pk)]
    article = next(item for item in published if item["object"]["id"] == seeded.pk)
    assert article["revision"] == seeded.live_revision_id
    listed = {(r["channel"], r["language"]): r["etag"] for r in article["renditions"]}
    assert ("web", "en") in listed
    assert ("whatsapp", "ms") in listed
    assert client.get(f"/api/v2/pages/{seeded.pk}/?lang=en")["ETag"] == listed[("web", "en")]
    delivered = [Webhook(secret).verify(body, headers) for body, headers in received]
    assert kinds(delivered) == [("page.published", index.pk), ("page.published", seeded.pk)]
    # Public again: served from its stored row.
    assert served_from_store(client, seeded)


def test_a_login_restriction_then_a_group_restriction_above_it_each_send_only_what_changed(
    seeded, index, client, changes, django_capture_on_commit_callbacks
):
    on_article = restrict(seeded, LOGIN, django_capture_on_commit_callbacks)
    assert kinds(changes()) == [("page.unpublished", seeded.pk)]
    assert api_status(client, seeded) == 404
    assert api_status(client, index) == 200

    with django_capture_on_commit_callbacks(execute=True):
        on_index = PageViewRestriction.objects.create(page=index, restriction_type=GROUPS)
        on_index.groups.set([Group.objects.create(name="Clinicians")])
    # The article was private already: only the index left the public set.
    assert kinds(changes()) == [("page.unpublished", index.pk)]

    # A new password or another kind of restriction keeps the pages private: no event.
    with django_capture_on_commit_callbacks(execute=True):
        on_index.restriction_type = LOGIN
        on_index.save()
    assert changes() == []

    lift(on_index, django_capture_on_commit_callbacks)
    assert kinds(changes()) == [("page.published", index.pk)]  # the article is still restricted
    assert api_status(client, seeded) == 404
    assert api_status(client, index) == 200
    lift(on_article, django_capture_on_commit_callbacks)
    assert kinds(changes()) == [("page.published", seeded.pk)]
    assert api_status(client, seeded) == 200


def test_publishing_or_unpublishing_a_private_page_tells_no_frontend(
    seeded, admin_user, client, changes, django_capture_on_commit_callbacks
):
    restrict(seeded, PASSWORD, django_capture_on_commit_callbacks, password="x")
    changes()
    draft = seeded.get_latest_revision_as_object()
    draft.standfirst_en = "A change behind a password."
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision(user=admin_user).publish(user=admin_user)
    assert changes() == []
    # Rendered all the same, ready for when the restriction is lifted, and not public.
    rows = ChannelRendition.objects.filter(page=seeded)
    assert rows.exists()
    assert not rows.filter(public=True).exists()
    seeded.refresh_from_db()
    assert all(row.revision_id == seeded.live_revision_id for row in rows)
    with django_capture_on_commit_callbacks(execute=True):
        seeded.unpublish(user=admin_user)
    assert changes() == []


def new_section(parent, slug, capture):
    with capture(execute=True):
        section = parent.add_child(instance=ArticleIndexPage(title_en=slug.title(), slug_en=slug))
        section.save_revision().publish()
    return section


def test_moving_an_article_into_a_restricted_section_and_back_out(
    seeded, index, client, changes, django_capture_on_commit_callbacks
):
    home = index.get_parent()
    members = new_section(home, "members", django_capture_on_commit_callbacks)
    restrict(members, LOGIN, django_capture_on_commit_callbacks)
    changes()

    with django_capture_on_commit_callbacks(execute=True):
        seeded.move(members, pos="last-child")
    assert kinds(changes()) == [("page.unpublished", seeded.pk)]
    assert api_status(client, seeded) == 404

    index.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=seeded.pk).move(index, pos="last-child")
    items = changes()
    assert kinds(items) == [("page.published", seeded.pk)]
    assert api_status(client, seeded) == 200
    assert served_from_store(client, seeded)


def test_moving_a_public_article_to_another_public_section_sends_its_new_address(
    seeded, index, client, changes, django_capture_on_commit_callbacks
):
    guides = new_section(index.get_parent(), "guides", django_capture_on_commit_callbacks)
    changes()
    with django_capture_on_commit_callbacks(execute=True):
        seeded.move(guides, pos="last-child")
    items = changes()
    assert kinds(items) == [("page.published", seeded.pk)]
    web_en = next(r for r in items[0]["renditions"] if (r["channel"], r["language"]) == ("web", "en"))
    payload = json.loads(client.get(web_en["url"]).content)
    assert "/guides/how-immunotherapy-targets-cancer-cells/" in payload["meta"]["html_url"]
    assert client.get(web_en["url"])["ETag"] == web_en["etag"]
    # Reordering within the same parent changes no address: no event.
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=seeded.pk).move(guides, pos="first-child")
    assert changes() == []


def test_renaming_the_parents_slug_publishes_its_descendants_with_their_new_addresses(
    seeded, index, admin_user, client, changes, django_capture_on_commit_callbacks
):
    draft = index.get_latest_revision_as_object()
    draft.slug_en = "library"
    draft.slug_ms = "perpustakaan"
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision(user=admin_user).publish(user=admin_user)
    items = changes()
    assert kinds(items) == [("page.published", index.pk), ("page.published", seeded.pk)]
    article = next(item for item in items if item["object"]["id"] == seeded.pk)
    urls = {(r["channel"], r["language"]): r["url"] for r in article["renditions"]}
    for language, slug in (("en", "library"), ("ms", "perpustakaan")):
        payload = json.loads(client.get(urls[("web", language)]).content)
        assert f"/{slug}/" in payload["meta"]["html_url"], payload["meta"]["html_url"]
    # Publishing the index again, with its address unchanged, sends nothing for the article.
    with django_capture_on_commit_callbacks(execute=True):
        index.get_latest_revision_as_object().save_revision(user=admin_user).publish(user=admin_user)
    assert kinds(changes()) == [("page.published", index.pk)]


def test_expiry_by_publish_scheduled_sends_a_tombstone(seeded, client, changes, django_capture_on_commit_callbacks):
    Page.objects.filter(pk=seeded.pk).update(expire_at=timezone.now() - datetime.timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled")
    seeded.refresh_from_db()
    assert not seeded.live
    assert seeded.expired
    items = changes()
    assert kinds(items) == [("page.unpublished", seeded.pk)]
    assert items[0]["renditions"] == []
    assert api_status(client, seeded) == 404


def test_deleting_a_never_published_copy_sends_no_page_deleted(
    seeded, index, changes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        copy = seeded.copy(
            to=index, update_attrs={"slug_en": "copy-of-the-article", "slug": "copy-of-the-article"}, keep_live=False
        )
    assert not copy.live
    changes()
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=copy.pk).delete()
    assert changes() == []
    assert not OutboxEvent.objects.filter(object_id=str(copy.pk)).exists()


def test_deleting_a_copy_that_carries_its_originals_first_publish_sends_nothing(
    seeded, index, changes, django_capture_on_commit_callbacks
):
    """The probe's case: a draft copy with ``first_published_at`` set (inherited), never live."""
    with django_capture_on_commit_callbacks(execute=True):
        copy = seeded.copy(to=index, update_attrs={"slug_en": "second-copy", "slug": "second-copy"}, keep_live=False)
    Page.objects.filter(pk=copy.pk).update(first_published_at=seeded.first_published_at)
    changes()
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=copy.pk).delete()
    assert changes() == []


def test_deleting_a_private_or_unpublished_page_sends_no_page_deleted(
    seeded, admin_user, changes, django_capture_on_commit_callbacks
):
    restrict(seeded, LOGIN, django_capture_on_commit_callbacks)
    assert kinds(changes()) == [("page.unpublished", seeded.pk)]
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=seeded.pk).delete()
    assert changes() == []


def test_deleting_a_section_sends_each_public_page_its_tombstone_and_deletion(
    seeded, index, changes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=index.pk).delete()
    assert kinds(changes()) == [
        ("page.deleted", index.pk),
        ("page.deleted", seeded.pk),
        ("page.unpublished", index.pk),
        ("page.unpublished", seeded.pk),
    ]


def build_section(parent, count):
    """A live, public section of ``count`` live pages (index pages: the cheapest to make)."""
    section = parent.add_child(instance=ArticleIndexPage(title_en="Many", slug_en="many", live=True))
    for number in range(count):
        section.add_child(instance=ArticleIndexPage(title_en=f"Page {number}", slug_en=f"page-{number}", live=True))
    return section


def test_a_restriction_over_many_pages_costs_a_fixed_number_of_queries_per_batch(
    seeded, index, monkeypatch, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    section = build_section(index.get_parent(), 300)
    monkeypatch.setattr(visibility, "BATCH", 100)
    batches = 4  # 301 pages
    # Writing the restriction, working out what it changed, and the listings: 9 queries
    # (with the walk's last, empty read); each batch: its pages, their privacy flags (two
    # at most) and their sitemap entries', staleness, its events (one insert; SQLite
    # splits it in two).
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with django_assert_max_num_queries(9 + 7 * batches):
            PageViewRestriction.objects.create(page=section, restriction_type=LOGIN)
    tombstones = OutboxEvent.objects.filter(type="page.unpublished", completed_at__isnull=True)
    assert tombstones.count() == 301
    assert set(tombstones.values_list("object_id", flat=True)) == {
        str(pk) for pk in Page.objects.filter(path__startswith=section.path).values_list("pk", flat=True)
    }
    assert len(callbacks) == batches  # one completion task per batch


def test_password_protecting_the_parent_in_the_admin_sends_its_tombstones(
    seeded, index, admin_client, changes, django_capture_on_commit_callbacks
):
    url = reverse("wagtailadmin_pages:set_privacy", args=[index.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {"restriction_type": PASSWORD, "password": "s3cret-word"})
    assert response.status_code == 200
    assert kinds(changes()) == [("page.unpublished", index.pk), ("page.unpublished", seeded.pk)]
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url, {"restriction_type": "none"})
    assert kinds(changes()) == [("page.published", index.pk), ("page.published", seeded.pk)]


def test_the_admins_privacy_change_and_its_events_commit_together(seeded, index, admin_client, monkeypatch):
    """Wagtail saves the restriction without a transaction of its own; the admin view runs
    in one, so a failure writing the events leaves the page public, not private unannounced."""

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(visibility, "record_page_events", fail)
    url = reverse("wagtailadmin_pages:set_privacy", args=[index.pk])
    with pytest.raises(RuntimeError):
        admin_client.post(url, {"restriction_type": PASSWORD, "password": "s3cret-word"})
    assert not PageViewRestriction.objects.filter(page=index).exists()


def test_a_move_in_the_admin_sends_the_moved_pages_events(
    seeded, index, admin_client, changes, django_capture_on_commit_callbacks
):
    members = new_section(index.get_parent(), "members", django_capture_on_commit_callbacks)
    restrict(members, LOGIN, django_capture_on_commit_callbacks)
    changes()
    url = reverse("wagtailadmin_pages:move_confirm", args=[seeded.pk, members.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url)
    assert response.status_code == 302
    assert Page.objects.get(pk=seeded.pk).get_parent().pk == members.pk
    assert kinds(changes()) == [("page.unpublished", seeded.pk)]


def test_a_copy_made_live_is_announced_and_a_draft_copy_is_not(
    seeded, index, client, changes, django_capture_on_commit_callbacks
):
    """Wagtail makes a copy live without a publish of a revision (it sends
    ``page_published`` only): readers can fetch it, so frontends hear of it."""
    slugs = {"slug": "live-copy", "slug_en": "live-copy", "slug_ms": "salinan-langsung", "slug_zh_hans": "live-copy-zh"}
    with django_capture_on_commit_callbacks(execute=True):
        copy = seeded.copy(to=index, update_attrs=slugs, keep_live=True)
    items = changes()
    assert kinds(items) == [("page.published", copy.pk)]
    assert items[0]["renditions"]
    assert api_status(client, copy) == 200
    draft_slugs = {key: value.replace("live", "draft") + "-2" for key, value in slugs.items()}
    with django_capture_on_commit_callbacks(execute=True):
        seeded.copy(to=index, update_attrs=draft_slugs, keep_live=False)
    assert changes() == []
