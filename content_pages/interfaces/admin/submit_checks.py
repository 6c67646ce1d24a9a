"""Tell an editor at "Submit to Medical review" what would stop the page going live.

The publish rules (a named medical reviewer, references, channel limits) are checked
when a reviewer approves; references still drafts (an imported document's new ones) do
not stop a publish, since readers are shown live references only, but the editor is
told which will be missing; an editor who submitted a page without them learnt it only
when the reviewer's approval was refused. The same rules are read at submission and
listed as a warning; nothing is refused, since a draft may go to review unfinished on
purpose, for comments.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext

from content_pages.publishing.gate import publish_problems
from content_pages.publishing.reference_rules import draft_references


def warn_about_publish_problems(request: HttpRequest, page: Any) -> None:
    """``after_create_page`` / ``after_edit_page``, on a submission for review only."""
    if request.method != "POST" or not request.POST.get("action-submit") or not request.accepts("text/html"):
        return
    draft = page.get_latest_revision_as_object()
    problems = publish_problems(draft)
    if problems:
        messages.warning(
            request,
            gettext("Submitted, but the review cannot publish “%(title)s” until this is fixed: %(problems)s")
            % {"title": draft.title, "problems": " ".join(problems)},
        )
    drafts = draft_references(draft)
    if drafts:
        messages.warning(
            request,
            gettext(
                "“%(title)s” cites references that are drafts, which readers are not shown until someone "
                "publishes them (Snippets → References): %(references)s"
            )
            % {"title": draft.title, "references": "; ".join(f"“{reference.title}”" for reference in drafts)},
        )
