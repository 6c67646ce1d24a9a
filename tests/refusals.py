"""What the admin answers a request it refuses, exactly, so that a test cannot mistake
a login redirect for a refusal or the other way round.

A signed-in user without the permission is sent to the dashboard with an error message
(Wagtail's ``permission_denied``); a visitor who is not signed in, or may not use the
admin at all, is sent to the login page, which returns them where they were going.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.messages import constants, get_messages
from django.http import HttpResponse
from django.urls import reverse


def assert_refused(response: HttpResponse) -> None:
    """Redirected to the dashboard, with an error message saying why."""
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    levels = [message.level for message in get_messages(response.wsgi_request)]
    assert constants.ERROR in levels


def assert_sent_to_login(response: HttpResponse, path: str) -> None:
    """Redirected to the admin's login page, which returns to ``path`` after signing in."""
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('wagtailadmin_login')}?{urlencode({'next': path}, safe='/')}"
