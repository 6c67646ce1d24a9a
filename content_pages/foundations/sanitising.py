"""What HTML each output may carry: one allowlist per destination, enforced with nh3.

Stored rich text usually comes from the Draftail editor, but it can also arrive by a
migration, an import or an API write that never went through the editor. So every output
is cleaned when its payload is built (at publish, not per request) and where the web
templates print rich text, and the rules live here, in one place, with no Django imports:
channel modules, blocks, services and template filters can all use it.

- web pages and the API's ``html``: what Draftail produces for the features used here
  (paragraphs, line breaks, bold, italic, links; lists in case a field ever enables
  them), links only to http, https, mailto and tel or relative URLs, with
  ``rel="noopener noreferrer"``;
- citations: what citeproc's HTML writes (italics, ``span``, ``sup``, ``sub``) and the
  DOI link, with the web link rules;
- Telegram: the tags its HTML parse mode accepts, anything else reduced to its text;
- WhatsApp and SMS: plain text only; they are built from runs (``channels.text``),
  whose HTML is first cleaned with the web rules, so a link with any other scheme
  becomes its text alone;
- the admin editor: Wagtail's own database format made well-formed, because the
  Draftail converter fails on unbalanced tags;
- a paragraph imported from a document (.docx, Markdown): the database format's inline
  tags only (bold, italic, links with the web schemes), because the importer wraps it
  in its own paragraph and the document's other markup means nothing to an article.
"""

from __future__ import annotations

import re

import nh3

LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
LINK_REL = "noopener noreferrer"

WEB_TAGS = frozenset({"p", "br", "b", "strong", "i", "em", "a", "ul", "ol", "li"})
WEB_ATTRIBUTES = {"a": {"href"}}

CITATION_TAGS = frozenset({"a", "i", "b", "span", "sup", "sub"})

# https://core.telegram.org/bots/api#html-style
TELEGRAM_TAGS = frozenset({"b", "strong", "i", "em", "u", "s", "a", "code", "pre", "blockquote", "tg-spoiler"})

# Wagtail's database format: internal links and embeds are identified by attributes
# that expand_db_html later turns into URLs and markup.
EDITOR_TAGS = WEB_TAGS | {"h2", "h3", "h4", "h5", "h6", "hr", "code", "sup", "sub", "s", "u", "blockquote", "embed"}
EDITOR_ATTRIBUTES = {"a": {"href", "linktype", "id"}, "embed": {"embedtype", "id", "format", "alt", "url"}}

IMPORTED_INLINE_TAGS = frozenset({"b", "i", "a"})

# Elements whose content a browser never shows as text: removed with what they hold
# (an unclosed <iframe> swallows the rest of the paragraph as raw text).
HIDDEN_CONTENT_TAGS = frozenset({"script", "style", "iframe", "noscript", "noembed", "noframes", "template"})

# nh3 writes void elements as ``<br>``; Draftail's converter only accepts ``<br/>``. nh3
# escapes ``<`` and ``>`` inside attribute values and text, so this cannot misfire.
_VOID = re.compile(r"<(br|hr|embed)(\s[^>]*)?>")


def _clean(html: str, tags: frozenset[str], attributes: dict[str, set[str]], link_rel: str | None = LINK_REL) -> str:
    return nh3.clean(
        html,
        tags=set(tags),
        clean_content_tags=set(HIDDEN_CONTENT_TAGS),
        attributes=attributes,
        url_schemes=set(LINK_SCHEMES),
        link_rel=link_rel,
    )


def web_html(html: str) -> str:
    """Rich text as the website and the API's ``html`` may show it."""
    return _clean(html, WEB_TAGS, WEB_ATTRIBUTES)


def citation_html(html: str) -> str:
    """A formatted reference (italic journal, DOI link) as the website and API show it."""
    return _clean(html, CITATION_TAGS, WEB_ATTRIBUTES)


def telegram_html(html: str) -> str:
    """A Telegram message in HTML parse mode.

    No ``rel`` is added (Telegram accepts ``href`` only), and ``&nbsp;`` goes back to the
    character: Telegram knows no named entity but ``&lt; &gt; &amp; &quot;``.
    """
    return _clean(html, TELEGRAM_TAGS, WEB_ATTRIBUTES, link_rel=None).replace("&nbsp;", "\u00a0")


def editor_html(html: str) -> str:
    """Stored rich text as the admin's Draftail converter can load it.

    nh3 parses like a browser, so misnested or unclosed tags come out balanced; the
    database format's own attributes (``linktype``, ``id``) are kept.
    """
    return _VOID.sub(r"<\1\2/>", _clean(html, EDITOR_TAGS, EDITOR_ATTRIBUTES, link_rel=None))


def imported_inline_html(html: str) -> str:
    """A paragraph's inline HTML from an imported document, as rich text may store it.

    No ``rel`` is added: the database format keeps ``href`` alone, and the web rules add
    ``rel`` when the page is rendered.
    """
    return _clean(html, IMPORTED_INLINE_TAGS, WEB_ATTRIBUTES, link_rel=None)


# Characters that make a spreadsheet application read a cell as a formula (or, for tab and
# carriage return, shift it into one); OWASP's CSV injection guidance.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: object) -> object:
    """A text exported to CSV or XLSX, prefixed with ``'`` if it could run as a formula.

    Anything that is not a string (numbers, dates) is returned as it is.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
