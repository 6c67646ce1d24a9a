"""CMS_FRONTEND_CACHE and its companions, read from the environment."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from wagtail.contrib.frontend_cache.backends import CloudflareBackend
from wagtail.contrib.frontend_cache.utils import get_backends

from content_pages.publishing.frontend_cache.backends import VarnishBackend
from site_cms.frontend_cache import frontend_cache_settings


def test_unset_means_no_purging():
    assert frontend_cache_settings({}) == {}
    assert frontend_cache_settings({"CMS_FRONTEND_CACHE": ""}) == {}


def test_varnish_purges_over_http_at_the_configured_address():
    config = frontend_cache_settings(
        {"CMS_FRONTEND_CACHE": "varnish", "CMS_FRONTEND_CACHE_URL": "http://10.0.0.5:6081/"}
    )
    backend = get_backends(config)["varnish"]
    assert isinstance(backend, VarnishBackend)
    assert (backend.cache_scheme, backend.cache_netloc) == ("http", "10.0.0.5:6081")


def test_cloudflare_takes_its_token_and_zone_from_the_environment():
    config = frontend_cache_settings(
        {"CMS_FRONTEND_CACHE": "cloudflare", "CMS_CLOUDFLARE_API_TOKEN": "t0ken", "CMS_CLOUDFLARE_ZONE_ID": "z1"}
    )
    backend = get_backends(config)["cloudflare"]
    assert isinstance(backend, CloudflareBackend)
    assert (backend.cloudflare_token, backend.cloudflare_zoneid) == ("t0ken", "z1")


def test_cloudfront_names_its_distribution():
    config = frontend_cache_settings({"CMS_FRONTEND_CACHE": "cloudfront", "CMS_CLOUDFRONT_DISTRIBUTION_ID": "E123"})
    assert config["cloudfront"]["DISTRIBUTION_ID"] == "E123"
    assert config["cloudfront"]["BACKEND"].endswith("CloudfrontBackend")


@pytest.mark.parametrize(
    ("environ", "named"),
    [
        ({"CMS_FRONTEND_CACHE": "squid"}, "CMS_FRONTEND_CACHE"),
        ({"CMS_FRONTEND_CACHE": "varnish"}, "CMS_FRONTEND_CACHE_URL"),
        ({"CMS_FRONTEND_CACHE": "varnish", "CMS_FRONTEND_CACHE_URL": "10.0.0.5:6081"}, "CMS_FRONTEND_CACHE_URL"),
        ({"CMS_FRONTEND_CACHE": "cloudflare", "CMS_CLOUDFLARE_ZONE_ID": "z"}, "CMS_CLOUDFLARE_API_TOKEN"),
        ({"CMS_FRONTEND_CACHE": "cloudflare", "CMS_CLOUDFLARE_API_TOKEN": "t"}, "CMS_CLOUDFLARE_ZONE_ID"),
        ({"CMS_FRONTEND_CACHE": "cloudfront"}, "CMS_CLOUDFRONT_DISTRIBUTION_ID"),
    ],
)
def test_a_wrong_or_incomplete_setting_names_what_to_fix(environ, named):
    with pytest.raises(ImproperlyConfigured, match=named):
        frontend_cache_settings(environ)
