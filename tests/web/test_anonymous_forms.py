"""Anonymous forms carry no CSRF token: the seed article, which embeds the enquiry form, is
one public page for every reader (ETag, 304s, no cookie), and a form sent from another
site's page is refused by its origin, with nothing stored. Forms of signed-in users keep
Django's CSRF check."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client, RequestFactory
from django.utils.translation import override

from content_pages.foundations.languages import content_languages
from content_pages.foundations.origins import CrossSite, cross_site
from content_pages.models import EnquiryFormPage, EnquirySubmission

pytestmark = pytest.mark.django_db

LANGUAGES = content_languages()
SITE = "http://testserver"
EVIL = "https://evil.example"


def url_in(page, language):
    with override(language):
        return page.get_url()


def wagtail_rendering(settings):
    """A client that reaches Wagtail's ``serve`` as a reader: the store's middleware left out."""
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if not name.endswith("StoredPageMiddleware")]
    return Client(enforce_csrf_checks=True)


def article_form(client, url):
    """The embedded enquiry form's fields as the page gives them, filled in validly."""
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    form = soup.find("form", class_="enquiry")
    fields = {field["name"]: field.get("value", "") for field in form.find_all("input", type="hidden")}
    assert set(fields) == {"enquiry_form_page"}  # and no csrfmiddlewaretoken
    return {
        **fields,
        "name": "Aminah",
        "phone_or_email": "012-345 6789",
        "i_agree_to_be_contacted_about_my_enquiry": "on",
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_seed_articles_stored_page_has_a_form_and_is_public(seeded, language):
    reader = Client(enforce_csrf_checks=True)
    url = url_in(seeded, language)
    page = reader.get(url)
    assert page.status_code == 200
    assert BeautifulSoup(page.content, "html.parser").find("form", class_="enquiry") is not None
    assert "csrfmiddlewaretoken" not in page.content.decode()
    assert "Set-Cookie" not in page.headers
    assert page.cookies == {}
    assert "private" not in page.get("Cache-Control", "")
    assert page["ETag"]
    assert page["Last-Modified"]
    again = reader.get(url, HTTP_IF_NONE_MATCH=page["ETag"])
    assert again.status_code == 304
    assert again.cookies == {}
    # Another reader gets the very same bytes.
    assert Client().get(url).content == page.content


def test_the_live_rendering_sets_no_cookie_either(seeded, settings):
    """A page rendered by Wagtail (not stored yet, stale, or a form page) carries no token."""
    reader = wagtail_rendering(settings)
    for url in (url_in(seeded, "ms"), url_in(EnquiryFormPage.objects.get(), "en")):
        page = reader.get(url)
        assert page.status_code == 200
        assert b'class="enquiry"' in page.content
        assert b"csrfmiddlewaretoken" not in page.content
        assert page.cookies == {}, url


REFUSED_HEADERS = [
    {"HTTP_ORIGIN": EVIL},
    {"HTTP_SEC_FETCH_SITE": "cross-site"},
    {"HTTP_ORIGIN": EVIL, "HTTP_SEC_FETCH_SITE": "cross-site"},
    {"HTTP_SEC_FETCH_SITE": "same-site"},
    {"HTTP_ORIGIN": "null"},
    {"HTTP_ORIGIN": "null", "HTTP_SEC_FETCH_SITE": "cross-site"},
    {"HTTP_REFERER": f"{EVIL}/page.html"},
    {"HTTP_ORIGIN": "https://testserver"},  # another scheme is another origin
]
REFUSED_IDS = [
    "evil-origin",
    "cross-site",
    "both",
    "sibling-subdomain",
    "opaque-origin",
    "opaque-and-cross-site",
    "old-browser-referer",
    "other-scheme",
]


@pytest.mark.parametrize("headers", REFUSED_HEADERS, ids=REFUSED_IDS)
def test_a_post_from_another_site_is_refused_and_nothing_is_stored(seeded, headers):
    reader = Client(enforce_csrf_checks=True)
    article_url = url_in(seeded, "en")
    data = article_form(reader, article_url)
    form_page = EnquiryFormPage.objects.get()
    for url, body in ((article_url, data), (url_in(form_page, "en"), data)):
        refused = reader.post(url, body, **headers)
        assert refused.status_code == 403, url
        assert "This form was sent from another website" in refused.content.decode()
        assert refused.cookies == {}
    assert EnquirySubmission.objects.count() == 0


def test_the_refusal_is_in_the_readers_language(seeded):
    reader = Client()
    url = url_in(seeded, "ms")
    refused = reader.post(url, article_form(reader, url), HTTP_ORIGIN=EVIL)
    assert refused.status_code == 403
    soup = BeautifulSoup(refused.content, "html.parser")
    assert soup.find("html")["lang"] == "ms"
    assert soup.find("h1").get_text() == "Borang ini dihantar dari laman web lain"
    assert EnquirySubmission.objects.count() == 0


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": SITE, "HTTP_SEC_FETCH_SITE": "same-origin"},
        {"HTTP_SEC_FETCH_SITE": "same-origin"},
        {"HTTP_ORIGIN": SITE},
        # Privacy settings that send "null" for the page's origin still send Sec-Fetch-Site.
        {"HTTP_ORIGIN": "null", "HTTP_SEC_FETCH_SITE": "same-origin"},
        {"HTTP_REFERER": f"{SITE}/en/articles/"},
        {},  # no browser header at all: a program, which could forge any of them
    ],
    ids=["browser", "fetch-metadata-only", "origin-only", "null-origin-same-origin", "referer-only", "none"],
)
def test_a_post_from_this_site_is_stored_without_a_token(seeded, headers):
    reader = Client(enforce_csrf_checks=True)
    url = url_in(seeded, "en")
    sent = reader.post(url, article_form(reader, url), **headers)
    assert sent.status_code == 303
    assert "/thank-you/" in sent["Location"]
    assert EnquirySubmission.objects.count() == 1


def test_the_configured_base_url_is_this_site_behind_a_proxy(seeded, settings):
    """Behind a TLS proxy the request arrives as http on an internal host; the browser says
    the public origin, which is the configured base URL."""
    settings.WAGTAILADMIN_BASE_URL = "https://cancer.example.org"
    settings.ALLOWED_HOSTS = ["*"]
    reader = Client(enforce_csrf_checks=True, HTTP_HOST="10.0.0.5:8000")
    url = url_in(seeded, "en")
    assert reader.post(url, article_form(reader, url), HTTP_ORIGIN="https://cancer.example.org").status_code == 303
    assert reader.post(url, article_form(reader, url), HTTP_ORIGIN="https://other.example.org").status_code == 403
    assert EnquirySubmission.objects.count() == 1


def test_the_rate_limit_still_applies_after_the_origin_check(seeded, settings):
    settings.CMS_ENQUIRY_RATE_LIMIT = 0
    reader = Client(enforce_csrf_checks=True)
    url = url_in(seeded, "en")
    assert reader.post(url, article_form(reader, url), HTTP_ORIGIN=SITE).status_code == 429
    assert EnquirySubmission.objects.count() == 0


def test_signed_in_forms_keep_djangos_csrf_check(seeded, django_user_model):
    django_user_model.objects.create_superuser("editor", "editor@example.org", "password")
    strict = Client(enforce_csrf_checks=True)
    credentials = {"username": "editor", "password": "password"}
    # Same-origin headers are not enough where a session is at stake: the token is required.
    for url in ("/admin/login/", "/en/_util/login/"):
        refused = strict.post(url, credentials, HTTP_ORIGIN=SITE, HTTP_SEC_FETCH_SITE="same-origin")
        assert refused.status_code == 403, url
        assert "_auth_user_id" not in strict.session


def test_the_api_shares_the_check_and_adds_its_cors_origins(settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.org"]
    post = RequestFactory().post
    allowed = settings.CORS_ALLOWED_ORIGINS
    spa = post("/", HTTP_ORIGIN="https://app.example.org", HTTP_SEC_FETCH_SITE="cross-site")
    assert cross_site(spa, also_allowed=allowed) is None
    # The website's forms do not take the API's allow-list.
    assert cross_site(spa) == CrossSite("Origin", "https://app.example.org")
    assert cross_site(post("/", HTTP_SEC_FETCH_SITE="cross-site"), also_allowed=allowed) == CrossSite(
        "Sec-Fetch-Site", "cross-site"
    )
    # What is logged of a Referer is its origin, never its path or query.
    referer = post("/", HTTP_REFERER="https://evil.example/search?q=my+diagnosis")
    assert cross_site(referer) == CrossSite("Referer", "https://evil.example")


def test_the_api_says_why_it_refuses(seeded, client, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.org"]
    url = f"/api/v2/forms/{EnquiryFormPage.objects.get().pk}/submissions/"
    body = '{"data": {"name": "Aminah"}}'
    for headers, said in (
        ({"HTTP_SEC_FETCH_SITE": "cross-site"}, "a cross-site page that sent no origin"),
        ({"HTTP_ORIGIN": EVIL}, f"a page on '{EVIL}'"),
    ):
        refused = client.post(url, body, content_type="application/json", **headers)
        assert refused.status_code == 403
        assert refused.json()["code"] == "origin_not_allowed"
        assert said in refused.json()["message"]
    assert EnquirySubmission.objects.count() == 0


def test_csrf_trusted_origins_count_as_this_site(settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://www.example.org", "https://*.cancer.example.org"]
    post = RequestFactory().post
    assert cross_site(post("/", HTTP_ORIGIN="https://www.example.org")) is None
    assert cross_site(post("/", HTTP_ORIGIN="https://ms.cancer.example.org")) is None
    assert cross_site(post("/", HTTP_ORIGIN="http://ms.cancer.example.org")) is not None
    assert cross_site(post("/", HTTP_ORIGIN="https://cancer.example.org.evil.example")) is not None
