"""The client's address, as far as this installation can trust it.

Every proxy in front of the site appends the address that connected to it to
``X-Forwarded-For``; anything to the left of what our own proxies wrote came from the
client and may be forged. So with ``CMS_TRUSTED_PROXY_COUNT`` = N proxies, the client
is the N-th entry from the *right*; with N = 0 (the default) it is ``REMOTE_ADDR`` and
the header is ignored. When the header holds fewer than N entries, or that entry is
not an IP address, the proxies are not set up as configured and ``REMOTE_ADDR`` is used:
every client then shares the proxy's address (strict limits for all), which is safer
than trusting a value a client may have written.

``CMS_TRUST_X_FORWARDED_FOR=1`` is the deprecated spelling of one trusted proxy.
The enquiry rate limit, the API's read limits and the login lockout (django-axes,
``AXES_CLIENT_IP_CALLABLE``) all ask here.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def trusted_proxy_count() -> int:
    """``CMS_TRUSTED_PROXY_COUNT``, or 1 for the deprecated ``CMS_TRUST_X_FORWARDED_FOR``."""
    count = int(getattr(settings, "CMS_TRUSTED_PROXY_COUNT", 0) or 0)
    if count <= 0 and getattr(settings, "CMS_TRUST_X_FORWARDED_FOR", False):
        return 1
    return max(count, 0)


def client_address(request: HttpRequest) -> str:
    address = str(request.META.get("REMOTE_ADDR", ""))
    proxies = trusted_proxy_count()
    if proxies == 0:
        return address
    entries = [entry.strip() for entry in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")]
    entries = [entry for entry in entries if entry]
    if len(entries) < proxies:
        return address
    candidate = entries[-proxies]
    try:
        ipaddress.ip_address(candidate)
    except ValueError:
        return address
    return candidate
