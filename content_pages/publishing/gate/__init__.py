"""The publishing service: the one way anything reaches patients.

Every publish and unpublish of a page or snippet, whatever started it (the edit view,
a workflow approval, a bulk action, ``publish_scheduled``, a PO import), arrives here
through the models' publish gate (``models/gate.py``):

- ``rules``: what must hold before a revision may go live; a refusal names each rule.
- ``changes``: which languages a publish changes, compared with what was live.
- ``audit``: those languages written into Wagtail's own audit log entry.
- ``language_review``: each language goes live only as a reviewer of it approved it;
  otherwise as last approved, its new text kept in the draft and submitted for review.
- ``language_review``: each target language goes live only as a reviewer of it approved
  it (read as texts by ``reads/language_text``); otherwise it is held back and submitted.
- ``one_language``: publishing one language from the live version, leaving a pending
  draft of the source pending.
- ``after``: the after-publish work (renditions of the page and of the pages that show
  a snippet, translation records), run from Wagtail's ``published``/``unpublished``
  signals, so it sees exactly the object that went live.
"""

from content_pages.publishing.gate.errors import PublishRefused, ReviewNeeded
from content_pages.publishing.gate.language_review import publish_language
from content_pages.publishing.gate.rules import publish_problems
from content_pages.publishing.gate.service import PublishingService

__all__ = ["PublishRefused", "PublishingService", "ReviewNeeded", "publish_language", "publish_problems"]
