"""Behind a proxy, every limit and lockout sees the reader, not the proxy
(``CMS_TRUSTED_PROXY_COUNT``): the API's read limit, the enquiry rate limit and the login
lockout. Two readers arriving through the same proxy address each have their own; with no
trusted proxy a forged ``X-Forwarded-For`` does not dodge a limit, and behind one a forged
left-most entry does not either."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils.translation import override

from content_pages.models import EnquiryFormPage, EnquirySubmission

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"
READER, OTHER_READER, FORGED = "203.0.113.7", "198.51.100.20", "192.0.2.99"
PASSWORD = "correct horse battery"


def via_proxy(*entries):
    """A request the proxy passed on: it connects from its own address and appends the
    address it saw to whatever X-Forwarded-For the client sent."""
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": ", ".join(entries)}


def direct(address, forged=None):
    return {"REMOTE_ADDR": address, **({"HTTP_X_FORWARDED_FOR": forged} if forged else {})}


class ApiReadLimit:
    def __init__(self, settings):
        settings.CMS_API_ANON_RATE_LIMIT = 3
        self.limit = 3

    def attempt(self, headers):
        status = Client().get("/api/v2/pages/?lang=en", **headers).status_code
        assert status in (200, 429)
        return status == 200


class EnquiryRateLimit:
    def __init__(self, settings):
        settings.CMS_ENQUIRY_RATE_LIMIT = 2
        self.limit = 2
        page = EnquiryFormPage.objects.get()
        with override("en"):
            self.url = page.get_url()

    def attempt(self, headers):
        data = {"name": "Aminah", "phone_or_email": "012-345 6789", "i_agree_to_be_contacted_about_my_enquiry": "on"}
        status = Client().post(self.url, data, HTTP_ORIGIN="http://testserver", **headers).status_code
        assert status in (303, 429)
        return status == 303


class LoginLockout:
    """Wrong passwords for one username lock it out from that client (django-axes); the
    attempt that tells is the right password."""

    def __init__(self, settings, django_user_model):
        settings.AXES_FAILURE_LIMIT = 3
        self.limit = 3
        django_user_model.objects.create_superuser("editor", "editor@example.org", PASSWORD)

    def fail(self, headers):
        Client().post("/admin/login/", {"username": "editor", "password": "wrong"}, **headers)

    def attempt(self, headers):
        response = Client().post("/admin/login/", {"username": "editor", "password": PASSWORD}, **headers)
        assert response.status_code in (302, 429), response.status_code
        return response.status_code == 302


@pytest.fixture(params=["api-read-limit", "enquiry-rate-limit", "login-lockout"])
def limit(request, seeded, settings, django_user_model):
    cache.clear()
    settings.CMS_TRUST_X_FORWARDED_FOR = False
    if request.param == "api-read-limit":
        yield ApiReadLimit(settings)
    elif request.param == "enquiry-rate-limit":
        yield EnquiryRateLimit(settings)
    else:
        yield LoginLockout(settings, django_user_model)
    cache.clear()


def use_up(limit, headers):
    """Everything the limit allows, from one client."""
    for _ in range(limit.limit):
        if isinstance(limit, LoginLockout):
            limit.fail(headers)
        else:
            assert limit.attempt(headers)


def test_behind_one_proxy_each_reader_has_their_own_limit(limit, settings):
    settings.CMS_TRUSTED_PROXY_COUNT = 1
    use_up(limit, via_proxy(READER))
    assert not limit.attempt(via_proxy(READER))
    # Another reader through the same proxy address is not affected.
    assert limit.attempt(via_proxy(OTHER_READER))
    # A forged entry to the left of what the proxy appended does not make a new client.
    assert not limit.attempt(via_proxy(FORGED, READER))
    assert not limit.attempt(via_proxy(OTHER_READER, READER))


def test_without_a_trusted_proxy_a_forged_header_is_ignored(limit, settings):
    settings.CMS_TRUSTED_PROXY_COUNT = 0
    use_up(limit, direct(READER))
    assert not limit.attempt(direct(READER, forged=OTHER_READER))
    assert not limit.attempt(direct(READER, forged=f"{FORGED}, {OTHER_READER}"))
    # Another address is another client.
    assert limit.attempt(direct(OTHER_READER))


def test_without_a_trusted_proxy_everyone_behind_one_shares_its_limit(limit, settings):
    """Why the setting matters: unset behind a proxy, one reader uses up everyone's limit."""
    settings.CMS_TRUSTED_PROXY_COUNT = 0
    use_up(limit, via_proxy(READER))
    assert not limit.attempt(via_proxy(OTHER_READER))


def test_the_enquiry_limit_refuses_before_anything_is_stored(seeded, settings):
    settings.CMS_TRUSTED_PROXY_COUNT = 1
    enquiry = EnquiryRateLimit(settings)
    use_up(enquiry, via_proxy(READER))
    assert not enquiry.attempt(via_proxy(FORGED, READER))
    assert EnquirySubmission.objects.count() == enquiry.limit
