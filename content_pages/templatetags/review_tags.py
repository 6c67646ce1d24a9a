"""What a reviewer of a language sees changed, word by word.

A translator's edit of one word in a 600-character paragraph must not hide among the
600 characters: Wagtail's own revision comparison finds the changed words, and the review
page marks them in the text to approve.
"""

from __future__ import annotations

from django import template
from wagtail.admin.compare import diff_text

register = template.Library()


@register.simple_tag
def word_changes(live: str, draft: str) -> list[tuple[str, str]]:
    """``draft`` against ``live`` as runs of ("equal" | "addition" | "deletion", text)."""
    return [(str(kind), str(text)) for kind, text in diff_text(live or "", draft or "").changes]
