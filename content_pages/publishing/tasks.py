"""Background tasks (django-tasks): rendering runs in a worker when one is configured."""

from __future__ import annotations

from django_tasks import task

from content_pages.publishing import renditions


@task()
def refresh_page_renditions(page_id: int) -> None:
    renditions.refresh_page(page_id)
