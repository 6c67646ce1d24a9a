"""CMS_MEDIA_STORAGE=s3's variables, read as the settings read them."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from site_cms.media import s3_media_settings


def test_an_s3_compatible_server_holds_the_bucket_in_the_path_and_is_where_images_come_from():
    media = s3_media_settings(
        {"CMS_S3_BUCKET": "cms-media", "CMS_S3_ENDPOINT_URL": "https://s3.example.net/"}, signed_url_seconds=60
    )
    assert media.options["endpoint_url"] == "https://s3.example.net"
    assert media.options["addressing_style"] == "path"
    assert media.options["querystring_expire"] == 60
    assert media.public_origin == "https://s3.example.net"


def test_aws_needs_no_endpoint_and_a_cdn_is_where_readers_fetch_images():
    media = s3_media_settings(
        {"CMS_S3_BUCKET": "cms-media", "CMS_S3_REGION": "eu-west-1", "CMS_S3_PUBLIC_URL": "https://media.example.org/"},
        signed_url_seconds=300,
    )
    assert media.options["endpoint_url"] is None
    assert media.options["region_name"] == "eu-west-1"
    assert media.options["public_url"] == "https://media.example.org"
    assert media.public_origin == "https://media.example.org"
    assert "https://cms-media.s3.eu-west-1.amazonaws.com" in media.bucket_origins


def test_a_missing_bucket_is_refused_at_start_up():
    with pytest.raises(ImproperlyConfigured, match="CMS_S3_BUCKET"):
        s3_media_settings({}, signed_url_seconds=300)


def test_a_public_url_that_is_not_http_is_refused():
    with pytest.raises(ImproperlyConfigured, match="CMS_S3_PUBLIC_URL"):
        s3_media_settings({"CMS_S3_BUCKET": "b-1", "CMS_S3_PUBLIC_URL": "media.example.org"}, signed_url_seconds=300)
