"""Media files in an S3 bucket (``CMS_MEDIA_STORAGE=s3``), private unless made public.

Every object is written with the ``private`` ACL and its URL is signed and short-lived
(``CMS_S3_SIGNED_URL_SECONDS``), except the renditions the worker makes for images of
public collections (``foundations/media_access.public_files``): those go under
``public/``, readable by anyone, at an unsigned address on the bucket or on
``CMS_S3_PUBLIC_URL`` (a CDN or custom domain), so stored payloads can name them for
good. An image of a view-restricted collection therefore never has a public file: its
original and any thumbnail stay private, and documents are served by Wagtail's view,
which checks the collection's restriction and then redirects to a signed URL.
"""

from __future__ import annotations

from typing import Any

from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage
from storages.utils import clean_name
from typing_extensions import override

from content_pages.foundations.media_access import PUBLIC_PREFIX, is_public_name, writing_public_files


class MediaStorage(S3Storage):
    # Read by the image API: an original here has no lasting public address.
    private_by_default = True

    def __init__(self, *, public_url: str = "", **settings: Any) -> None:
        super().__init__(**settings)
        self.public_url = public_url.rstrip("/")

    @override
    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        if writing_public_files() and not is_public_name(name):
            name = PUBLIC_PREFIX + name
        return str(super().get_available_name(name, max_length))

    @override
    def get_object_parameters(self, name: str) -> dict[str, Any]:
        parameters: dict[str, Any] = dict(super().get_object_parameters(name))
        parameters["ACL"] = "public-read" if is_public_name(name) else "private"
        return parameters

    @override
    def url(
        self,
        name: str,
        parameters: dict[str, Any] | None = None,
        expire: int | None = None,
        http_method: str | None = None,
    ) -> str:
        if not is_public_name(name):
            return str(super().url(name, parameters=parameters, expire=expire, http_method=http_method))
        key = self._normalize_name(clean_name(name))
        if self.public_url:
            return f"{self.public_url}/{filepath_to_uri(key)}"
        client = self.unsigned_connection.meta.client
        return str(client.generate_presigned_url("get_object", Params={"Bucket": self.bucket.name, "Key": key}))
