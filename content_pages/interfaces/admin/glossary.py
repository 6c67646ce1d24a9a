"""The glossary's place in the admin: a snippet of its own, under "Glossary"."""

from __future__ import annotations

from wagtail.snippets.views.snippets import SnippetViewSet

from content_pages.models import GlossaryTerm


class GlossaryViewSet(SnippetViewSet):
    model = GlossaryTerm
    menu_label = "Glossary"
    icon = "doc-full"
    add_to_admin_menu = False  # under Snippets, with the other reference data
    list_display = ["term", "keep_as_is", "note"]
    search_fields = ["term", "note"]
