"""URLs: health checks, the admin, the sitemaps, robots.txt, the negotiating root and each language's pages."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from content_pages.interfaces.api.api import api
from content_pages.interfaces.web import feedback as web_feedback
from content_pages.interfaces.web import sitemaps
from content_pages.interfaces.web.anonymous_forms import with_anonymous_forms
from content_pages.interfaces.web.health import healthz, healthz_worker
from content_pages.interfaces.web.reach import reach_beacon
from content_pages.interfaces.web.views import robots_txt, root_redirect, short_link_redirect

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("healthz/worker", healthz_worker, name="healthz_worker"),
    path("admin/", include(wagtailadmin_urls)),
    path("api/v2/", api.urls),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    # /sitemap-ms.xml, /sitemap-zh-hans.xml; parts past the protocol's limit /sitemap-ms-2.xml.
    re_path(
        r"^sitemap-(?P<language>[a-z]{2,3}(?:-[a-z]+)?)(?:-(?P<part>[2-9]|[1-9][0-9]{1,5}))?\.xml$",
        sitemaps.language_sitemap,
        name="language_sitemap",
    ),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("l/<str:code>", short_link_redirect, name="short_link"),
    # The website's pages count their reads with a beacon: shared caches answer the pages.
    path("reach/<int:page_id>/<str:language>/", reach_beacon, name="reach_beacon"),
    path("", root_redirect, name="root"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Pages post their anonymous forms (the enquiry form) to their own URL: no CSRF token, a
# same-origin check instead, so a page that shows a form may be kept by shared caches.
# The "Was this helpful?" form posts to views of its own (anonymous forms too), before
# Wagtail's catch-all, which would otherwise take ``feedback/…`` for a page path.
urlpatterns += i18n_patterns(
    path("feedback/<int:page_id>/", web_feedback.answer, name=web_feedback.ANSWER_URL),
    path("feedback/thanks/<str:token>/", web_feedback.thanks, name=web_feedback.THANKS_URL),
    path("", include(with_anonymous_forms(wagtail_urls.urlpatterns))),
    prefix_default_language=True,
)
