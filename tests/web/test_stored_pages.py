"""Article pages are rendered at publish and served from the stored HTML to readers.

What a reader receives must be exactly what Wagtail would render for them, only cheaper;
anything stored that is not current, public and live must never be served.
"""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import F
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils.translation import override
from wagtail.models import PageViewRestriction

from content_pages.foundations.languages import content_languages
from content_pages.interfaces.web import editor_marker
from content_pages.models import ArticleIndexPage, ChannelRendition
from content_pages.publishing.worker import refresh_stale
from tests.api.test_query_budget import build_article, queries_for
from tests.reviewing import approved_translations

pytestmark = pytest.mark.django_db

LANGUAGES = content_languages()


@pytest.fixture(autouse=True)
def no_debounce():
    """A reader's refresh request is debounced per page in the cache; each test starts afresh."""
    cache.clear()


def url_in(page, language):
    with override(language):
        return page.get_url()


def with_session(client):
    """A session cookie that names no session, as anyone may send."""
    client.cookies[settings.SESSION_COOKIE_NAME] = "no-such-session"
    return client


def wagtail_rendering(settings):
    """A client that reaches Wagtail's ``serve`` as a reader: the store's middleware left out."""
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if not name.endswith("StoredPageMiddleware")]
    return Client()


@pytest.fixture
def editor_user(django_user_model):
    return django_user_model.objects.create_superuser("page-editor", "editor@example.org", "password")


def signed_in_editor(user):
    """An editor signed in through the admin's own login form, as a browser does."""
    editor = Client()
    response = editor.post("/admin/login/", {"username": user.username, "password": "password"})
    assert response.status_code == 302, response.content[:300]
    assert editor.cookies[editor_marker.COOKIE].value
    return editor


def stored_rows(page):
    return ChannelRendition.objects.filter(page=page, channel="html")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_stored_page_is_what_wagtail_renders_for_a_reader(seeded, client, settings, language):
    url = url_in(seeded, language)
    stored = client.get(url)
    rendered = wagtail_rendering(settings).get(url)
    assert stored.status_code == rendered.status_code == 200
    assert stored["Content-Type"] == rendered["Content-Type"] == "text/html; charset=utf-8"
    assert stored["Content-Language"] == rendered["Content-Language"] == language
    # The seed article embeds an enquiry form, with no per-visitor token: the same page.
    assert 'class="enquiry"' in stored.content.decode()
    assert stored.content == rendered.content
    assert "csrfmiddlewaretoken" not in stored.content.decode()


def test_a_reader_costs_one_query_however_big_the_article(seeded, client, django_capture_on_commit_callbacks):
    small = build_article("small", 5, django_capture_on_commit_callbacks)
    large = build_article("large", 200, django_capture_on_commit_callbacks)
    counts = {}
    for page in (small, large, seeded):
        for language in LANGUAGES:
            counts[page.pk, language], response = queries_for(client, url_in(page, language))
            assert "csrfmiddlewaretoken" not in response.content.decode()
    assert set(counts.values()) == {1}
    # The large one is all there: every CTA's button and every section.
    large_html = client.get(url_in(large, "en")).content.decode()
    assert large_html.count('class="cta') == 50
    assert "Section 196" in large_html


def test_the_stored_page_is_served_not_rendered(seeded, client, editor_user):
    """Proof that readers get the stored row: change it behind Wagtail's back."""
    stored_rows(seeded).filter(language="ms").update(body="<p>stored copy</p>")
    assert client.get(url_in(seeded, "ms")).content == b"<p>stored copy</p>"
    # A session cookie alone is a reader's; an editor signed in gets Wagtail's rendering.
    assert with_session(Client()).get(url_in(seeded, "ms")).content == b"<p>stored copy</p>"
    assert b"stored copy" not in signed_in_editor(editor_user).get(url_in(seeded, "ms")).content


@pytest.mark.parametrize(
    "marker",
    [None, "1", "1:forged:signature", "x" * 4000],
    ids=["session-cookie-alone", "unsigned-marker", "forged-signature", "huge-marker"],
)
def test_a_bogus_session_or_marker_costs_one_query_like_any_reader(seeded, client, django_assert_num_queries, marker):
    url = url_in(seeded, "en")
    with django_assert_num_queries(1):
        anonymous = client.get(url)
    visitor = with_session(Client())
    if marker is not None:
        visitor.cookies[editor_marker.COOKIE] = marker
    with django_assert_num_queries(1):
        bogus = visitor.get(url)
    assert bogus.status_code == anonymous.status_code == 200
    assert bogus.content == anonymous.content
    assert b"wagtail-userbar" not in bogus.content


def test_a_marker_signed_for_another_purpose_or_too_old_is_refused(settings):
    """Signed with the site's key but for another use, or older than a session lives: a reader."""
    from django.core import signing

    def request_with(marker):
        request = RequestFactory().get("/")
        request.COOKIES[editor_marker.COOKIE] = marker
        return request

    genuine = signing.get_cookie_signer(salt=editor_marker.COOKIE + "content_pages.editor-marker").sign("1")
    other_use = signing.get_cookie_signer(salt=editor_marker.COOKIE + "elsewhere").sign("1")
    assert editor_marker.is_editor(request_with(genuine))
    assert not editor_marker.is_editor(request_with(other_use))
    settings.SESSION_COOKIE_AGE = -1  # every marker is now older than a session may live
    assert not editor_marker.is_editor(request_with(genuine))


def test_a_stale_row_is_never_served_and_the_reader_writes_nothing(seeded, client):
    stored_rows(seeded).update(body="<p>old text</p>", generation=F("generation") + 1)
    response = client.get(url_in(seeded, "en"))
    assert response.status_code == 200
    assert b"old text" not in response.content
    assert "How Immunotherapy Targets Cancer Cells" in response.content.decode()
    # The reader's request stored nothing; the worker's sweep refreshes the row.
    assert stored_rows(seeded).filter(body="<p>old text</p>").exists()
    assert refresh_stale() == 1
    assert not stored_rows(seeded).filter(body="<p>old text</p>").exists()


def test_a_publish_replaces_the_stored_page(seeded, client):
    seeded.title_ms = "Tajuk baharu"
    with approved_translations():
        seeded.save_revision().publish()
    soup = BeautifulSoup(client.get(url_in(seeded, "ms")).content, "html.parser")
    assert soup.find("h1").get_text() == "Tajuk baharu"


def test_a_restricted_page_is_not_served_from_the_store(seeded, client):
    PageViewRestriction.objects.create(page=seeded, restriction_type=PageViewRestriction.PASSWORD, password="x")
    assert not stored_rows(seeded).filter(public=True).exists()
    response = client.get(url_in(seeded, "en"))
    assert b"How Immunotherapy Targets Cancer Cells</h1>" not in response.content
    assert b'name="password"' in response.content


def test_an_unpublished_page_is_gone(seeded, client):
    url = url_in(seeded, "en")
    seeded.unpublish()
    assert client.get(url).status_code == 404


def test_the_enquiry_form_posts_without_a_token_from_a_public_stored_page(seeded):
    """The page with the form is public and revalidated like any other; the form it carries
    is accepted from this site with Django's CSRF check enforced, and no cookie is set."""
    strict = Client(enforce_csrf_checks=True)
    url = url_in(seeded, "en")
    page = strict.get(url)
    assert page.cookies == {}
    assert "private" not in page.get("Cache-Control", "")
    assert page["ETag"]
    assert strict.get(url, HTTP_IF_NONE_MATCH=page["ETag"]).status_code == 304
    soup = BeautifulSoup(page.content, "html.parser")
    form = soup.find("form", class_="enquiry")
    fields = {field["name"]: field.get("value", "") for field in form.find_all("input") if field.get("name")}
    assert "csrfmiddlewaretoken" not in fields
    # Accepted: the form comes back with its own errors (nothing but hidden fields was sent).
    answered = strict.post(url, fields, HTTP_ORIGIN="http://testserver", HTTP_SEC_FETCH_SITE="same-origin")
    assert answered.status_code == 200
    assert b'class="errorlist' in answered.content
    assert answered.cookies == {}


def test_a_page_without_a_form_is_cached_and_revalidated(seeded, client, django_capture_on_commit_callbacks):
    page = build_article("plain", 8, django_capture_on_commit_callbacks)
    url = url_in(page, "en")
    first = client.get(url)
    assert "csrfmiddlewaretoken" not in first.content.decode()
    assert first["ETag"]
    assert first["Last-Modified"]
    assert "Cookie" in first["Vary"]
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    assert again.content == b""
    assert client.head(url).status_code == 200


def test_a_signed_in_editor_gets_wagtails_page_with_the_userbar(seeded, editor_user):
    editor = signed_in_editor(editor_user)
    response = editor.get(url_in(seeded, "en"))
    assert response.status_code == 200
    assert b"wagtail-userbar" in response.content
    # Logging out clears the marker: the same browser is a reader again.
    editor.post("/admin/logout/")
    assert not editor.cookies[editor_marker.COOKIE].value
    with CaptureQueriesContext(connection) as queries:
        response = editor.get(url_in(seeded, "en"))
    assert b"wagtail-userbar" not in response.content
    assert len(queries) == 1


def test_a_user_who_may_not_edit_gets_no_marker(seeded, django_user_model):
    django_user_model.objects.create_user("reader", password="password")
    visitor = Client()
    visitor.post("/admin/login/", {"username": "reader", "password": "password"})
    assert editor_marker.COOKIE not in visitor.cookies
    Client().get(url_in(seeded, "en"))  # the site's root paths cached, as for any reader after the first
    with CaptureQueriesContext(connection) as queries:
        response = visitor.get(url_in(seeded, "en"))
    assert b"wagtail-userbar" not in response.content
    assert len(queries) == 1


def test_renaming_the_index_stores_its_articles_again_at_their_new_address(
    seeded, client, django_capture_on_commit_callbacks
):
    old_url = url_in(seeded, "en")
    index = ArticleIndexPage.objects.get()
    index.slug_en = "library"
    with django_capture_on_commit_callbacks(execute=True):
        index.save_revision().publish()
    # The article's address changed with the index's: it has its own publish event, whose
    # rendering stores it at the new address.
    seeded.refresh_from_db()
    new_url = url_in(seeded, "en")
    assert new_url.startswith("/en/library/")
    assert all(row.rendered_generation == row.generation for row in stored_rows(seeded))
    assert stored_rows(seeded).get(language="en").path == new_url
    # The old address is not served from the store any more but redirects (Wagtail's
    # automatic redirect).
    assert client.get(old_url).headers["Location"] == new_url
    count, response = queries_for(client, new_url)
    assert count == 1
    assert b"How Immunotherapy Targets Cancer Cells" in response.content


def test_home_and_index_are_stored_and_list_what_is_published_now(seeded, client, django_capture_on_commit_callbacks):
    index = ArticleIndexPage.objects.get()
    home = index.get_parent()
    urls = [url_in(page, language) for page in (home, index) for language in LANGUAGES]
    for url in urls:
        count, _response = queries_for(client, url)
        assert count == 1, url
    new = build_article("newly-published", 4, django_capture_on_commit_callbacks)
    for url in urls:
        assert b"Article newly-published" in client.get(url).content, url
    with django_capture_on_commit_callbacks(execute=True):
        new.unpublish()
    for url in urls:
        assert b"Article newly-published" not in client.get(url).content, url
    # Readers' requests store nothing; the worker's sweep renders the stale rows.
    refresh_stale()
    assert not any(row.rendered_generation < row.generation for row in stored_rows(home))
    assert b"Article newly-published" not in stored_rows(home).get(language="en").body.encode()


def test_a_moved_article_leaves_its_old_listing_and_address(seeded, client, django_capture_on_commit_callbacks):
    index = ArticleIndexPage.objects.get()
    page = build_article("moving", 4, django_capture_on_commit_callbacks)
    other = index.get_parent().add_child(
        instance=ArticleIndexPage(title="Other", slug="other", title_en="Other", slug_en="other")
    )
    with django_capture_on_commit_callbacks(execute=True):
        other.save_revision().publish()
    old_url = url_in(page, "en")
    assert b"Article moving" in client.get(url_in(index, "en")).content
    with django_capture_on_commit_callbacks(execute=True):
        page.move(other, pos="last-child")
    page.refresh_from_db()
    assert b"Article moving" not in client.get(url_in(index, "en")).content
    assert b"Article moving" in client.get(url_in(other, "en")).content
    assert client.get(old_url).status_code in (301, 404)
    assert b"Article moving" in client.get(url_in(page, "en")).content


def test_a_readers_page_is_found_through_the_index_of_its_path_channel_and_site(db):
    """The plan, not a timing: with the Site's root matched through its own index instead,
    each request read every row of the Site (about a second at 10,000 articles)."""
    from django.db import connection

    from content_pages.reads import stored_pages
    from content_pages.reads.rendition_sql import _prepared

    sql, _converters = _prepared(stored_pages._by_site_and_path())
    host = "example.org"
    # As ``stored_page`` passes them: the row's, then the Site choice's (see its order).
    params = ["/ms/artikel/x/", "html", True, True, host, 80, True, host, host, host, 80, host, True, host]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
            assert "USING INDEX rendition_by_path (path=? AND channel=? AND site_root_id=?)" in plan, plan
        else:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = " ".join(row[0] for row in cursor.fetchall())
            assert "rendition_by_path" in plan, plan
