"""The S3 media storage's options, read from the environment (``CMS_MEDIA_STORAGE=s3``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class S3Media:
    options: dict[str, Any]
    # Where readers' browsers fetch public files from (the page's CSP allows it) ...
    public_origin: str
    # ... and where signed URLs of private files point (the admin's thumbnails).
    bucket_origins: tuple[str, ...]


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def s3_media_settings(environ: Mapping[str, str], *, signed_url_seconds: int) -> S3Media:
    bucket = environ.get("CMS_S3_BUCKET", "")
    if not bucket:
        raise ImproperlyConfigured("CMS_MEDIA_STORAGE=s3 needs CMS_S3_BUCKET, the bucket's name.")
    endpoint = environ.get("CMS_S3_ENDPOINT_URL", "").rstrip("/")
    region = environ.get("CMS_S3_REGION", "")
    public_url = environ.get("CMS_S3_PUBLIC_URL", "").rstrip("/")
    if public_url and urlsplit(public_url).scheme not in ("http", "https"):
        raise ImproperlyConfigured(f"CMS_S3_PUBLIC_URL must be an http(s) URL, not {public_url!r}.")
    if endpoint:
        # An S3-compatible server (MinIO, moto, a provider's own): the bucket in the path.
        bucket_origins: tuple[str, ...] = (_origin(endpoint),)
    else:
        # boto3 names the bucket on S3's global host or on its region's.
        regional = (f"https://{bucket}.s3.{region}.amazonaws.com",) if region else ()
        bucket_origins = (f"https://{bucket}.s3.amazonaws.com", *regional)
    options: dict[str, Any] = {
        "bucket_name": bucket,
        "endpoint_url": endpoint or None,
        "region_name": region or None,
        "addressing_style": "path" if endpoint else None,
        "public_url": public_url,
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": signed_url_seconds,
        "signature_version": "s3v4",
        "file_overwrite": False,
    }
    return S3Media(
        options=options,
        public_origin=_origin(public_url) if public_url else bucket_origins[0],
        bucket_origins=bucket_origins,
    )
