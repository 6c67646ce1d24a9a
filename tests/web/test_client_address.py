"""The client address behind N trusted proxies: the N-th X-Forwarded-For entry from the right."""

import pytest
from django.test import RequestFactory

from content_pages.foundations.clients import client_address


def address(settings, count, forwarded=None, legacy=False):
    settings.CMS_TRUSTED_PROXY_COUNT = count
    settings.CMS_TRUST_X_FORWARDED_FOR = legacy
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_address(RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", **extra))


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "203.0.113.7", "10.0.0.2"),  # no proxy trusted: the header is ignored
        (1, "198.51.100.1, 203.0.113.7", "203.0.113.7"),
        (2, "198.51.100.1, 203.0.113.7, 10.0.0.1", "203.0.113.7"),
        (2, "2001:db8::1, 10.0.0.1", "2001:db8::1"),
        (2, "10.0.0.1", "10.0.0.2"),  # fewer entries than proxies: the connecting address
        (1, "", "10.0.0.2"),
        (1, None, "10.0.0.2"),
        (1, "198.51.100.1, not-an-address", "10.0.0.2"),
    ],
)
def test_the_client_is_counted_from_the_right(settings, count, forwarded, expected):
    assert address(settings, count, forwarded) == expected


def test_the_deprecated_setting_is_one_proxy(settings):
    assert address(settings, 0, "198.51.100.1, 203.0.113.7", legacy=True) == "203.0.113.7"
