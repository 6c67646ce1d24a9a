"""The client's address, as far as this installation can trust it.

``REMOTE_ADDR`` unless ``CMS_TRUST_X_FORWARDED_FOR`` says a proxy in front sets
``X-Forwarded-For``; then its left-most entry. The enquiry rate limit and the login
lockout (django-axes, ``AXES_CLIENT_IP_CALLABLE``) both ask here.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    address = str(request.META.get("REMOTE_ADDR", ""))
    if settings.CMS_TRUST_X_FORWARDED_FOR:
        forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
        address = forwarded.split(",")[0].strip() or address
    return address
