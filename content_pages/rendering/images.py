"""The files an image is offered as, and who may make them.

Every image has the same set of renditions (``foundations/limits``: each width in WebP and
in its own format). Making one reads the original and writes a file, which is work for
the task worker: when an image is saved (``publishing/tasks.make_image_renditions``) and
while a publish renders the pages that show it (``publishing/renditions.refresh_page``
runs its renderers inside ``making()``). Everywhere else (the API's image endpoint, a
reader who meets a stale rendition and has it rendered on the spot) only the renditions
that already exist are read: a size not made yet is left out, never made on request.
"""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from wagtail.images.models import AbstractImage, AbstractRendition, Filter

from content_pages.foundations.limits import (
    CHAT_IMAGE_MAX_BYTES,
    CHAT_IMAGE_MIME_TYPES,
    IMAGE_RENDITION_FORMATS,
    IMAGE_RENDITION_WIDTHS,
)
from content_pages.foundations.media_access import public_files
from content_pages.foundations.urls import absolute_url
from content_pages.reads.media import is_public_image
from content_pages.rendering.contracts.common import ImageFile, ImageRenditions

logger = logging.getLogger(__name__)

ORIGINAL = "original"
# The file an image block's ``url`` has named since before renditions were offered, and the
# crop social networks show for an article (``og:image``, the hero image's ``url``).
BLOCK_SPEC = "width-960"
SOCIAL_SPEC = "fill-1200x630"


def spec(width: int, file_format: str) -> str:
    """Wagtail's filter spec for one width in one format."""
    return f"width-{width}" if file_format == ORIGINAL else f"width-{width}|format-{file_format}"


RESPONSIVE_SPECS = tuple(spec(width, fmt) for fmt in IMAGE_RENDITION_FORMATS for width in IMAGE_RENDITION_WIDTHS)
ALL_SPECS = (*RESPONSIVE_SPECS, BLOCK_SPEC, SOCIAL_SPEC)

_making: ContextVar[bool] = ContextVar("making_image_renditions", default=False)

Renditions = dict[str, AbstractRendition]


@contextmanager
def making() -> Iterator[None]:
    """Within this block, a rendition that is missing is made (the worker's publish)."""
    token = _making.set(True)
    try:
        yield
    finally:
        _making.reset(token)


def renditions(image: AbstractImage, *specs: str) -> Renditions:
    """The image's renditions for ``specs`` (all of them by default), keyed by spec: made
    where missing inside ``making()``, else only those that exist."""
    wanted = specs or ALL_SPECS
    if not is_public_image(image):
        # A view-restricted collection's image has no public file to name: a public page
        # that shows it gets its caption, and no rendition is made for it.
        return {}
    if _making.get():
        with public_files():
            return dict(image.get_renditions(*wanted))
    return existing(image, *wanted)


def existing(image: AbstractImage, *specs: str) -> Renditions:
    """The renditions already made, for a caller that knows the image is public (the
    image endpoint lists public images only): from its prefetched renditions if any."""
    found = image.find_existing_renditions(*(Filter(spec=item) for item in specs or ALL_SPECS))
    return {item.spec: rendition for item, rendition in found.items()}


def make_all(image: AbstractImage) -> int:
    """Every rendition of the image (the worker, when the image is saved); none for an
    image of a view-restricted collection."""
    with making():
        return len(renditions(image))


def mime_type(rendition: AbstractRendition) -> str:
    guessed, _encoding = mimetypes.guess_type(rendition.file.name)
    return guessed or "application/octet-stream"


def url(rendition: AbstractRendition) -> str:
    """Absolute: on the site for files on its disk, the storage's own address otherwise."""
    return absolute_url(str(rendition.url))


def image_file(rendition: AbstractRendition) -> ImageFile:
    return ImageFile(url=url(rendition), width=rendition.width, height=rendition.height, mime_type=mime_type(rendition))


def _files(found: Renditions, file_format: str) -> list[ImageFile]:
    """One file per distinct width, narrowest first: an image narrower than a width gets
    its own width once, not the same file under two widths."""
    files: dict[int, ImageFile] = {}
    for width in IMAGE_RENDITION_WIDTHS:
        rendition = found.get(spec(width, file_format))
        if rendition is not None and rendition.width not in files:
            files[rendition.width] = image_file(rendition)
    return [files[width] for width in sorted(files)]


def contract(found: Renditions) -> ImageRenditions:
    return ImageRenditions(webp=_files(found, "webp"), original=_files(found, ORIGINAL))


def empty() -> ImageRenditions:
    return ImageRenditions(webp=[], original=[])


def srcset(files: list[ImageFile]) -> str:
    return ", ".join(f"{item.url} {item.width}w" for item in files)


def chat_rendition(found: Renditions) -> AbstractRendition | None:
    """The widest rendition a chat platform takes from a URL: JPEG or PNG, within
    ``CHAT_IMAGE_MAX_BYTES`` (a large PNG is sent narrower); None when none fits."""
    for width in sorted(IMAGE_RENDITION_WIDTHS, reverse=True):
        rendition = found.get(spec(width, ORIGINAL))
        if rendition is None or mime_type(rendition) not in CHAT_IMAGE_MIME_TYPES:
            continue
        if _size(rendition) <= CHAT_IMAGE_MAX_BYTES:
            return rendition
    return None


def _size(rendition: AbstractRendition) -> int:
    try:
        return int(rendition.file.size)
    except OSError:  # the file is gone from the storage: not something to send
        logger.warning("Rendition file %s is missing from the media storage", rendition.file.name)
        return CHAT_IMAGE_MAX_BYTES + 1
