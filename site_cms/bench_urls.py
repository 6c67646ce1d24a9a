"""The benchmark's URLconf (`site_cms.settings.bench` only): the project's own URLs plus two
baselines, an empty Django view at /bench/empty/ and Wagtail's own API v2 pages endpoint at
/wagtail-api/v2/.

The project serves its content through its own API and declares no Wagtail `api_fields`,
so with none Wagtail's `fields=*` would return only the page's title and meta. For a fair
comparison the article's content fields are declared here, in the benchmark process only,
so that Wagtail serializes the same article (body, aside, references, …) itself.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from wagtail.api import APIField
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from content_pages.models import ArticlePage
from site_cms import urls as site_urls

WAGTAIL_API_ARTICLE_FIELDS = (
    "standfirst",
    "topics",
    "body",
    "references",
    "aside",
    "author",
    "medical_reviewer",
    "last_reviewed",
    "next_review_due",
)
if not getattr(ArticlePage, "api_fields", None):
    setattr(ArticlePage, "api_fields", [APIField(name) for name in WAGTAIL_API_ARTICLE_FIELDS])  # noqa: B010


def empty(_request: HttpRequest) -> HttpResponse:
    """The floor: Django's full middleware stack and a two-byte response."""
    return HttpResponse(b"ok", content_type="text/plain")


wagtail_api = WagtailAPIRouter("wagtailapi")
wagtail_api.register_endpoint("pages", PagesAPIViewSet)

urlpatterns = [
    path("bench/empty/", empty, name="bench_empty"),
    path("wagtail-api/v2/", include((wagtail_api.get_urlpatterns(), wagtail_api.url_namespace))),
    *site_urls.urlpatterns,
]
