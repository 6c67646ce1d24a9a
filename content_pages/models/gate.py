"""The one door to patients: every Wagtail publish and unpublish of our models goes through it.

Wagtail publishes from many places (the edit view, workflow approval, bulk actions,
``publish_scheduled``, our PO import); all of them end in the model's ``publish()`` or
``unpublish()``. Overriding those two here routes every path into the publishing service,
which checks the publish rules, records the audit trail and does the after-publish work.
The service is installed at start-up (``apps.py``), so models do not import it: models
orchestrate nothing, they only hand over.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol


class PublishGate(Protocol):
    def publish(self, obj: Any, revision: Any, wagtail_publish: Callable[..., Any], **options: Any) -> Any: ...

    def unpublish(self, obj: Any, wagtail_unpublish: Callable[..., Any], **options: Any) -> Any: ...


class _Registry:
    gate: PublishGate | None = None


def install(gate: PublishGate) -> None:
    _Registry.gate = gate


def installed_gate() -> PublishGate:
    if _Registry.gate is None:
        raise RuntimeError("No publish gate is installed; content_pages.apps installs it at start-up.")
    return _Registry.gate


class GatedPublishMixin:
    """Put first in the bases of a page or snippet class whose content reaches patients."""

    def publish(self, revision: Any, **options: Any) -> Any:
        # The gate may publish another revision than the one asked for (the same, with a
        # language nobody approved set back), so Wagtail's publish takes the revision.
        wagtail_publish = super().publish  # type: ignore[misc]
        return installed_gate().publish(self, revision, wagtail_publish, **options)

    def unpublish(self, **options: Any) -> Any:
        wagtail_unpublish = super().unpublish  # type: ignore[misc]
        return installed_gate().unpublish(self, wagtail_unpublish, **options)
