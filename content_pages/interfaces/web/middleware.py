"""Django's LocaleMiddleware for the website only.

The API chooses its language per request from ``?lang=`` (see ``api.language``) and
must never be redirected to a language-prefixed URL the way a missing web page is.
Nor must anything else that lives outside the language prefixes: a missing admin
object, document or short link would otherwise be sent to ``/en/admin/…``, where the
website answers with its own "page not found" instead of the admin's.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.middleware.locale import LocaleMiddleware

API_PREFIX = "/api/"
# URL families outside i18n_patterns (site_cms/urls.py): a 404 there stays a 404.
UNPREFIXED = (API_PREFIX, "/admin/", "/documents/", "/l/")


class WebLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        if request.path.startswith(API_PREFIX):
            return
        super().process_request(request)

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if request.path.startswith(UNPREFIXED):
            return response
        return super().process_response(request, response)
