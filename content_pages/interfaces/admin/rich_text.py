"""The admin's rich text editor, able to open rich text that did not come from it.

Wagtail's Draftail widget converts stored HTML with ``HtmlToContentStateHandler``, which
asserts that every end tag closes the innermost open element. HTML written by a
migration, an import or an API write can break that (``<p><b>x</p>``, ``<p>a<br>b</p>``,
``<b><p>x</b></p>``), and the assertion made the whole edit view a server error, so the
page could not even be opened to repair it. Loading the value through
``sanitising.editor_html`` first gives the converter balanced, Draftail-shaped HTML;
saving then stores what the editor shows.
"""

from __future__ import annotations

from typing import Any

from wagtail.admin.rich_text import DraftailRichTextArea

from content_pages.foundations.sanitising import editor_html


class WellFormedDraftailRichTextArea(DraftailRichTextArea):
    """Draftail, with stored HTML made well-formed before it is converted for the editor."""

    def format_value(self, value: Any) -> Any:
        source = getattr(value, "source", value)
        return super().format_value(editor_html(source) if isinstance(source, str) and source else value)
