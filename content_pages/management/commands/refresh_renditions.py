"""``manage.py refresh_renditions``: make every public image's renditions, then re-render
every live page for every channel and language.

After a deployment the workers re-render what it changed by themselves, at
``CMS_RERENDER_PAGES_PER_MINUTE`` (``publishing.rerender``); this command is the forced
rebuild, all at once, and ``--status`` shows how far the background pass is. Saving an
image and publishing a page do it for that image or page.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from content_pages.publishing.media import make_every_image_renditions
from content_pages.publishing.renditions import refresh_all
from content_pages.publishing.rerender import progress


class Command(BaseCommand):
    help = "Make every public image's renditions and re-render the stored payloads of every live page."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--status",
            action="store_true",
            help="Render nothing: say how many pages the workers still have to re-render after a deployment.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["status"]:
            self._status()
            return
        images = make_every_image_renditions()
        count = refresh_all()
        self.stdout.write(self.style.SUCCESS(f"Made the renditions of {images} images. Rendered {count} pages."))

    def _status(self) -> None:
        state = progress()
        self.stdout.write(
            f"{state.outdated_pages} of {state.pages} stored pages were rendered by another deployment "
            f"and wait to be re-rendered ({state.other_base_url_pages} of them link to another base URL "
            f"and are rendered live meanwhile). This deployment's fingerprint: {state.fingerprint}"
        )
