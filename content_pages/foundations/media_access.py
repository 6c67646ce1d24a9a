"""Whether the media files being written now may be fetched by anyone.

Nothing in a media storage is public by default: originals, documents and the
thumbnails the admin makes are private (served through Django's permission check, or by
short-lived signed URLs). Only the renditions the worker makes for an image of a public
collection (``rendering/images``) are written inside ``public_files()``; a storage that
can tell readers and editors apart (the S3 one, ``interfaces/media_storage``) reads this
flag when it names and stores a file.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

# Where public files live in the bucket: one prefix a CDN or a bucket policy can serve.
PUBLIC_PREFIX = "public/"

_public: ContextVar[bool] = ContextVar("public_media_files", default=False)


@contextmanager
def public_files() -> Iterator[None]:
    token = _public.set(True)
    try:
        yield
    finally:
        _public.reset(token)


def writing_public_files() -> bool:
    return _public.get()


def is_public_name(name: str) -> bool:
    return name.startswith(PUBLIC_PREFIX)
