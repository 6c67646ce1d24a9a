import io
import json
import re

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from wagtail.models import Locale, Page

from content_pages.models import ArticlePage
from content_pages.publishing.translators import ensure_translator_groups, group_name
from content_pages.seed.loader import load_seed_content
from site_cms.startup import load_urlconf

from .processes import RedisServer


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the seed content once into the test database, the way `make run` loads it.

    Each test then runs inside a transaction that is rolled back, so it sees the seed
    exactly as loaded. Tests with a live server flush the database (pytest-django runs
    them last) and load the seed themselves through ``seeded``.
    """
    # Compile the UI catalogues before anything loads them: Django caches translations
    # per process, so a catalogue compiled later would not be seen.
    call_command("ui_catalogues", "compile", verbosity=0)
    load_urlconf()  # as the WSGI entry point does, before anything renders in another language
    with django_db_blocker.unblock():
        # As `make setup` does: the local admin first, who approves the seed's medical review.
        call_command("ensure_local_admin", verbosity=0, stdout=io.StringIO())
        load_seed_content()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache. The API's rate counters are keyed by API key id,
    and a rolled-back test gives its ids to the next test's keys: without this, a key would
    inherit another test's requests."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def redis_server():
    """A real redis-server on a free loopback port (``redis_server.url`` for
    ``CMS_CACHE_URL``), which the test may stop and start; gone, data and all, after it."""
    server = RedisServer()
    yield server
    server.stop()


def restore_tree_root() -> None:
    """What Wagtail's migrations create and the seed builds on: a locale and the tree's root.

    Tests that commit for real (live-server tests, the worker's own transactions) have the
    database flushed after each; the next one finds it empty.
    """
    if Page.objects.exists():
        return
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    Page.add_root(instance=Page(title="Root", slug="root", content_type=ContentType.objects.get_for_model(Page)))


@pytest.fixture
def seeded(db):
    if not ArticlePage.objects.exists():
        load_seed_content()
    return ArticlePage.objects.get(slug_en="how-immunotherapy-targets-cancer-cells")


@pytest.fixture
def article(seeded):
    return seeded


BLOCK_ELEMENTS = [
    "p",
    "div",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "section",
    "aside",
    "br",
    "label",
    "legend",
    "footer",
]


def page_text(html: str) -> str:
    """Visible text of a page with whitespace collapsed, as a reader sees it."""
    soup = BeautifulSoup(html, "html.parser")
    for element in soup(["script", "style", "head"]):
        element.decompose()
    for element in soup.find_all(BLOCK_ELEMENTS):
        element.insert_after("\n")
    return re.sub(r"\s+", " ", soup.get_text("")).strip()


@pytest.fixture
def text_of():
    return page_text


@pytest.fixture
def openapi(client):
    from openapi_core import OpenAPI

    response = client.get("/api/v2/openapi.json")
    assert response.status_code == 200
    return OpenAPI.from_dict(json.loads(response.content))


@pytest.fixture
def api(client, openapi):
    """GET an API URL and validate the response against the OpenAPI document."""
    from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse

    def get(url, status=200, **headers):
        response = client.get(url, **headers)
        assert response.status_code == status, response.content[:500]
        if status != 304:
            assert response["Content-Type"].startswith("application/json")
        openapi.validate_response(DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response))
        return response

    return get


@pytest.fixture
def translator(client):
    """Signs ``client`` in as a new translator of the language given, and returns them."""

    def make(language):
        ensure_translator_groups()
        user = User.objects.create_user(username=f"translator-{language}", password="pw")
        user.groups.add(Group.objects.get(name=group_name(language)))
        client.force_login(user)
        return user

    return make
