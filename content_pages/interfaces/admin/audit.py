"""How publish and unpublish entries read in the admin's history and audit log."""

from __future__ import annotations

from typing import Any

from wagtail.log_actions import LogFormatter

from content_pages.foundations.languages import english_name

# Wagtail's own labels and messages for these actions, kept; the languages are appended.
LANGUAGE_AWARE_ACTIONS = (
    ("wagtail.publish", "Publish", "Published"),
    ("wagtail.publish.scheduled", "Publish scheduled draft", "Published scheduled draft"),
    ("wagtail.unpublish", "Unpublish", "Unpublished"),
    ("wagtail.unpublish.scheduled", "Unpublish scheduled draft", "Unpublished scheduled draft"),
)


def languages_phrase(data: dict[str, Any]) -> str:
    """ "English, Malay; shared fields": what a reader of the log needs to know."""
    names = [english_name(code) for code in data.get("languages") or []]
    parts = [", ".join(names)] if names else []
    if data.get("shared"):
        parts.append("fields shared by all languages")
    return "; ".join(parts)


def language_aware_formatter(label: str, message: str) -> type[LogFormatter]:
    class LanguageAwareFormatter(LogFormatter):
        def format_message(self, log_entry: Any) -> str:
            phrase = languages_phrase(log_entry.data or {})
            return f"{message} ({phrase})" if phrase else message

    LanguageAwareFormatter.label = label
    return LanguageAwareFormatter


class PublishRefusedFormatter(LogFormatter):
    label = "Publish refused"

    def format_message(self, log_entry: Any) -> str:
        problems = (log_entry.data or {}).get("problems") or []
        return "Publishing was refused: " + " ".join(problems) if problems else "Publishing was refused."


def translation_review_formatter(label: str, verb: str) -> type[LogFormatter]:
    """ "Approved the Malay translation (by aminah): comment" in the history: the entry's
    data names the language, its user is the reviewer (or the submitter)."""

    class TranslationReviewFormatter(LogFormatter):
        def format_message(self, log_entry: Any) -> str:
            data = log_entry.data or {}
            language = data.get("language_name") or english_name(data.get("language", ""))
            who = f" by {log_entry.user.get_username()}" if log_entry.user is not None else ""
            comment = f": {data['comment']}" if data.get("comment") else ""
            return f"{verb} the {language} translation{who}{comment}"

    TranslationReviewFormatter.label = label
    return TranslationReviewFormatter
