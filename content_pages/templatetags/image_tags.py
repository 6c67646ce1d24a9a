"""The website's images: one ``<picture>`` with a WebP ``srcset`` and the original format's.

The files are the image's renditions (``rendering/images``), made by the worker when the
image is saved and when the page is published (the stored page is rendered there); a page
rendered for a request (an editor, a page whose stored copy is stale) only names
renditions that exist, and falls back to the original file when none does yet.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from wagtail.images.models import AbstractImage

from content_pages.foundations.urls import absolute_url
from content_pages.reads.media import is_public_image
from content_pages.rendering import images
from content_pages.rendering.contracts.common import ImageFile

register = template.Library()

# How wide an image is drawn: the page column (site.css ``.wrap``: at most 46rem, less
# 1.25rem of padding each side), or the viewport less that padding on a narrower screen.
# The browser picks the narrowest file at least this wide for the screen's density.
SIZES = "(min-width: 46rem) 43.5rem, calc(100vw - 2.5rem)"
# The width whose file is ``src``, for the few browsers that ignore ``srcset``.
FALLBACK_WIDTH = 640


def _fallback(files: list[ImageFile]) -> ImageFile:
    within = [item for item in files if item.width <= FALLBACK_WIDTH]
    return within[-1] if within else files[0]


@register.simple_tag
def responsive_image(image: AbstractImage | None, alt: str | None = None, *, eager: bool = False) -> SafeString:
    """``alt`` None: the image's own description (or title), as Wagtail's ``{% image %}``;
    ``eager`` for the image at the top of a page (the largest thing a reader first sees),
    which is fetched at once rather than lazily."""
    if image is None or not is_public_image(image):
        # A view-restricted collection's image is not shown on the public site, not even
        # through its original's address; the caption around it still is.
        return SafeString("")
    text = image.default_alt_text if alt is None else alt
    loading = "eager" if eager else "lazy"
    found = images.contract(images.renditions(image, *images.RESPONSIVE_SPECS))
    if not found.original:
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="{}" loading="{}" decoding="async">',
            absolute_url(image.file.url),
            image.width,
            image.height,
            text,
            loading,
        )
    src = _fallback(found.original)
    webp = (
        format_html('<source type="image/webp" srcset="{}" sizes="{}">', images.srcset(found.webp), SIZES)
        if found.webp
        else ""
    )
    return format_html(
        '<picture>{}<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" loading="{}" '
        'decoding="async"></picture>',
        webp,
        src.url,
        images.srcset(found.original),
        SIZES,
        src.width,
        src.height,
        text,
        loading,
    )


@register.simple_tag
def social_image_url(image: AbstractImage | None) -> str:
    """The 1200x630 crop social networks show, absolute; "" when not made yet."""
    if image is None:
        return ""
    rendition = images.renditions(image, images.SOCIAL_SPEC).get(images.SOCIAL_SPEC)
    return images.url(rendition) if rendition is not None else ""
