"""A reference line as its parts, for the reference library.

Health writing cites in APA mostly, sometimes Vancouver; a line that fits neither still
gives its DOI or link, which is what identifies the work, so parsing returns whatever
it found and never raises: the structure stage reports what is missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

from django.core.exceptions import ValidationError

from content_pages.foundations.validators import normalize_doi
from content_pages.publishing.document_import.citation_parts import Parts, apa_parts, loose_parts, vancouver_parts


@dataclass(frozen=True)
class ParsedReference:
    authors: tuple[tuple[str, str], ...]  # (family, given); an organisation has no given name
    year: int | None
    title: str
    journal: str
    volume: str
    issue: str
    pages: str
    doi: str | None
    url: str
    text: str

    @property
    def complete(self) -> bool:
        """Enough to save as a library reference; the rest may be filled in by hand."""
        return bool(self.authors) and self.year is not None and bool(self.title)


# The longest link read as one (browsers and servers commonly stop at about 2,000
# characters): what follows is not part of it, and no link costs more than this to trim.
LINK_MAX = 2048
# A doi.org link, or a bare DOI (Crossref's pattern) not glued to a word or a number
# before it; "<" and ">" of old SICI DOIs are left out, as prose wraps links in them.
_DOI = re.compile(
    rf"(?:https?://)?(?:dx\.|www\.)?doi\.org/(?P<path>\S{{1,{LINK_MAX}}})"
    rf"|(?<![\w.])(?P<bare>10\.[0-9]{{4,9}}/[-._;()/:\[\]A-Za-z0-9]{{1,{LINK_MAX}}})",
    re.IGNORECASE,
)
_URL = re.compile(rf"https?://\S{{1,{LINK_MAX}}}", re.IGNORECASE)
_DOI_HOST = re.compile(r"https?://(?:dx\.|www\.)?doi\.org/", re.IGNORECASE)
# A link with the words that announce it, removed before the rest is read as text.
_LINK_WITH_LABEL = re.compile(
    r"(?:\b(?:doi|retrieved from|available (?:from|at))\s*:?\s*)?(?:" + _DOI.pattern + r"|" + _URL.pattern + r")",
    re.IGNORECASE,
)
# What may follow a link in prose without being part of it.
_TRAILING = ".,;:!?'\"”’»>"
_PAIRS = {")": "(", "]": "["}
_NUMBERING = re.compile(r"^\s*(?:\[[0-9]{1,3}\]|[0-9]{1,3}[.)])\s+")


def find_doi(text: str) -> str | None:
    """The first DOI in ``text`` (a doi.org link, ``doi:…`` or bare), normalised."""
    for match in _DOI.finditer(text):
        path = match.group("path")
        candidate = unquote(_trim(path)) if path is not None else _trim(match.group("bare"))
        doi = _valid_doi(candidate)
        if doi is not None:
            return doi
    return None


def all_dois(text: str) -> list[str]:
    """Every DOI in ``text``, normalised, in order, each once."""
    found: list[str] = []
    for match in _DOI.finditer(text):
        path = match.group("path")
        doi = _valid_doi(unquote(_trim(path)) if path is not None else _trim(match.group("bare")))
        if doi is not None and doi not in found:
            found.append(doi)
    return found


def find_url(text: str) -> str:
    """The first http(s) link that is not a DOI's; empty when there is none."""
    for match in _URL.finditer(text):
        url = _trim(match.group())
        if not _DOI_HOST.match(url) and len(url) > len("https://"):
            return url
    return ""


def looks_like_reference(text: str) -> bool:
    """A DOI or a web link, alone or with a citation around it: what a reference has
    and body text, in a health article, rarely does."""
    return find_doi(text) is not None or bool(find_url(text))


def parse_reference(text: str) -> ParsedReference:
    """APA first, then Vancouver, then whatever a loose reading finds."""
    rest = " ".join(_LINK_WITH_LABEL.sub(" ", _NUMBERING.sub("", text)).split())
    parts: Parts = apa_parts(rest) or vancouver_parts(rest) or loose_parts(rest)
    return ParsedReference(
        authors=parts.authors,
        year=parts.year,
        title=parts.title,
        journal=parts.journal,
        volume=parts.volume,
        issue=parts.issue,
        pages=parts.pages,
        doi=find_doi(text),
        url=find_url(text),
        text=text,
    )


def _trim(link: str) -> str:
    """``link`` without the punctuation that ends the sentence around it; a closing
    bracket stays when the link opened it (DOIs such as ``10.1016/S0140-6736(20)30183-5``).

    One pass from the end with running bracket counts: a link followed by a long run of
    closing brackets costs its length, not its length squared."""
    opened = {opening: link.count(opening) for opening in _PAIRS.values()}
    closed = {closing: link.count(closing) for closing in _PAIRS}
    end = len(link)
    while end:
        last = link[end - 1]
        opening = _PAIRS.get(last)
        if last in _TRAILING:
            end -= 1
        elif opening is not None and opened[opening] < closed[last]:
            closed[last] -= 1
            end -= 1
        else:
            break
    return link[:end]


def _valid_doi(candidate: str) -> str | None:
    try:
        return normalize_doi(candidate)
    except ValidationError:
        return None
