"""Wagtail's publish action, routed through the publish gate when called directly.

Most paths publish through the model's ``publish()``, which the gate overrides. Two do
not: the page edit view and the admin API's publish action execute
``PublishPageRevisionAction`` themselves. Wrapping the action's ``execute`` once at
start-up sends those through the model's ``publish()`` as well, so the rules run on every
path; inside the gate, the action runs as Wagtail wrote it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from wagtail.actions.publish_revision import PublishRevisionAction

from content_pages.models.gate import GatedPublishMixin

_inside_gate: ContextVar[bool] = ContextVar("inside_publish_gate", default=False)


@contextmanager
def inside_gate() -> Iterator[None]:
    token = _inside_gate.set(True)
    try:
        yield
    finally:
        _inside_gate.reset(token)


def in_gate() -> bool:
    """Inside the gate's publish, after its rules passed for the revision being published."""
    return _inside_gate.get()


def _guarded(execute: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(execute)
    def guarded(action: PublishRevisionAction, skip_permission_checks: bool = False) -> Any:
        obj = action.revision.content_object
        if _inside_gate.get() or not isinstance(obj, GatedPublishMixin):
            return execute(action, skip_permission_checks=skip_permission_checks)
        action.check(skip_permission_checks=skip_permission_checks)  # Wagtail's permission check first
        return obj.publish(
            action.revision,
            user=action.user,
            changed=action.changed,
            log_action=action.log_action,
            previous_revision=action.previous_revision,
            skip_permission_checks=True,
        )

    guarded.__dict__["_through_gate"] = True
    return guarded


def route_publish_actions_through_gate() -> None:
    if not getattr(PublishRevisionAction.execute, "_through_gate", False):
        PublishRevisionAction.execute = _guarded(PublishRevisionAction.execute)
