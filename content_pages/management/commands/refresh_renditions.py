"""``manage.py refresh_renditions``: make every public image's renditions, then re-render
every live page for every channel and language.

Run after a deployment that changes how pages are rendered or which image sizes are
offered; saving an image and publishing a page do it for that image or page.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from content_pages.publishing.media import make_every_image_renditions
from content_pages.publishing.renditions import refresh_all


class Command(BaseCommand):
    help = "Make every public image's renditions and re-render the stored payloads of every live page."

    def handle(self, *args: Any, **options: Any) -> None:
        images = make_every_image_renditions()
        count = refresh_all()
        self.stdout.write(self.style.SUCCESS(f"Made the renditions of {images} images. Rendered {count} pages."))
