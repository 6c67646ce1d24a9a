"""django-axes with two limits: per username and client, and per client across usernames.

Axes compares one count against one limit. Counted per (username, client) alone, a
password spray (one guess at each of many usernames) never reaches the limit: each
username has 30 tries from every address. So this handler also sums a client's failures
over all usernames and, past ``CMS_LOGIN_CLIENT_FAILURE_LIMIT``, reports that client as
at the per-username limit, which locks it out whatever username it tries next, for the
same cool-off. The client is the address ``foundations/clients.py`` selects
(``CMS_TRUSTED_PROXY_COUNT``), as for every other limit, so a forged ``X-Forwarded-For``
entry does not start a fresh count.
"""

from __future__ import annotations

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


def client_failure_limit() -> int:
    return int(getattr(settings, "CMS_LOGIN_CLIENT_FAILURE_LIMIT", 0) or 0)


class ClientCapHandler(AxesDatabaseHandler):
    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        failures = int(super().get_failures(request, credentials))
        limit = client_failure_limit()
        if limit > 0 and client_failures(request) >= limit:
            return max(failures, int(get_failure_limit(request, credentials)))
        return failures


def client_failures(request: HttpRequest) -> int:
    """Failures from this client within the cool-off, whatever the username."""
    attempts = AccessAttempt.objects.filter(ip_address=getattr(request, "axes_ip_address", None))
    if settings.AXES_COOLOFF_TIME is not None:
        attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
    return int(attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0)
