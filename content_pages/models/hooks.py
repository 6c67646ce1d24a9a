"""Where the layers above plug behaviour into the models.

Wagtail asks a model itself to clean, to build its template context, to preview and to
serve. What that takes (an article's structure rules and channel limits, the article
view, the channel previews, citation formatting, the enquiry rate limit) lives in higher
layers. A model only calls the hook by name; ``content_pages.apps`` installs every hook
at start-up, so imports still run downward, and a hook that was never installed fails
loudly instead of silently skipping a rule.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any


class Hook(StrEnum):
    # (article) -> {field: [errors]}: structure rules, then channel limits.
    ARTICLE_CLEAN = "article_clean"
    # (page, request, context) -> context, per page type: what a template shows.
    HOME_CONTEXT = "home_context"
    INDEX_CONTEXT = "index_context"
    ARTICLE_CONTEXT = "article_context"
    # (article, request, mode name) -> response: the messaging channel previews.
    ARTICLE_CHANNEL_PREVIEW = "article_channel_preview"
    # (snippet) -> context: the snippet preview in every language.
    SNIPPET_PREVIEW_CONTEXT = "snippet_preview_context"
    # (cta) -> {field: [errors]}
    CTA_CLEAN = "cta_clean"
    # (reference) -> {field: [errors]}: rules that need other rows (a DOI another reference has).
    REFERENCE_CLEAN = "reference_clean"
    # (reference) -> None: formats the citation into the row about to be saved.
    REFERENCE_BEFORE_SAVE = "reference_before_save"
    # (form page, bound form) -> submission
    ENQUIRY_RECORD = "enquiry_record"
    # (form page, request) -> a refusal response, or None to serve the form.
    ENQUIRY_REFUSE_POST = "enquiry_refuse_post"
    # (article, request) -> a response to a POST of the article's embedded enquiry form,
    # or None to render the article (with the bound form and its errors).
    ARTICLE_ENQUIRY_POST = "article_enquiry_post"
    # (form page, request, context) -> context: the form page's (the privacy notice).
    ENQUIRY_CONTEXT = "enquiry_context"
    # (form page, request, article or None) -> the redirect to the thank-you URL after a
    # stored enquiry (Post/Redirect/Get).
    ENQUIRY_REDIRECT = "enquiry_redirect"
    # (form page, request) -> the thank-you page.
    ENQUIRY_THANK_YOU = "enquiry_thank_you"


_installed: dict[Hook, Callable[..., Any]] = {}


def install(hook: Hook, function: Callable[..., Any]) -> None:
    _installed[hook] = function


def call(hook: Hook, *args: Any) -> Any:
    try:
        function = _installed[hook]
    except KeyError:
        raise RuntimeError(
            f"No {hook.value!r} hook is installed; content_pages.apps installs them at start-up."
        ) from None
    return function(*args)


def missing() -> list[Hook]:
    """Hooks nobody installed; the app's system check reports them."""
    return [hook for hook in Hook if hook not in _installed]
