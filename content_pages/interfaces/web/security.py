"""Response headers and login throttling glue.

- ``SiteCSPMiddleware``: django-csp's middleware with two policies. The public site gets
  ``CONTENT_SECURITY_POLICY`` (no inline scripts or styles); paths under
  ``CMS_ADMIN_CSP_PREFIX`` (Wagtail's admin, which relies on inline scripts and styles,
  and page previews rendered there) get ``CMS_ADMIN_CONTENT_SECURITY_POLICY``.
- ``PermissionsPolicyMiddleware``: ``Permissions-Policy`` from ``CMS_PERMISSIONS_POLICY``.
- ``axes_client_ip``: the address django-axes locks out, trusting ``X-Forwarded-For``
  exactly as far as the enquiry rate limit does.
"""

from __future__ import annotations

from collections.abc import Callable

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from content_pages.foundations.clients import client_address

PERMISSIONS_POLICY_HEADER = "Permissions-Policy"


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and request.path_info.startswith(settings.CMS_ADMIN_CSP_PREFIX):
            parts.config = default_config(settings.CMS_ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"])
        return parts


class PermissionsPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.value = ", ".join(
            f"{feature}=({' '.join(allow)})" for feature, allow in settings.CMS_PERMISSIONS_POLICY.items()
        )

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if self.value and PERMISSIONS_POLICY_HEADER not in response:
            response[PERMISSIONS_POLICY_HEADER] = self.value
        return response


def axes_client_ip(request: HttpRequest) -> str:
    return client_address(request)
