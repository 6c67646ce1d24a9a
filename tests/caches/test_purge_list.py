"""A publish tells the cache in front every URL it changed, in every language, and only those.

The cache is a recorder on loopback configured as Varnish (``CMS_FRONTEND_CACHE=varnish``);
tasks run in the request here, as with no worker, so the purges arrive before the
publish returns.
"""

import logging
from urllib.parse import quote

import pytest
from django.apps import apps
from wagtail.signals import page_published

from content_pages.foundations.languages import content_languages
from content_pages.foundations.urls import base_url
from content_pages.models import CallToAction, ChannelRendition
from content_pages.publishing.frontend_cache import purge
from content_pages.publishing.frontend_cache import urls as purge_list
from tests.reviewing import approved_translations

pytestmark = pytest.mark.django_db


def rows(page):
    return {(row.channel, row.language): (row.etag, row.path) for row in ChannelRendition.objects.filter(page=page)}


def publish(page, user, capture, **changes):
    draft = page.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(draft, name, value)
    with approved_translations(), capture(execute=True):
        draft.save_revision(user=user).publish(user=user)
    page.refresh_from_db()


def web_url(path):
    return base_url() + quote(path)


def api_url(page, query=""):
    return f"{base_url()}/api/v2/pages/{page.pk}/{query}"


def test_a_malay_correction_purges_the_malay_page_and_every_api_variant_of_it(
    seeded, admin_user, django_capture_on_commit_callbacks, purges
):
    before = rows(seeded)
    publish(seeded, admin_user, django_capture_on_commit_callbacks, standfirst_ms="Dos yang betul.")
    after = rows(seeded)
    changed = {key for key in after if before.get(key) != after[key]}
    assert ("html", "ms") in changed
    assert ("web", "ms") in changed
    purged = purges.purged()
    malay_path = after[("html", "ms")][1]
    assert malay_path.startswith("/ms/artikel/")  # the Malay slug, not Wagtail's page.url
    assert web_url(malay_path) in purged
    for query in ("?lang=ms", ""):  # ?lang= and the URL Accept-Language negotiates
        assert api_url(seeded, query) in purged
        assert api_url(seeded, f"channels/web/{query}") in purged
    assert f"{base_url()}/api/v2/pages/{seeded.pk}/channels/sms/?lang=ms&mode=full" in purged
    assert f"{base_url()}/api/v2/pages/{seeded.pk}/channels/whatsapp/conversation/?lang=ms" in purged
    for listing in ("/api/v2/pages/", "/sitemap.xml", "/ms/", "/en/"):
        assert base_url() + listing in purged
    # A language whose stored rows did not change stays cached.
    for language in content_languages():
        if ("html", language) not in changed:
            assert web_url(after[("html", language)][1]) not in purged
        if ("web", language) not in changed:
            assert api_url(seeded, f"?lang={language}") not in purged


def test_every_language_changed_is_purged_at_its_own_path(
    seeded, admin_user, django_capture_on_commit_callbacks, purges
):
    publish(seeded, admin_user, django_capture_on_commit_callbacks, title_en="A corrected title")
    purged = purges.purged()
    for language in content_languages():
        path = rows(seeded)[("html", language)][1]
        assert web_url(path) in purged, language
        assert api_url(seeded, f"?lang={language}") in purged


def test_a_path_in_chinese_characters_is_purged_percent_encoded_as_browsers_send_it():
    row = purge_list.Stored(page_id=3, channel="html", language="zh-hans", path="/zh-hans/文章/")
    assert purge_list.rendition_urls(row) == {f"{base_url()}/zh-hans/%E6%96%87%E7%AB%A0/"}


def test_a_new_slug_purges_the_old_path_and_the_new(seeded, admin_user, django_capture_on_commit_callbacks, purges):
    old_path = rows(seeded)[("html", "ms")][1]
    publish(seeded, admin_user, django_capture_on_commit_callbacks, slug_ms="artikel-baharu")
    new_path = rows(seeded)[("html", "ms")][1]
    assert new_path != old_path
    assert {web_url(old_path), web_url(new_path)} <= purges.purged()


def test_withdrawing_a_page_purges_every_url_it_had(seeded, admin_user, django_capture_on_commit_callbacks, purges):
    paths = {language: path for (channel, language), (_etag, path) in rows(seeded).items() if channel == "html"}
    with django_capture_on_commit_callbacks(execute=True):
        seeded.unpublish(user=admin_user)
    purged = purges.purged()
    assert {web_url(path) for path in paths.values()} <= purged
    for language in content_languages():
        assert api_url(seeded, f"?lang={language}") in purged
        assert f"{base_url()}/api/v2/pages/{seeded.pk}/channels/telegram/?lang={language}" in purged
    assert f"{base_url()}/sitemap.xml" in purged


def test_a_page_made_private_is_purged(seeded, django_capture_on_commit_callbacks, purges):
    from wagtail.models import PageViewRestriction

    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=seeded, restriction_type=PageViewRestriction.LOGIN)
    assert api_url(seeded, "?lang=zh-hans") in purges.purged()


def test_a_snippet_no_page_shows_purges_only_its_own_api_urls(
    seeded, admin_user, django_capture_on_commit_callbacks, purges
):
    cta = CallToAction.objects.create(name="Unused", kind="link", link_url="https://example.org/", button_label_en="Go")
    with django_capture_on_commit_callbacks(execute=True):
        cta.save_revision(user=admin_user).publish(user=admin_user)
    purged = purges.purged()
    assert f"{base_url()}/api/v2/snippets/ctas/{cta.pk}/?lang=ms" in purged
    assert f"{base_url()}/api/v2/snippets/ctas/" in purged
    assert not any("/api/v2/pages/" in url or "/en/" in url for url in purged)


def test_a_snippet_a_page_shows_purges_that_page(seeded, admin_user, django_capture_on_commit_callbacks, purges):
    cta = CallToAction.objects.get(pk=_cta_ids(seeded)[0])
    draft = cta.get_latest_revision_as_object()
    draft.heading_en = "A new heading for this call to action"
    with approved_translations(), django_capture_on_commit_callbacks(execute=True):
        draft.save_revision(user=admin_user).publish(user=admin_user)
    purged = purges.purged()
    assert f"{base_url()}/api/v2/snippets/ctas/{cta.pk}/" in purged
    assert api_url(seeded, "?lang=en") in purged
    assert web_url(rows(seeded)[("html", "en")][1]) in purged


def _cta_ids(page):
    from content_pages.models import RenditionDependency

    return [
        int(dep.object_id)
        for dep in RenditionDependency.objects.filter(page=page)
        if dep.content_type.model == "calltoaction"
    ]


def test_nothing_is_purged_without_a_cache(seeded, admin_user, django_capture_on_commit_callbacks, settings):
    settings.WAGTAILFRONTENDCACHE = {}
    assert not purge.enabled()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        purge.schedule(["http://127.0.0.1:8000/en/"])
    assert callbacks == []


def test_a_failed_purge_is_logged_without_losing_the_publish(
    seeded, admin_user, django_capture_on_commit_callbacks, purges, caplog
):
    purges.status = 503
    with caplog.at_level(logging.WARNING, logger="content_pages.publishing.frontend_cache.purge"):
        publish(seeded, admin_user, django_capture_on_commit_callbacks, standfirst_en="Still published.")
    assert seeded.live
    assert "Still published." in ChannelRendition.objects.get(page=seeded, channel="web", language="en").body
    assert any("failed: HTTP 503" in record.getMessage() for record in caplog.records)
    # Tasks run in the request here, which cannot wait to try again: said, not raised.
    assert any("not retried" in record.getMessage() for record in caplog.records)
    assert purge.purge(["http://127.0.0.1:8000/en/"]) == ["http://127.0.0.1:8000/en/"]
    purges.status = 200
    assert purge.purge(["http://127.0.0.1:8000/en/"]) == []


def test_wagtails_own_page_url_handlers_do_not_run():
    """The project's purge list replaces them: Wagtail's app is not installed, so its
    page.url-only handlers are never connected."""
    from wagtail.contrib.frontend_cache import signal_handlers

    from content_pages.models import ArticlePage

    assert not apps.is_installed("wagtail.contrib.frontend_cache")
    assert not page_published.disconnect(signal_handlers.page_published_signal_handler, sender=ArticlePage)
