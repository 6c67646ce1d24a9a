"""The audit trail: Wagtail logs who published which revision; we add which languages.

The languages are written into the ``data`` of Wagtail's own log entry, so the admin's
history views, filters and reports keep working, and one entry says it all.
"""

from __future__ import annotations

from typing import Any

from wagtail.log_actions import log, registry

PUBLISH_ACTIONS = ("wagtail.publish", "wagtail.publish.scheduled", "wagtail.publish.schedule")
UNPUBLISH_ACTIONS = ("wagtail.unpublish", "wagtail.unpublish.scheduled")


def _annotate(obj: Any, actions: tuple[str, ...], data: dict[str, Any], revision: Any = None) -> None:
    model = registry.get_log_model_for_instance(obj)
    if model is None:
        return
    entries = model.objects.for_instance(obj).filter(action__in=actions)
    if revision is not None:
        entries = entries.filter(revision_id=revision.pk)
    entry = entries.order_by("-pk").first()
    if entry is not None:
        entry.data = {**(entry.data or {}), **data}
        entry.save(update_fields=["data"])


def record_publish(obj: Any, revision: Any, data: dict[str, Any]) -> None:
    _annotate(obj, PUBLISH_ACTIONS, data, revision)


def record_unpublish(obj: Any, data: dict[str, Any]) -> None:
    _annotate(obj, UNPUBLISH_ACTIONS, data)


REFUSED = "content_pages.publish_refused"


def record_refusal(obj: Any, revision: Any, problems: list[str]) -> None:
    """A publish nobody watched (scheduled) was refused: the history says which rules."""
    log(instance=obj, action=REFUSED, revision=revision, data={"problems": problems}, content_changed=False)
