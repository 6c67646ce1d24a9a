"""What approving a review publishes (Wagtail's ``WAGTAIL_FINISH_WORKFLOW_ACTION``).

Wagtail imports this while it loads its models, so it imports nothing at module level;
the work is in ``publishing/gate/reviews.py``.
"""

from __future__ import annotations

from typing import Any


def finish_workflow(workflow_state: Any, user: Any = None) -> None:
    from content_pages.publishing.gate.reviews import publish_approved

    publish_approved(workflow_state, user)
